import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineCounter, isMap, isNode, isScalar, parseAllDocuments, type Document } from 'yaml';
import { describeThrown } from '../engine/guard.js';
import { SELECTOR_NAMES, vocabularySelector } from '../engine/select.js';
import { InputError, type GraphView, type Rule, type RuleMeta } from '../model/index.js';
import { declarativeRule, parseMatch } from './declarative.js';
import { META_KEYS, parseRuleMeta } from './meta.js';
import { RuleProblem, pathText, type Path } from './problem.js';

const YAML_EXTENSIONS = ['.yaml', '.yml'];
const MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs'];
const TS_EXTENSIONS = ['.ts', '.mts', '.cts'];
const RULE_KEYS = [...META_KEYS, 'match'];

/** `file:line: detail`, with the field the problem is in. */
function problemError(subject: string, problem: RuleProblem, prefix: Path = []): InputError {
  const where = pathText([...prefix, ...problem.path]);
  return new InputError(subject, where === '' ? problem.detail : `${where}: ${problem.detail}`);
}

/** The line of the value at `path`, or of the nearest enclosing value that exists; the key's line for a key. */
function lineOf(doc: Document, lines: LineCounter, path: Path): number {
  for (let n = path.length; n >= 0; n--) {
    const prefix = path.slice(0, n);
    const last = prefix[prefix.length - 1];
    if (typeof last === 'string') {
      const parent = prefix.length === 1 ? doc.contents : doc.getIn(prefix.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
        if (pair !== undefined && isNode(pair.key) && pair.key.range !== undefined && pair.key.range !== null)
          return lines.linePos(pair.key.range[0]).line;
      }
      continue;
    }
    const node = prefix.length === 0 ? doc.contents : doc.getIn(prefix, true);
    if (isNode(node) && node.range !== undefined && node.range !== null)
      return lines.linePos(node.range[0]).line;
  }
  return 1;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(file, `cannot be read (${code}); check the file`);
  }
}

/**
 * A declarative rule from YAML text: one mapping with the rule's metadata and a `match` section. Errors name the
 * file and the line: YAML syntax, unknown keys, wrong types, framework ids not in the catalog.
 */
export function parseYamlRule(file: string, source: string): Rule {
  const lines = new LineCounter();
  const docs = parseAllDocuments(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs))
    throw new InputError(file, 'is empty; write one rule as a YAML mapping (see the README)');
  const doc = docs[0];
  if (doc === undefined)
    throw new InputError(file, 'is empty; write one rule as a YAML mapping (see the README)');
  for (const d of docs) {
    const error = d.errors[0];
    if (error !== undefined) {
      const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      throw new InputError(
        `${file}:${String(lines.linePos(error.pos[0]).line)}`,
        `invalid YAML: ${message}; fix the syntax`,
      );
    }
  }
  const second = docs[1];
  if (second !== undefined)
    throw new InputError(
      `${file}:${String(lines.linePos(second.range[0]).line)}`,
      'holds more than one YAML document; put one rule per file',
    );
  if (doc.contents === null)
    throw new InputError(file, 'is empty; write one rule as a YAML mapping (see the README)');
  // Aliases are expanded at most 100 times: a small file cannot grow into a huge rule.
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputError(
      file,
      `invalid YAML: ${describeThrown(error).replace(/^\w*Error: /, '')}; fix the syntax`,
    );
  }
  try {
    const meta = parseRuleMeta(value, [], RULE_KEYS);
    const match = parseMatch((value as Record<string, unknown>)['match'], ['match']);
    return declarativeRule(meta, match, ['message']);
  } catch (error) {
    if (error instanceof RuleProblem)
      throw problemError(`${file}:${String(lineOf(doc, lines, error.at))}`, error);
    throw error;
  }
}

/** A rule a JavaScript module exports, checked like a YAML rule; its match is called with the module's object. */
function moduleRule(file: string, value: unknown, prefix: Path): Rule {
  let meta: RuleMeta;
  let match: unknown;
  try {
    meta = parseRuleMeta(value, [], RULE_KEYS);
    match = (value as Record<string, unknown>)['match'];
  } catch (error) {
    if (error instanceof RuleProblem) throw problemError(file, error, prefix);
    throw new InputError(
      file,
      `${pathText(prefix)} cannot be read: ${describeThrown(error)}; fix the module`,
    );
  }
  if (typeof match !== 'function')
    throw new InputError(
      file,
      `${pathText([...prefix, 'match'])}: is not a function; give the rule a match(view) that returns its findings`,
    );
  const fn = match as (this: unknown, view: GraphView) => ReturnType<Rule['match']>;
  return { ...meta, match: (view) => fn.call(value, view) };
}

/**
 * The rules of a JavaScript module: `export default` one rule or an array of rules, with the same API as the
 * built-in rules (RuleMeta plus `match(view)`). Importing runs the module's code: load only code you trust.
 */
export async function loadModuleRules(file: string): Promise<Rule[]> {
  let mod: { default?: unknown };
  try {
    mod = (await import(/* @vite-ignore */ pathToFileURL(resolve(file)).href)) as { default?: unknown };
  } catch (error) {
    throw new InputError(
      file,
      `cannot be loaded: ${describeThrown(error)}; fix the module (an ES module or CommonJS file Node can import)`,
    );
  }
  const exported = mod.default;
  if (exported === undefined)
    throw new InputError(
      file,
      'has no default export; write export default { id: ..., match(view) { ... } } or an array of such rules',
    );
  if (!Array.isArray(exported)) return [moduleRule(file, exported, ['default'])];
  if (exported.length === 0)
    throw new InputError(file, 'exports an empty list of rules; export a rule or an array of rules');
  return (exported as unknown[]).map((value, i) => moduleRule(file, value, ['default', i]));
}

/** Rule files of a directory and its subdirectories (not hidden ones, not node_modules), in path order. */
function ruleFiles(dir: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new InputError(dir, 'cannot be read (no such directory); check the --rules-dir path');
  }
  if (!isDir)
    throw new InputError(
      dir,
      'is not a directory; --rules-dir takes a directory of .yaml, .yml, .js, .mjs or .cjs rule files',
    );
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (at: string): void => {
    const real = realpathSync(at);
    if (seen.has(real)) return;
    seen.add(real);
    const entries = readdirSync(at).sort();
    for (const name of entries) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const path = join(at, name);
      let stats;
      try {
        stats = statSync(path);
      } catch {
        continue;
      }
      if (stats.isDirectory()) {
        walk(path);
        continue;
      }
      const ext = extname(name);
      if (YAML_EXTENSIONS.includes(ext) || MODULE_EXTENSIONS.includes(ext)) {
        out.push(path);
      } else if (TS_EXTENSIONS.includes(ext) && !/\.d\.[mc]?ts$/.test(name)) {
        const stem = basename(name, ext);
        const compiled = MODULE_EXTENSIONS.some((e) => entries.includes(`${stem}${e}`));
        if (!compiled)
          throw new InputError(
            path,
            'is TypeScript, which threatgraph does not compile; compile it to JavaScript (e.g. with tsc) and keep the .js next to it or point --rules-dir at the output',
          );
      }
    }
  };
  walk(dir);
  if (out.length === 0)
    throw new InputError(
      dir,
      'holds no rule files (.yaml, .yml, .js, .mjs, .cjs); check the --rules-dir path',
    );
  return out;
}

/**
 * Loads the custom rules of `--rules-dir` directories. Each rule is checked like a built-in rule's metadata; an
 * id may not repeat a built-in or another custom rule, nor read as another kind of `--rules` selector.
 */
export async function loadRulesDirs(dirs: readonly string[], builtins: readonly RuleMeta[]): Promise<Rule[]> {
  const owners = new Map<string, string>();
  for (const r of builtins) owners.set(r.id.toUpperCase(), 'a built-in rule');
  // A file reached through two --rules-dir values is loaded once, named as first given.
  const files = new Map<string, string>();
  for (const file of dirs.flatMap(ruleFiles)) if (!files.has(resolve(file))) files.set(resolve(file), file);
  const out: Rule[] = [];
  for (const file of files.values()) {
    const rules = YAML_EXTENSIONS.includes(extname(file))
      ? [parseYamlRule(file, readText(file))]
      : await loadModuleRules(file);
    for (const rule of rules) {
      const key = rule.id.toUpperCase();
      const owner = owners.get(key);
      if (owner !== undefined)
        throw new InputError(file, `id ${rule.id} is also the id of ${owner}; give each rule its own id`);
      const clash = vocabularySelector(rule.id);
      if (clash !== undefined)
        throw new InputError(
          file,
          `id ${rule.id} is also ${SELECTOR_NAMES[clash.kind]}, so --rules ${rule.id} would be ambiguous; choose another id`,
        );
      owners.set(key, `the rule in ${file}`);
      out.push(rule);
    }
  }
  return out;
}
