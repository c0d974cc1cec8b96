import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { InputError, type CoverageNote } from '../../src/model/index.js';
import { stripInstanceKeys } from './address.js';
import {
  COMPUTED,
  CONSTANTS,
  Unknown,
  define,
  evaluate,
  referencesOf,
  type Scope,
  type Value,
} from './hcl-eval.js';
import {
  SourceReader,
  entries,
  lists,
  rootVariables,
  type ModuleCallBlock,
  type ModuleSource,
  type ResourceBlock,
  type SourceOptions,
} from './hcl-files.js';
import { parseValue } from './hcl-expr.js';
import { buildReferenceIndex } from './references.js';
import type { Json, JsonObject, ReferenceIndex, TfResource } from './types.js';

/**
 * Evaluates a Terraform root module read from source (`.tf`, `.tf.json`, tfvars) into the same resources a plan
 * gives, with what can be evaluated statically as values and the rest marked unknown with its reason. Local
 * module calls are followed with their inputs; remote ones become coverage notes.
 */
export type { SourceOptions } from './hcl-files.js';

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
  // Names come from the input: every dictionary here has no prototype to pollute (`resource "__proto__"`).
  const vars = dict<Value>();
  for (const [name, v] of source.variables) {
    const given = inputs.get(name);
    // A null input stays null, as in Terraform, unless the variable says `nullable = false`.
    const useDefault =
      given === undefined ||
      (given === null && v.nullable !== undefined && evaluate(parseValue(v.nullable), CONSTANTS) === false);
    define(
      vars,
      name,
      !useDefault
        ? given
        : v.default !== undefined
          ? evaluate(parseValue(v.default), CONSTANTS)
          : given === null
            ? null
            : new Unknown(`variable ${name} has no value (set it in a tfvars file or with --var)`),
    );
  }
  const locals = dict<Value>();
  const resourcesByType = dict<Record<string, Value>>();
  const dataByType = dict<Record<string, Value>>();
  const moduleOutputs = dict<Value>();
  const names: Record<string, Value> = {
    var: vars as JsonObject,
    local: locals as JsonObject,
    path: { module: source.dir, root: reader.rootDir, cwd: process.cwd() },
    terraform: { workspace: 'default' },
    module: moduleOutputs as JsonObject,
    data: dataByType as JsonObject,
  };
  const scope: Scope = {
    readFile: (path) => reader.readFile(path),
    lookup: (name) =>
      Object.hasOwn(names, name)
        ? names[name]
        : Object.hasOwn(resourcesByType, name)
          ? (resourcesByType[name] as JsonObject)
          : undefined,
  };
  for (const [name, raw] of source.locals)
    lazy(locals, name, () => evaluate(parseValue(raw), scope), `local.${name}`);

  const configResources: JsonObject[] = [];
  const expansions: (() => Value)[] = [];
  for (const block of source.resources) {
    const byType = block.mode === 'data' ? dataByType : resourcesByType;
    if (!Object.hasOwn(byType, block.type)) define(byType, block.type, dict<Value>());
    const group = byType[block.type] as Record<string, Value>;
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
  const calls = dict<Json>();
  for (const call of source.calls) {
    const callConfig: JsonObject = { expressions: expressionsOf(call.body), module: {} };
    define(calls, call.name, callConfig);
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

  const outputs = dict<Value>();
  const outputConfig = dict<Json>();
  for (const [name, raw] of source.outputs) {
    lazy(outputs, name, () => evaluate(parseValue(raw), scope), `output ${name}`);
    define(outputConfig, name, { expression: { references: referencesOf(parseValue(raw)) } });
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
          inputs.set(name, evaluate(parseValue(raw), instanceScope));
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

/** A dictionary keyed by names from the input: no prototype, so no key can reach one. */
function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Plan-shaped `expressions` of a body: each leaf's references, nested blocks as lists. */
function expressionsOf(body: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of staticFirst(body)) {
    if (k === 'dynamic') {
      for (const [label, blocks] of entries(v)) {
        // After the static blocks of the same type, as evaluateBody orders their values.
        const before = out[label];
        define(out, label, [
          ...(Array.isArray(before) ? before : []),
          ...lists(blocks).map((b) => expressionsOf((lists(b['content'])[0] ?? {}) as JsonObject)),
        ]);
      }
      continue;
    }
    define(out, k, expressionOf(v));
  }
  return out;
}

/**
 * A body's entries with `dynamic` last: static blocks come before the dynamic blocks of the same type, in the
 * values and in the references alike (hcl2-parser groups blocks by type, so their interleaving is lost).
 */
function staticFirst(body: JsonObject): [string, Json][] {
  const all = Object.entries(body);
  return [...all.filter(([k]) => k !== 'dynamic'), ...all.filter(([k]) => k === 'dynamic')];
}

function expressionOf(v: Json): Json {
  if (isBlockList(v)) return v.map(expressionsOf);
  return { references: referencesOf(parseValue(v)) };
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
  const instances = instancesOf(block.body, scope, address, block.file, notes);
  const uncertain = instances.uncertain;
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
      ...(uncertain === undefined ? {} : { existence: uncertain }),
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
  return assemble(instances, make);
}

/** The reason an unknown carries, or what is wrong with a known value. */
function describeUnknown(v: Value, otherwise: string): string {
  return v instanceof Unknown ? v.reason : otherwise;
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
  /** Set when count or for_each cannot be evaluated: the one instance may stand for none or many. */
  readonly uncertain?: string;
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
    const count = evaluate(parseValue(body['count']), scope);
    if (count instanceof Unknown || typeof count !== 'number' || count < 0 || count > MAX_INSTANCES) {
      unknownCollection('count');
      return {
        shape: 'list',
        items: [{ key: 0, scope: withNames(scope, { count: { index: 0 } }) }],
        uncertain: `count of ${address} is not known statically (${describeUnknown(count, 'not a whole number in range')})`,
      };
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
    const each = evaluate(parseValue(body['for_each']), scope);
    const pairs: [string, Json][] | undefined =
      each instanceof Unknown || each === null || typeof each !== 'object'
        ? undefined
        : Array.isArray(each)
          ? each.map((v) => [typeof v === 'string' ? v : JSON.stringify(v), v] as [string, Json])
          : Object.entries(each);
    if (pairs === undefined || pairs.length > MAX_INSTANCES) {
      unknownCollection('for_each');
      const unknownEach = new Unknown(`for_each of ${address} is not known statically`);
      return {
        shape: 'one',
        items: [{ key: undefined, scope: withNames(scope, { each: unknownEach }) }],
        uncertain: `for_each of ${address} is not known statically (${describeUnknown(each, 'not a collection in range')})`,
      };
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
  return { ...scope, lookup: (n) => (Object.hasOwn(names, n) ? names[n] : scope.lookup(n)) };
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
  for (const [k, raw] of staticFirst(body)) {
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
    markUnknown(into, k, evaluate(parseValue(raw), scope));
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
  const each = evaluate(parseValue(dyn['for_each'] ?? null), scope);
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

/**
 * Adds evaluated blocks under `name`, after any the body already has (static and dynamic blocks mix). Once a
 * dynamic block over an unknown collection made the list unknown, it stays unknown, as in a plan.
 */
function appendBlocks(into: Evaluated, name: string, items: readonly Evaluated[]): void {
  if (into.unknown[name] === true) return;
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
