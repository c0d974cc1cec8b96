import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { InputError, type CoverageNote } from '../../src/model/index.js';
import { CONSTANTS, Unknown, define, evaluate, type Value } from './hcl-eval.js';
import { parseValue } from './hcl-expr.js';
import { parseHcl } from './hcl-parse.js';
import type { HclSpan } from './hcl-scan.js';
import type { Json, JsonObject } from './types.js';

/**
 * Reading a Terraform module from disk: its `.tf` and `.tf.json` files parsed into blocks with where they are,
 * and the root module's variable files. Evaluation of the blocks is hcl.ts's job.
 */

export interface SourceOptions {
  /** `--var-file` paths, applied after terraform.tfvars and *.auto.tfvars, in order. */
  readonly varFiles?: readonly string[];
  /** `--var name=value`, applied last. Values are strings, as on Terraform's command line. */
  readonly vars?: Readonly<Record<string, string>>;
}

const IGNORED_BLOCKS = new Set(['terraform', 'provider', 'moved', 'import', 'check', 'removed']);

/** One `.tf` file's blocks, with where they are. */
interface SourceFile {
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly structure: HclSpan;
}

interface Located {
  readonly file: string;
  readonly line: number;
  /** Line of each attribute and nested block of the block (the first, for repeated blocks), for evidence. */
  readonly attributeLines: ReadonlyMap<string, number>;
}

export interface ResourceBlock extends Located {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly body: JsonObject;
}

export interface ModuleCallBlock extends Located {
  readonly name: string;
  readonly body: JsonObject;
}

export interface ModuleSource {
  readonly dir: string;
  /** `nullable` is the raw attribute; Terraform's default is true (a null input stays null). */
  readonly variables: Map<string, { readonly default?: Json; readonly nullable?: Json }>;
  readonly locals: Map<string, Json>;
  readonly outputs: Map<string, Json>;
  readonly resources: ResourceBlock[];
  readonly calls: ModuleCallBlock[];
}

/** Reads and parses the files of module directories, once each. */
export class SourceReader {
  private readonly cache = new Map<string, ModuleSource | undefined>();

  constructor(
    private readonly root: string,
    private readonly notes: CoverageNote[],
    private readonly read: (path: string) => string,
  ) {}

  module(dir: string): ModuleSource | undefined {
    if (this.cache.has(dir)) return this.cache.get(dir);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      this.cache.set(dir, undefined);
      return undefined;
    }
    const parsed: SourceFile[] = [];
    for (const name of names) {
      if (!name.endsWith('.tf') && !name.endsWith('.tf.json')) continue;
      const path = join(dir, name);
      if (!isFile(path)) {
        this.notes.push({
          kind: 'skipped',
          message: `${this.shown(path)}: is not a readable file (a directory or a broken link); it is not read`,
          input: this.shown(path),
        });
        continue;
      }
      const file = this.parse(path);
      if (file !== undefined) parsed.push(file);
    }
    const source = parsed.length === 0 ? undefined : collect(dir, parsed);
    this.cache.set(dir, source);
    return source;
  }

  /** A file that does not parse is skipped with a note; the others still scan. */
  private parse(path: string): SourceFile | undefined {
    const shown = this.shown(path);
    let text: string;
    try {
      text = this.read(path);
    } catch {
      this.notes.push({
        kind: 'skipped',
        message: `${shown}: cannot be read; check its permissions`,
        input: shown,
      });
      return undefined;
    }
    try {
      if (path.endsWith('.tf.json')) return fromJsonSyntax(text, shown);
      const { body, structure } = parseHcl(text, shown);
      return { path: shown, body, structure };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      this.notes.push({ kind: 'skipped', message: error.message, input: shown });
      return undefined;
    }
  }

  shown(path: string): string {
    return relative(process.cwd(), path) || path;
  }

  get rootDir(): string {
    return this.root;
  }

  /**
   * A file a module reads with file() or templatefile(), relative to the root module as Terraform resolves it:
   * only inside the scanned directory and at most 1 MiB, so hostile source cannot make the scan read elsewhere.
   */
  readFile(path: string): string | Unknown {
    const full = resolve(this.root, path);
    const shown = this.shown(full);
    let real: string;
    try {
      real = realpathSync(full);
    } catch {
      return new Unknown(`${shown} does not exist`);
    }
    const root = realpathSync(this.root);
    if (real !== root && !real.startsWith(`${root}${sep}`))
      return new Unknown(`${shown} is outside the scanned directory and is not read`);
    if (!isFile(real)) return new Unknown(`${shown} is not a file`);
    if (statSync(real).size > MAX_READ_FILE_BYTES)
      return new Unknown(`${shown} is larger than 1 MiB and is not read`);
    try {
      return this.read(real);
    } catch {
      return new Unknown(`${shown} cannot be read`);
    }
  }
}

const MAX_READ_FILE_BYTES = 1024 * 1024;

/** `.tf.json`: blocks are objects, not lists of objects as hcl2-parser gives them; positions are unknown. */
function fromJsonSyntax(text: string, shown: string): SourceFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InputError(shown, 'is not valid JSON; fix the syntax');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new InputError(shown, 'is not a JSON object; a .tf.json file holds one object of blocks');
  const body: Record<string, unknown> = {};
  for (const [kind, blocks] of Object.entries(doc)) {
    define(
      body,
      kind,
      kind === 'locals' ? [blocks] : wrapBlocks(blocks, kind === 'resource' || kind === 'data' ? 2 : 1),
    );
  }
  const structure: HclSpan = {
    type: '',
    labels: [],
    line: 1,
    endLine: 1,
    start: 0,
    end: text.length,
    attributes: new Map(),
    blocks: [],
  };
  return { path: shown, body, structure };
}

/** Wraps the bodies found `labels` levels down in lists. */
function wrapBlocks(node: unknown, labels: number): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  if (labels === 0) return [node];
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, wrapBlocks(v, labels - 1)]));
}

/** Gathers a module's blocks from its files. */
function collect(dir: string, files: readonly SourceFile[]): ModuleSource {
  const source: ModuleSource = {
    dir,
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    resources: [],
    calls: [],
  };
  for (const file of files) {
    const where = (type: string, labels: readonly string[]): Located => {
      const span = file.structure.blocks.find(
        (b) => b.type === type && labels.every((l, i) => b.labels[i] === l),
      );
      return {
        file: file.path,
        line: span?.line ?? 1,
        attributeLines: span === undefined ? new Map() : linesOf(span),
      };
    };
    for (const [kind, blocks] of Object.entries(file.body)) {
      if (IGNORED_BLOCKS.has(kind)) continue;
      if (kind === 'locals') {
        for (const body of lists(blocks))
          for (const [k, v] of Object.entries(body)) source.locals.set(k, v as Json);
        continue;
      }
      for (const [name, bodies] of entries(blocks)) {
        if (kind === 'variable' || kind === 'output' || kind === 'module') {
          const body = lists(bodies)[0] ?? {};
          if (kind === 'variable')
            source.variables.set(name, {
              ...(Object.hasOwn(body, 'default') ? { default: body['default'] as Json } : {}),
              ...(Object.hasOwn(body, 'nullable') ? { nullable: body['nullable'] as Json } : {}),
            });
          else if (kind === 'output') source.outputs.set(name, (body['value'] ?? null) as Json);
          else source.calls.push({ ...where('module', [name]), name, body: body as JsonObject });
          continue;
        }
        if (kind !== 'resource' && kind !== 'data') continue;
        for (const [resourceName, resourceBodies] of entries(bodies)) {
          const body = lists(resourceBodies)[0] ?? {};
          source.resources.push({
            ...where(kind, [name, resourceName]),
            mode: kind === 'data' ? 'data' : 'managed',
            type: name,
            name: resourceName,
            body: body as JsonObject,
          });
        }
      }
    }
  }
  return source;
}

/** Lines of a block's attributes and nested blocks; a dynamic block counts under its label. */
function linesOf(span: HclSpan): Map<string, number> {
  const lines = new Map(span.attributes);
  for (const b of span.blocks) {
    const name = b.type === 'dynamic' ? (b.labels[0] ?? b.type) : b.type;
    if (!lines.has(name)) lines.set(name, b.line);
  }
  return lines;
}

export function lists(v: unknown): Record<string, unknown>[] {
  return (Array.isArray(v) ? v : [v]).filter(
    (x): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x),
  );
}

export function entries(v: unknown): [string, unknown][] {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v) : [];
}

/** Root variable values by Terraform's precedence: terraform.tfvars, *.auto.tfvars, --var-file, --var. */
export function rootVariables(
  root: string,
  options: SourceOptions,
  read: (path: string) => string,
): Map<string, Value> {
  const out = new Map<string, Value>();
  let auto: string[] = [];
  try {
    auto = readdirSync(root)
      .filter((n) => n.endsWith('.auto.tfvars'))
      .sort();
  } catch {
    // the directory was read a moment ago; nothing more to add
  }
  const varFiles = [
    ...['terraform.tfvars'].filter((n) => isFile(join(root, n))).map((n) => join(root, n)),
    ...auto.map((n) => join(root, n)),
    ...(options.varFiles ?? []),
  ];
  for (const path of varFiles) {
    let text: string;
    try {
      text = read(path);
    } catch {
      throw new InputError(path, 'cannot be read; check the --var-file path');
    }
    const { body } = parseHcl(text, relative(process.cwd(), path) || path);
    for (const [k, v] of Object.entries(body)) out.set(k, evaluate(parseValue(v), CONSTANTS));
  }
  for (const [k, v] of Object.entries(options.vars ?? {})) out.set(k, v);
  return out;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
