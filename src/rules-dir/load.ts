import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeThrown } from '../engine/guard.js';
import { SELECTOR_NAMES, vocabularySelector } from '../engine/select.js';
import { InputError, type GraphView, type Rule, type RuleMeta } from '../model/index.js';
import { declarativeRule, parseMatch } from './declarative.js';
import { META_KEYS, parseRuleMeta } from './meta.js';
import { ValueProblem, pathText, type Path } from '../config/problem.js';
import { readConfigText, readYamlDocument, yamlProblemError } from '../config/yaml.js';

const YAML_EXTENSIONS = ['.yaml', '.yml'];
const MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs'];
const TS_EXTENSIONS = ['.ts', '.mts', '.cts'];
const RULE_KEYS = [...META_KEYS, 'match'];

/** `file:line: detail`, with the field the problem is in. */
function problemError(subject: string, problem: ValueProblem, prefix: Path = []): InputError {
  const where = pathText([...prefix, ...problem.path]);
  return new InputError(subject, where === '' ? problem.detail : `${where}: ${problem.detail}`);
}

/**
 * A declarative rule from YAML text: one mapping with the rule's metadata and a `match` section. Errors name the
 * file and the line: YAML syntax, unknown keys, wrong types, framework ids not in the catalog.
 */
export function parseYamlRule(file: string, source: string): Rule {
  const doc = readYamlDocument(file, source, {
    empty: 'is empty; write one rule as a YAML mapping (see the README)',
    several: 'holds more than one YAML document; put one rule per file',
  });
  const value = doc.value;
  try {
    const meta = parseRuleMeta(value, [], RULE_KEYS);
    const match = parseMatch((value as Record<string, unknown>)['match'], ['match']);
    return declarativeRule(meta, match, ['message']);
  } catch (error) {
    if (error instanceof ValueProblem) throw yamlProblemError(file, doc, error);
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
    if (error instanceof ValueProblem) throw problemError(file, error, prefix);
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
      ? [parseYamlRule(file, readConfigText(file, 'check the file'))]
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
