import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InputError, type CoverageNote } from '../../src/model/index.js';
import { COMPUTED, Unknown, evaluate, referencesOf, type Scope, type Value } from './hcl-eval.js';
import { parseTemplate } from './hcl-expr.js';
import { parseHcl } from './hcl-parse.js';
import type { HclSpan } from './hcl-scan.js';
import { stripInstanceKeys } from './address.js';
import { buildReferenceIndex } from './references.js';
import type { Json, JsonObject, ReferenceIndex, TfResource } from './types.js';

/**
 * Reads a Terraform root module from source (`.tf`, `.tf.json`, tfvars) into the same resources a plan gives,
 * with what can be evaluated statically as values and the rest marked unknown with its reason. Local module
 * calls are followed with their inputs; remote ones become coverage notes.
 */
export interface SourceOptions {
  /** `--var-file` paths, applied after terraform.tfvars and *.auto.tfvars, in order. */
  readonly varFiles?: readonly string[];
  /** `--var name=value`, applied last. Values are strings, as on Terraform's command line. */
  readonly vars?: Readonly<Record<string, string>>;
}

export interface SourceDocument {
  readonly dir: string;
  readonly resources: readonly TfResource[];
  readonly references: ReferenceIndex;
  readonly notes: readonly CoverageNote[];
  /** SHA-256 over the files read (path and content, in reading order). */
  readonly sha256: string;
}

/** Module calls nest at most this deep; a call to a directory already on the chain is a loop. */
const MAX_MODULE_DEPTH = 32;
const MAX_INSTANCES = 10_000;
const META = new Set([
  'count',
  'for_each',
  'provider',
  'depends_on',
  'lifecycle',
  'provisioner',
  'connection',
]);
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

interface ResourceBlock extends Located {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly body: JsonObject;
}

interface ModuleCallBlock extends Located {
  readonly name: string;
  readonly body: JsonObject;
}

interface ModuleSource {
  readonly dir: string;
  readonly variables: Map<string, { readonly default?: Json }>;
  readonly locals: Map<string, Json>;
  readonly outputs: Map<string, Json>;
  readonly resources: ResourceBlock[];
  readonly calls: ModuleCallBlock[];
}

export function readSourceDir(dir: string, options: SourceOptions = {}): SourceDocument {
  const notes: CoverageNote[] = [];
  const root = resolve(dir);
  const hash = createHash('sha256');
  const read = (path: string): string => {
    const text = readFileSync(path, 'utf8');
    hash.update(`${relative(root, path)}\u0000${text}\u0000`);
    return text;
  };
  const reader = new SourceReader(root, notes, read);
  const source = reader.module(root);
  if (source === undefined)
    throw new InputError(dir, 'holds no .tf or .tf.json files; pass a Terraform root module');
  const rootVars = rootVariables(root, options, read);
  const resources: TfResource[] = [];
  const configuration = { root_module: {} as JsonObject };
  instantiate(
    reader,
    source,
    '',
    rootVars,
    resources,
    configuration.root_module,
    [realpathSync(root)],
    notes,
  );
  resources.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return {
    dir: root,
    resources,
    references: buildReferenceIndex(configuration),
    notes,
    sha256: hash.digest('hex'),
  };
}

/** Reads and parses the files of module directories, once each. */
class SourceReader {
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
}

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
    body[kind] =
      kind === 'locals' ? [blocks] : wrapBlocks(blocks, kind === 'resource' || kind === 'data' ? 2 : 1);
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
            source.variables.set(
              name,
              Object.hasOwn(body, 'default') ? { default: body['default'] as Json } : {},
            );
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

function lists(v: unknown): Record<string, unknown>[] {
  return (Array.isArray(v) ? v : [v]).filter(
    (x): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x),
  );
}

function entries(v: unknown): [string, unknown][] {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v) : [];
}

/** Root variable values by Terraform's precedence: terraform.tfvars, *.auto.tfvars, --var-file, --var. */
function rootVariables(
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
    for (const [k, v] of Object.entries(body)) out.set(k, evaluate(parseTemplateValue(v), NO_SCOPE));
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

const NO_SCOPE: Scope = { lookup: () => undefined };

/** A value from hcl2-parser as an expression: strings are templates, collections are evaluated leaf by leaf. */
function parseTemplateValue(v: unknown): ReturnType<typeof parseTemplate> {
  if (typeof v === 'string') return parseTemplate(v);
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return { k: 'literal', value: v };
  if (Array.isArray(v)) return { k: 'tuple', items: v.map(parseTemplateValue) };
  if (typeof v === 'object')
    return {
      k: 'object',
      entries: Object.entries(v).map(([k, x]) => [parseTemplate(k), parseTemplateValue(x)] as const),
    };
  return { k: 'opaque', text: typeof v };
}

/**
 * Defines `name` on `target` as a value computed on first read; a cycle reads as unknown. Returns the getter,
 * for callers that want the value computed now.
 */
function lazy(target: object, name: string, compute: () => Value, what: string): () => Value {
  let state: 'idle' | 'busy' | 'done' = 'idle';
  let value: Value = null;
  const get = (): Value => {
    if (state === 'done') return value;
    if (state === 'busy') return new Unknown(`${what} refers to itself`);
    state = 'busy';
    value = compute();
    state = 'done';
    return value;
  };
  Object.defineProperty(target, name, { enumerable: true, configurable: true, get });
  return get;
}

/**
 * Evaluates one module instance: its variables from `inputs`, its locals, its resources (expanded by count and
 * for_each) and its module calls, appending resources and the plan-shaped configuration for references.
 */
function instantiate(
  reader: SourceReader,
  source: ModuleSource,
  path: string,
  inputs: ReadonlyMap<string, Value>,
  out: TfResource[],
  configuration: JsonObject,
  chain: readonly string[],
  notes: CoverageNote[],
): Record<string, Value> {
  const prefix = path === '' ? '' : `${path}.`;
  const vars: Record<string, Value> = {};
  for (const [name, v] of source.variables) {
    const given = inputs.get(name);
    vars[name] =
      given ??
      (v.default !== undefined
        ? evaluate(parseTemplateValue(v.default), NO_SCOPE)
        : new Unknown(`variable ${name} has no value (set it in a tfvars file or with --var)`));
  }
  const locals: Record<string, Value> = {};
  const resourcesByType: Record<string, Record<string, Value>> = {};
  const dataByType: Record<string, Record<string, Value>> = {};
  const moduleOutputs: Record<string, Value> = {};
  const names: Record<string, Value> = {
    var: vars as JsonObject,
    local: locals as JsonObject,
    path: { module: source.dir, root: reader.rootDir, cwd: process.cwd() },
    terraform: { workspace: 'default' },
    module: moduleOutputs as JsonObject,
    data: dataByType as JsonObject,
  };
  const scope: Scope = {
    lookup: (name) =>
      Object.hasOwn(names, name)
        ? names[name]
        : Object.hasOwn(resourcesByType, name)
          ? (resourcesByType[name] as JsonObject)
          : undefined,
  };
  for (const [name, raw] of source.locals)
    lazy(locals, name, () => evaluate(parseTemplateValue(raw), scope), `local.${name}`);

  const configResources: JsonObject[] = [];
  const expansions: (() => Value)[] = [];
  for (const block of source.resources) {
    const byType = block.mode === 'data' ? dataByType : resourcesByType;
    const group = (byType[block.type] ??= {});
    const configAddress = `${block.mode === 'data' ? 'data.' : ''}${block.type}.${block.name}`;
    configResources.push({
      address: configAddress,
      mode: block.mode,
      type: block.type,
      name: block.name,
      expressions: expressionsOf(block.body),
    });
    expansions.push(
      lazy(
        group,
        block.name,
        () => expandResource(block, `${prefix}${configAddress}`, scope, out, reader, notes),
        `${prefix}${configAddress}`,
      ),
    );
  }
  // Module calls are values too: a resource may read an output before the call is reached.
  const calls: JsonObject = {};
  for (const call of source.calls) {
    const callConfig: JsonObject = { expressions: expressionsOf(call.body), module: {} };
    calls[call.name] = callConfig;
    expansions.push(
      lazy(
        moduleOutputs,
        call.name,
        () => callModule({ reader, parent: source, call, prefix, scope, out, callConfig, chain, notes }),
        `${prefix}module.${call.name}`,
      ),
    );
  }
  // Expand every resource and module call now, once each, in source order.
  for (const expand of expansions) expand();

  const outputs: Record<string, Value> = {};
  const outputConfig: JsonObject = {};
  for (const [name, raw] of source.outputs) {
    lazy(outputs, name, () => evaluate(parseTemplateValue(raw), scope), `output ${name}`);
    outputConfig[name] = { expression: { references: referencesOf(parseTemplateValue(raw)) } };
  }
  configuration['resources'] = configResources;
  configuration['module_calls'] = calls;
  configuration['outputs'] = outputConfig;
  return outputs;
}

interface ModuleCall {
  readonly reader: SourceReader;
  readonly parent: ModuleSource;
  readonly call: ModuleCallBlock;
  /** Address prefix of the calling module instance (`` or `module.a["x"].`). */
  readonly prefix: string;
  readonly scope: Scope;
  readonly out: TfResource[];
  /** The call's plan-shaped configuration; its `module` is filled in from the first instance. */
  readonly callConfig: JsonObject;
  readonly chain: readonly string[];
  readonly notes: CoverageNote[];
}

/**
 * Reads a local module call (all its count/for_each instances) and returns what its outputs are as seen by the
 * caller; a remote, missing or looping call is a note and an unknown.
 */
function callModule(m: ModuleCall): Value {
  const { call, notes } = m;
  const src = typeof call.body['source'] === 'string' ? call.body['source'] : '';
  const childPath = `${m.prefix}module.${call.name}`;
  const note = (kind: CoverageNote['kind'], message: string): Unknown => {
    notes.push({ kind, message, input: call.file, address: childPath });
    return new Unknown(`module ${call.name} is not read`);
  };
  if (!src.startsWith('./') && !src.startsWith('../'))
    return note(
      'module-call',
      `module ${call.name} comes from ${src || 'an unknown source'}, which is not read; its resources are not modelled`,
    );
  const dir = resolve(m.parent.dir, src);
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return note('module-call', `module ${call.name} points at ${src}, which does not exist`);
  }
  if (m.chain.includes(real))
    return note(
      'skipped',
      `module ${call.name} calls ${src}, which is already being read (a loop of module calls or symlinks)`,
    );
  if (m.chain.length >= MAX_MODULE_DEPTH)
    return note(
      'skipped',
      `module calls nest more than ${String(MAX_MODULE_DEPTH)} deep; ${call.name} is not read`,
    );
  const child = m.reader.module(dir);
  if (child === undefined) return note('module-call', `module ${call.name} at ${src} holds no .tf files`);
  // Every instance has the same configuration; references are traced through the first one's.
  let childConfig: JsonObject | undefined;
  const outputs = assemble(
    instancesOf(call.body, m.scope, childPath, call.file, notes),
    (key, instanceScope) => {
      const inputs = new Map<string, Value>();
      for (const [name, raw] of Object.entries(call.body)) {
        if (name !== 'source' && name !== 'version' && name !== 'providers' && !META.has(name))
          inputs.set(name, evaluate(parseTemplateValue(raw), instanceScope));
      }
      const config: JsonObject = {};
      childConfig ??= config;
      const path = `${childPath}${keySuffix(key)}`;
      return instantiate(
        m.reader,
        child,
        path,
        inputs,
        m.out,
        config,
        [...m.chain, real],
        notes,
      ) as JsonObject;
    },
  );
  m.callConfig['module'] = childConfig ?? {};
  return outputs;
}

/** Plan-shaped `expressions` of a body: each leaf's references, nested blocks as lists. */
function expressionsOf(body: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'dynamic') {
      for (const [label, blocks] of entries(v)) {
        out[label] = lists(blocks).map((b) => expressionsOf((lists(b['content'])[0] ?? {}) as JsonObject));
      }
      continue;
    }
    out[k] = expressionOf(v);
  }
  return out;
}

function expressionOf(v: Json): Json {
  if (isBlockList(v)) return v.map(expressionsOf);
  return { references: referencesOf(parseTemplateValue(v)) };
}

/** hcl2-parser writes nested blocks (and lists of objects) as non-empty lists of objects. */
function isBlockList(v: unknown): v is JsonObject[] {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x))
  );
}

/** The instances of a resource block: one, or one per count index or for_each key. */
function expandResource(
  block: ResourceBlock,
  address: string,
  scope: Scope,
  out: TfResource[],
  reader: SourceReader,
  notes: CoverageNote[],
): Value {
  const make = (key: number | string | undefined, each: Scope): Value => {
    const instanceAddress = `${address}${keySuffix(key)}`;
    const { values, unknown, reasons } = evaluateBody(block.body, each);
    out.push({
      address: instanceAddress,
      configAddress: stripInstanceKeys(address),
      module: address.slice(
        0,
        Math.max(0, address.lastIndexOf(`${block.mode === 'data' ? 'data.' : ''}${block.type}.`) - 1),
      ),
      mode: block.mode,
      type: block.type,
      name: block.name,
      ...(key === undefined ? {} : { index: key }),
      provider: '',
      values,
      unknown,
      sensitive: null,
      ...(Object.keys(reasons).length === 0 ? {} : { reasons }),
      action: block.mode === 'data' ? 'read' : 'create',
      input: reader.rootDir,
      file: block.file,
      line: block.line,
      lines: Object.fromEntries(block.attributeLines),
    });
    const known: JsonObject = Object.defineProperty({ ...values }, COMPUTED, { value: instanceAddress });
    // What another resource reads of this one keeps the reason (top-level attributes; blocks stay as they are).
    for (const [k, reason] of Object.entries(reasons)) {
      if (!k.includes('.')) define(known, k, new Unknown(reason));
    }
    return known;
  };
  return assemble(instancesOf(block.body, scope, address, block.file, notes), make);
}

/** One instance of a block: its key (count index, for_each key, none) and the scope with count/each set. */
interface Instance {
  readonly key: number | string | undefined;
  readonly scope: Scope;
}

/** The instances a resource or module block stands for, and how its value is shaped (one, list, map). */
interface Instances {
  readonly shape: 'one' | 'list' | 'map';
  readonly items: readonly Instance[];
}

/**
 * Expands `count` and `for_each` over known values, with the keys Terraform uses. An unknown or oversized
 * collection gives one instance (noted), so the block is still modelled and its values stay unknown.
 */
function instancesOf(
  body: Readonly<Record<string, unknown>>,
  scope: Scope,
  address: string,
  file: string,
  notes: CoverageNote[],
): Instances {
  const unknownCollection = (what: string): void => {
    notes.push({
      kind: 'unknown-value',
      message: `${what} of ${address} is not known statically; one instance is modelled`,
      input: file,
      address,
    });
  };
  if (Object.hasOwn(body, 'count')) {
    const count = evaluate(parseTemplateValue(body['count']), scope);
    if (count instanceof Unknown || typeof count !== 'number' || count < 0 || count > MAX_INSTANCES) {
      unknownCollection('count');
      return { shape: 'list', items: [{ key: 0, scope: withNames(scope, { count: { index: 0 } }) }] };
    }
    return {
      shape: 'list',
      items: Array.from({ length: count }, (_, i) => ({
        key: i,
        scope: withNames(scope, { count: { index: i } }),
      })),
    };
  }
  if (Object.hasOwn(body, 'for_each')) {
    const each = evaluate(parseTemplateValue(body['for_each']), scope);
    const pairs: [string, Json][] | undefined =
      each instanceof Unknown || each === null || typeof each !== 'object'
        ? undefined
        : Array.isArray(each)
          ? each.map((v) => [typeof v === 'string' ? v : JSON.stringify(v), v] as [string, Json])
          : Object.entries(each);
    if (pairs === undefined || pairs.length > MAX_INSTANCES) {
      unknownCollection('for_each');
      const unknownEach = new Unknown(`for_each of ${address} is not known statically`);
      return { shape: 'one', items: [{ key: undefined, scope: withNames(scope, { each: unknownEach }) }] };
    }
    return {
      shape: 'map',
      items: pairs
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => ({ key: k, scope: withNames(scope, { each: { key: k, value: v } }) })),
    };
  }
  return { shape: 'one', items: [{ key: undefined, scope }] };
}

/** The value of a block as other expressions see it: one instance, a list by index or a map by key. */
function assemble(
  instances: Instances,
  make: (key: number | string | undefined, scope: Scope) => Value,
): Value {
  const values = instances.items.map((i) => make(i.key, i.scope));
  if (instances.shape === 'one') return values[0] ?? null;
  if (instances.shape === 'list') return values as Json;
  const out: JsonObject = {};
  instances.items.forEach((item, n) => {
    define(out, String(item.key), values[n]);
  });
  return out;
}

/** `[0]` or `["key"]`: how Terraform writes an instance key in an address. */
function keySuffix(key: number | string | undefined): string {
  return key === undefined ? '' : `[${JSON.stringify(key)}]`;
}

function withNames(scope: Scope, names: Record<string, Value>): Scope {
  return { lookup: (n) => (Object.hasOwn(names, n) ? names[n] : scope.lookup(n)) };
}

/** A body evaluated: values, after_unknown-shaped markers, and why each unknown is unknown (by path). */
interface Evaluated {
  readonly values: JsonObject;
  readonly unknown: JsonObject;
  readonly reasons: Record<string, string>;
}

/** Evaluates a block body, dynamic blocks expanded over known values. */
function evaluateBody(body: JsonObject, scope: Scope): Evaluated {
  const into: Evaluated = { values: {}, unknown: {}, reasons: {} };
  for (const [k, raw] of Object.entries(body)) {
    if (META.has(k)) continue;
    if (k === 'dynamic') {
      for (const [label, blocks] of entries(raw)) {
        for (const dyn of lists(blocks)) expandDynamic(label, dyn, scope, into);
      }
      continue;
    }
    if (isBlockList(raw)) {
      appendBlocks(
        into,
        k,
        raw.map((b) => evaluateBody(b, scope)),
      );
      continue;
    }
    markUnknown(into, k, evaluate(parseTemplateValue(raw), scope));
  }
  return into;
}

/** Records a value, or the unknown marker and its reason. */
function markUnknown(into: Evaluated, key: string, v: Value): void {
  if (!(v instanceof Unknown)) {
    define(into.values, key, v);
    return;
  }
  define(into.values, key, null);
  define(into.unknown, key, true);
  define(into.reasons, key, v.reason);
}

function expandDynamic(label: string, dyn: Record<string, unknown>, scope: Scope, into: Evaluated): void {
  const iterator = typeof dyn['iterator'] === 'string' ? dyn['iterator'].replace(/^\$\{|\}$/g, '') : label;
  const content = (lists(dyn['content'])[0] ?? {}) as JsonObject;
  const each = evaluate(parseTemplateValue(dyn['for_each'] ?? null), scope);
  if (each instanceof Unknown || each === null || typeof each !== 'object') {
    markUnknown(
      into,
      label,
      each instanceof Unknown ? each : new Unknown(`for_each of dynamic "${label}" is not a collection`),
    );
    return;
  }
  const pairs: [Json, Json][] = Array.isArray(each) ? each.map((v, i) => [i, v]) : Object.entries(each);
  appendBlocks(
    into,
    label,
    pairs.map(([key, value]) => evaluateBody(content, withNames(scope, { [iterator]: { key, value } }))),
  );
}

/** Adds evaluated blocks under `name`, after any the body already has (static and dynamic blocks mix). */
function appendBlocks(into: Evaluated, name: string, items: readonly Evaluated[]): void {
  const before = (tree: JsonObject): Json[] => {
    const v = tree[name];
    return Array.isArray(v) ? v : [];
  };
  const offset = before(into.values).length;
  define(into.values, name, [...before(into.values), ...items.map((i) => i.values)]);
  define(into.unknown, name, [...before(into.unknown), ...items.map((i) => i.unknown)]);
  items.forEach((item, i) => {
    for (const [path, reason] of Object.entries(item.reasons))
      define(into.reasons, `${name}.${String(offset + i)}.${path}`, reason);
  });
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
