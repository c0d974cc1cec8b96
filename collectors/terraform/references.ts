import { splitAddress } from './address.js';
import { isObj, type ReferenceIndex } from './types.js';

interface ModuleConfig {
  /** Module path without instance keys: `` or `module.a.module.b`. */
  readonly path: string;
  readonly parent?: ModuleConfig;
  /** Raw references of the call's input expressions, by variable name (evaluated in the parent). */
  readonly inputs: Map<string, string[]>;
  /** Raw references of output expressions, by output name (evaluated in this module). */
  readonly outputs: Map<string, string[]>;
  readonly children: Map<string, ModuleConfig>;
  /** What each raw reference written in this module resolves to when it names a resource (memo). */
  readonly addresses: Map<string, string | null>;
}

interface ResourceExpressions {
  readonly module: ModuleConfig;
  /** [attribute path, raw references] for every expression of the resource. */
  readonly entries: [string, string[]][];
  /** What each queried path resolves to (memo), by path (`*` for every path). */
  readonly resolved: Map<string, readonly string[]>;
  /** The entries by the first key of their path, for resources with many expressions. */
  readonly byTop?: Map<string, [string, string[]][]>;
}

type Obj = Record<string, unknown>;
const MAX_DEPTH = 64;
const NO_REFS: readonly string[] = Object.freeze([]);
const NOT_RESOURCES: ReadonlySet<string> = new Set(['local', 'each', 'count', 'path', 'self', 'terraform']);

/**
 * Indexes the `configuration` section of a plan so that a resource attribute's expression can be traced to
 * the resources it references, through module inputs (`var.x`) and outputs (`module.m.out`).
 */
export function buildReferenceIndex(configuration: unknown): ReferenceIndex {
  const resources = new Map<string, ResourceExpressions>();
  if (!isObj(configuration) || !isObj(configuration['root_module'])) return emptyIndex();

  readModule(configuration['root_module'], '', undefined, undefined, resources, 0);
  // Every instance of a module repeats the same relative references: split each one once.
  const split = new Map<string, string[]>();
  const parts = (raw: string): string[] => {
    let p = split.get(raw);
    if (p === undefined) split.set(raw, (p = splitAddress(raw)));
    return p;
  };
  const specificCache = new WeakMap<readonly string[], readonly string[]>();
  const specific = (raws: readonly string[]): readonly string[] => {
    let s = specificCache.get(raws);
    if (s === undefined) specificCache.set(raws, (s = specificOf(raws, parts)));
    return s;
  };

  function resolve(raw: string, module: ModuleConfig, depth: number, out: Set<string>): void {
    if (depth > MAX_DEPTH) return;
    const segments = parts(raw);
    const head = segments[0];
    if (head === undefined) return;
    if (head === 'var') {
      const name = segments[1];
      const parent = module.parent;
      if (name === undefined || parent === undefined) return;
      for (const r of specific(module.inputs.get(name) ?? [])) resolve(r, parent, depth + 1, out);
      return;
    }
    if (head === 'module') {
      const child = segments[1] === undefined ? undefined : module.children.get(segments[1]);
      const output = segments[2];
      if (child === undefined) return;
      if (output === undefined) {
        for (const refs of child.outputs.values()) for (const r of refs) resolve(r, child, depth + 1, out);
      } else {
        for (const r of specific(child.outputs.get(output) ?? [])) resolve(r, child, depth + 1, out);
      }
      return;
    }
    let address = module.addresses.get(raw);
    if (address === undefined) {
      address = resourceAddress(segments, module.path, head);
      module.addresses.set(raw, address);
    }
    if (address !== null) out.add(address);
  }

  /** The resource a reference names from a module, or null for locals, counts and resources not configured. */
  function resourceAddress(segments: readonly string[], modulePath: string, head: string): string | null {
    if (NOT_RESOURCES.has(head)) return null;
    // `type.name` or `data.type.name`, read off the segments without slicing and joining them.
    const data = head === 'data';
    if (segments.length < (data ? 3 : 2)) return null;
    const local = data
      ? `data.${segments[1] as string}.${segments[2] as string}`
      : `${head}.${segments[1] as string}`;
    const address = modulePath === '' ? local : `${modulePath}.${local}`;
    return resources.has(address) ? address : null;
  }

  function refsOf(configAddress: string, path: string | undefined): readonly string[] {
    // One look-up by address: a configured resource keeps what its paths resolve to.
    const res = resources.get(configAddress);
    if (res === undefined) return NO_REFS;
    const key = path ?? '*';
    const cached = res.resolved.get(key);
    if (cached) return cached;
    const out = new Set<string>();
    const below = `${key}.`;
    const candidates =
      path === undefined || res.byTop === undefined ? res.entries : (res.byTop.get(topKey(path)) ?? []);
    for (const [p, raws] of candidates) {
      if (path !== undefined && p !== path && !p.startsWith(below)) continue;
      for (const raw of specific(raws)) resolve(raw, res.module, 0, out);
    }
    out.delete(configAddress);
    const list = out.size === 0 ? NO_REFS : [...out].sort();
    res.resolved.set(key, list);
    return list;
  }

  return {
    refs: (configAddress, path) => refsOf(configAddress, path),
    allRefs: (configAddress) => refsOf(configAddress, undefined),
  };
}

/**
 * Terraform lists a reference at every level (`module.m.out` and `module.m`); the bare module would mean
 * "every output", so it is dropped when a specific output of the same module is named.
 */
function specificOf(raws: readonly string[], parts: (raw: string) => string[]): readonly string[] {
  const named = new Set(
    raws
      .map(parts)
      .filter((p) => p[0] === 'module' && p.length >= 3)
      .map((p) => p[1]),
  );
  if (named.size === 0) return raws;
  return raws.filter((raw) => {
    const p = parts(raw);
    return !(p[0] === 'module' && p.length === 2 && named.has(p[1]));
  });
}

/** `a` of `a.0.b`: every path at or below `a.0.b` starts with it. */
function topKey(path: string): string {
  const dot = path.indexOf('.');
  return dot < 0 ? path : path.slice(0, dot);
}

function byTopKey(entries: readonly [string, string[]][]): Map<string, [string, string[]][]> {
  const out = new Map<string, [string, string[]][]>();
  for (const entry of entries) {
    const top = topKey(entry[0]);
    const list = out.get(top);
    if (list !== undefined) list.push(entry);
    else out.set(top, [entry]);
  }
  return out;
}

function emptyIndex(): ReferenceIndex {
  return { refs: () => [], allRefs: () => [] };
}

function readModule(
  node: Obj,
  path: string,
  parent: ModuleConfig | undefined,
  call: Obj | undefined,
  resources: Map<string, ResourceExpressions>,
  depth: number,
): ModuleConfig {
  const module: ModuleConfig = {
    path,
    parent,
    inputs: new Map(),
    outputs: new Map(),
    children: new Map(),
    addresses: new Map(),
  };
  if (call && isObj(call['expressions'])) {
    for (const [name, expr] of Object.entries(call['expressions'])) {
      module.inputs.set(name, collectRefs(expr, 0));
    }
  }
  if (isObj(node['outputs'])) {
    for (const [name, out] of Object.entries(node['outputs'])) {
      if (isObj(out)) module.outputs.set(name, collectRefs(out['expression'], 0));
    }
  }
  if (Array.isArray(node['resources'])) {
    for (const r of node['resources']) {
      if (!isObj(r) || typeof r['address'] !== 'string') continue;
      const address = path === '' ? r['address'] : `${path}.${r['address']}`;
      const entries: [string, string[]][] = [];
      walkExpressions(r['expressions'], [], entries, 0);
      for (const extra of ['count_expression', 'for_each_expression']) {
        const refs = collectRefs(r[extra], 0);
        if (refs.length > 0) entries.push([`<${extra}>`, refs]);
      }
      resources.set(address, {
        module,
        entries,
        resolved: new Map(),
        ...(entries.length > 8 ? { byTop: byTopKey(entries) } : {}),
      });
    }
  }
  if (isObj(node['module_calls']) && depth < MAX_DEPTH) {
    for (const [name, c] of Object.entries(node['module_calls'])) {
      if (!isObj(c) || !isObj(c['module'])) continue;
      const childPath = path === '' ? `module.${name}` : `${path}.module.${name}`;
      const child = readModule(c['module'], childPath, module, c, resources, depth + 1);
      module.children.set(name, child);
    }
  }
  return module;
}

/**
 * An expression leaf has `references` and/or `constant_value`; anything else is a nested block. The path is
 * kept as a stack of keys and joined only for leaves that reference something (most are constants).
 */
function walkExpressions(node: unknown, keys: string[], out: [string, string[]][], depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      keys.push(String(i));
      walkExpressions(node[i], keys, out, depth + 1);
      keys.pop();
    }
    return;
  }
  if (!isObj(node)) return;
  if ('references' in node || 'constant_value' in node) {
    const refs = collectRefs(node, depth);
    if (refs.length > 0) out.push([keys.join('.'), refs]);
    return;
  }
  for (const key of Object.keys(node)) {
    keys.push(key);
    walkExpressions(node[key], keys, out, depth + 1);
    keys.pop();
  }
}

function collectRefs(expr: unknown, depth: number): string[] {
  if (depth > MAX_DEPTH || !isObj(expr)) return [];
  const refs = expr['references'];
  return Array.isArray(refs) ? refs.filter((r): r is string => typeof r === 'string') : [];
}
