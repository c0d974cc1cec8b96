import {
  attributeLine,
  flowId,
  isFalse,
  isTrue,
  unknown,
  type Asset,
  type AssetKind,
  type CoverageKind,
  type CoverageNote,
  type Evidence,
  type Fact,
  type FactName,
  type Facts,
  type Flow,
  type FlowKind,
  type Provider,
} from '../../src/model/index.js';
import {
  attributeName,
  hasUnknownBelow,
  isSensitiveAt,
  isUnknownAt,
  markedAttributes,
  tagsOf,
  valueAt,
} from './attributes.js';
import type { ReferenceIndex, TfResource } from './types.js';

export interface AssetInit {
  readonly kind: AssetKind;
  /** Defaults to the resource address. */
  readonly id?: string;
  readonly name?: string;
  readonly facts?: Facts;
  readonly nativeType?: string;
}

/** How a link between two resources was established, for evidence. */
export interface Link {
  readonly resource: TfResource;
  readonly via: string;
}

/**
 * How a patch meets the fact already there: `set` replaces default and unknown facts; `or` combines booleans
 * (true wins: any attaching resource suffices); `and` needs every attaching resource to state it (false wins,
 * then unknown; the provider default of the base resource gives way to the first statement).
 */
export type MergeMode = 'set' | 'or' | 'and';

export interface FlowOptions {
  readonly authenticated?: Fact<boolean>;
  readonly encrypted?: Fact<boolean>;
}

/** What a provider mapper can do while mapping one resource. Effects are applied after all mappers ran. */
export interface MapperContext {
  readonly input: string;
  /** Adds the asset a resource stands for. Returns the asset id. */
  asset(r: TfResource, init: AssetInit): string;
  /** Sets facts on another asset, merged as `mode` says (default `set`). */
  patch(targetId: string, facts: Facts, mode?: MergeMode): void;
  /**
   * The resource at `path` of `r` should point at a resource of `targetTypes` but the target cannot be
   * resolved: every asset of those types whose `facts` are only provider defaults gets them as unknown.
   */
  unresolved(r: TfResource, path: string, targetTypes: readonly string[], facts: readonly FactName[]): void;
  flow(
    from: string,
    to: string,
    kind: FlowKind,
    evidence: Evidence | readonly Evidence[],
    options?: FlowOptions,
  ): void;
  /**
   * Resources of `targetTypes` the attribute at `path` points to: through configuration references first, then
   * by matching its known string value(s) against the targets' `matchOn` attributes.
   */
  linked(r: TfResource, path: string, targetTypes: readonly string[], matchOn?: readonly string[]): Link[];
  /** Resources of a type whose attribute (one of `matchOn`) equals `value`. */
  byValue(targetTypes: readonly string[], value: string, matchOn?: readonly string[]): TfResource[];
  resources(type: string): readonly TfResource[];
  resource(address: string): TfResource | undefined;
  /** Evidence for an attribute of `r`; sensitive values are never copied. */
  evidence(r: TfResource, path: string, note?: string): Evidence;
  note(kind: CoverageKind, message: string, address?: string): void;
  /**
   * What a grant on the resources one wildcard names (`members`, addresses of mapped resources) flows to: the
   * resource itself when there is one, else the set standing for them all, keyed by `key` so that every grant of
   * the same pattern shares one set.
   */
  resourceSet(init: ResourceSetInit): readonly string[];
  /** A value computed once per plan (indexes mappers share), under a key unique to the mapper. */
  memo<T>(key: string, build: () => T): T;
  /**
   * The reverse of a link: the resources of `sourceType` whose `targetsOf` include `target` (the containers of an
   * account, the methods of an API). Indexed on first use per `relation`, so asking for every target stays linear.
   */
  referrers(
    target: TfResource,
    sourceType: string,
    relation: string,
    targetsOf: (source: TfResource) => readonly TfResource[],
  ): readonly TfResource[];
}

export interface ResourceSetInit {
  readonly provider: Provider;
  /** Identifies the set: the pattern and the resource types it was matched against. */
  readonly key: string;
  /** What the set stands for, for people: "S3 buckets matching arn:aws:s3:::*". */
  readonly name: string;
  readonly nativeType: string;
  readonly members: readonly string[];
  /** The resource whose policy or binding names the pattern. */
  readonly source: TfResource;
}

export type MapFn = (r: TfResource, ctx: MapperContext) => void;
export type MapperTable = Readonly<Record<string, MapFn>>;

export const DEFAULT_MATCH_ON = ['id', 'arn', 'name', 'bucket', 'self_link'] as const;

interface Patch {
  readonly target: string;
  readonly facts: Facts;
  readonly mode: MergeMode;
}

interface Unresolved {
  readonly types: readonly string[];
  readonly facts: readonly FactName[];
  readonly reason: string;
}

/** A flow whose evidence grows while mappers run; handed over as a Flow. */
interface MutableFlow extends Omit<Flow, 'evidence'> {
  readonly evidence: Evidence[];
}

interface MutableAsset extends Omit<Asset, 'facts' | 'members'> {
  facts: Record<string, Fact>;
  members?: readonly string[];
}

export function providerOf(type: string): Provider {
  if (type.startsWith('aws_')) return 'aws';
  if (type.startsWith('azurerm_') || type.startsWith('azapi_')) return 'azure';
  if (type.startsWith('google_')) return 'gcp';
  return 'external';
}

export interface MappedInventory {
  readonly assets: Asset[];
  readonly flows: Flow[];
  readonly notes: CoverageNote[];
}

/** Runs the provider mappers over the resources and applies their effects. */
export function mapResources(
  input: string,
  resources: readonly TfResource[],
  references: ReferenceIndex,
  mappers: MapperTable,
): MappedInventory {
  const assets = new Map<string, MutableAsset>();
  const patches: Patch[] = [];
  const unresolved: Unresolved[] = [];
  const flows = new Map<string, MutableFlow>();
  const notes: CoverageNote[] = [];
  const byAddress = new Map<string, TfResource>();
  const byConfig = new Map<string, TfResource[]>();
  const byType = new Map<string, TfResource[]>();
  for (const r of resources) {
    byAddress.set(r.address, r);
    push(byConfig, r.configAddress, r);
    push(byType, r.type, r);
  }
  const valueIndex = new Map<string, Map<string, TfResource[]>>();
  const memos = new Map<string, unknown>();

  function indexFor(type: string, attr: string): Map<string, TfResource[]> {
    const key = `${type}\u0000${attr}`;
    let index = valueIndex.get(key);
    if (!index) {
      index = new Map();
      for (const r of byType.get(type) ?? []) {
        const v = valueAt(r, attr);
        if (typeof v === 'string' && v !== '') push(index, v, r);
      }
      valueIndex.set(key, index);
    }
    return index;
  }

  function instancesOf(configAddress: string, from: TfResource): TfResource[] {
    const all = byConfig.get(configAddress) ?? [];
    if (all.length <= 1) return all;
    const sameKey = all.filter((t) => t.index !== undefined && t.index === from.index);
    if (sameKey.length > 0) return sameKey;
    const sameModule = all.filter((t) => t.module === from.module);
    return sameModule.length > 0 ? sameModule : all;
  }

  const ctx: MapperContext = {
    input,
    asset(r, init) {
      const id = init.id ?? r.address;
      const sensitive = markedAttributes(r.sensitive);
      assets.set(id, {
        id,
        kind: init.kind,
        provider: providerOf(r.type),
        nativeType: init.nativeType ?? r.type,
        name: init.name ?? displayName(r),
        source: {
          input,
          address: r.address,
          ...(r.file === undefined ? {} : { file: r.file, line: r.line ?? 1 }),
        },
        facts: { ...(init.facts as Record<string, Fact>) },
        tags: tagsOf(r),
        action: r.action,
        ...(r.lines === undefined ? {} : { lines: r.lines }),
        ...(sensitive.length > 0 ? { sensitive } : {}),
      });
      return id;
    },
    patch(target, facts, mode = 'set') {
      // A resource that may not exist (count or for_each unknown) cannot state anything about another asset.
      const doubt = mapping?.existence;
      patches.push({
        target,
        facts: doubt === undefined || target === mapping?.address ? facts : doubted(facts, doubt),
        mode,
      });
    },
    unresolved(r, path, types, facts) {
      unresolved.push({
        types,
        facts,
        reason: `${r.address}.${attributeName(path)} could not be linked to a ${types.join(' or ')}`,
      });
      notes.push({
        kind: 'unresolved-link',
        message: `${attributeName(path)} could not be linked to a ${types.join(' or ')}; the facts it sets are unknown`,
        input,
        address: r.address,
      });
    },
    flow(from, to, kind, evidence, options) {
      const id = flowId(kind, from, to);
      const existing = flows.get(id);
      if (existing) {
        if (Array.isArray(evidence)) existing.evidence.push(...(evidence as readonly Evidence[]));
        else existing.evidence.push(evidence as Evidence);
        return;
      }
      const list = Array.isArray(evidence) ? [...(evidence as readonly Evidence[])] : [evidence as Evidence];
      flows.set(
        id,
        options === undefined
          ? { id, from, to, kind, evidence: list }
          : { id, from, to, kind, evidence: list, ...options },
      );
    },
    linked(r, path, targetTypes, matchOn = DEFAULT_MATCH_ON) {
      const out = new Map<string, Link>();
      const refs = blockExists(r, path) ? references.refs(r.configAddress, path) : [];
      const known = refs.length === 0 ? undefined : knownStrings(r, path);
      for (const ref of refs) {
        for (const t of instancesOf(ref, r)) {
          if (!targetTypes.includes(t.type)) continue;
          // A known value names its target: a reference it does not reflect is a branch not taken.
          if (known !== undefined && !reflects(known, t, matchOn)) continue;
          out.set(t.address, { resource: t, via: `reference to ${ref}` });
        }
      }
      if (out.size === 0 && !isUnknownAt(r, path)) {
        const v = valueAt(r, path);
        const values =
          typeof v === 'string'
            ? [v]
            : Array.isArray(v)
              ? v.filter((x): x is string => typeof x === 'string')
              : [];
        for (const value of values) {
          for (const t of ctx.byValue(targetTypes, value, matchOn)) {
            if (t.address !== r.address)
              out.set(t.address, { resource: t, via: `value "${value}" matches ${t.address}` });
          }
        }
      }
      if (out.size === 0) return [];
      return [...out.values()].sort((a, b) => (a.resource.address < b.resource.address ? -1 : 1));
    },
    byValue(targetTypes, value, matchOn = DEFAULT_MATCH_ON) {
      const out = new Set<TfResource>();
      for (const type of targetTypes)
        for (const attr of matchOn) for (const t of indexFor(type, attr).get(value) ?? []) out.add(t);
      return [...out];
    },
    resources: (type) => byType.get(type) ?? [],
    resource: (address) => byAddress.get(address),
    evidence(r, path, note) {
      const assetId = r.address;
      const attribute = attributeName(path);
      const source = sourceOf(r, input, path);
      if (isUnknownAt(r, path)) return { assetId, attribute, source, note: note ?? 'known only after apply' };
      let value: string;
      if (isSensitiveAt(r, path)) value = '(sensitive)';
      else {
        const v = valueAt(r, path);
        value = v === undefined ? '(not set)' : typeof v === 'string' ? v : JSON.stringify(v);
        if (value.length > 200) value = `${value.slice(0, 197)}...`;
      }
      return note === undefined
        ? { assetId, attribute, source, value }
        : { assetId, attribute, source, value, note };
    },
    note(kind, message, address) {
      notes.push({ kind, message, input, ...(address === undefined ? {} : { address }) });
    },
    resourceSet(init) {
      if (init.members.length < 2) return init.members;
      const id = `set:${init.key}`;
      if (assets.has(id)) return [id];
      assets.set(id, {
        id,
        kind: 'resource-set',
        provider: init.provider,
        nativeType: init.nativeType,
        name: init.name,
        source: { input, address: init.source.address },
        facts: {},
        tags: {},
        members: [...init.members].sort(),
      });
      return [id];
    },
    memo<T>(key: string, build: () => T): T {
      if (memos.has(key)) return memos.get(key) as T;
      const value = build();
      memos.set(key, value);
      return value;
    },
    referrers(target, sourceType, relation, targetsOf) {
      const index = ctx.memo(`referrers:${sourceType}:${relation}`, () => {
        const map = new Map<string, TfResource[]>();
        for (const source of byType.get(sourceType) ?? []) {
          for (const t of new Set(targetsOf(source))) push(map, t.address, source);
        }
        return map;
      });
      return index.get(target.address) ?? [];
    },
  };

  const unsupported = new Map<string, number>();
  let mapping: TfResource | undefined;
  for (const r of resources) {
    if (r.action === 'delete') continue;
    const map = Object.hasOwn(mappers, r.type) ? mappers[r.type] : undefined;
    if (map === undefined) {
      unsupported.set(r.type, (unsupported.get(r.type) ?? 0) + 1);
      continue;
    }
    mapping = r;
    map(r, ctx);
  }
  for (const [type, count] of [...unsupported].sort(([a], [b]) => (a < b ? -1 : 1))) {
    notes.push({
      kind: 'unsupported-type',
      message: `${count} resource${count === 1 ? '' : 's'} of type ${type} not modelled`,
      input,
    });
  }

  for (const p of patches) {
    const asset = assets.get(p.target);
    if (!asset) continue;
    for (const [name, fact] of Object.entries(p.facts) as [string, Fact][]) {
      asset.facts[name] = mergeFact(asset.facts[name], fact, p.mode);
    }
  }
  if (unresolved.length > 0) {
    // The first unresolved link that makes a fact of a type unknown gives the reason; later ones change nothing.
    const reasons = new Map<string, Map<FactName, string>>();
    for (const u of unresolved) {
      for (const type of u.types) {
        let byFact = reasons.get(type);
        if (byFact === undefined) reasons.set(type, (byFact = new Map<FactName, string>()));
        for (const name of u.facts) if (!byFact.has(name)) byFact.set(name, u.reason);
      }
    }
    for (const asset of assets.values()) {
      for (const [name, reason] of reasons.get(asset.nativeType) ?? []) {
        const f = asset.facts[name];
        if (f === undefined || f.state === 'default')
          asset.facts[name] = unknown(f?.attribute ?? name, reason);
      }
    }
  }

  // Members that are not assets (deleted, unmapped) are dropped; a set left empty goes with its grants.
  for (const [id, asset] of assets) {
    if (asset.members === undefined) continue;
    const members = asset.members.filter((m) => assets.has(m));
    if (members.length === 0) assets.delete(id);
    else asset.members = members;
  }

  const outFlows: Flow[] = [];
  for (const flow of flows.values()) {
    if (!assets.has(flow.from) || !assets.has(flow.to) || flow.from === flow.to) continue;
    outFlows.push(flow);
  }
  outFlows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { assets: [...assets.values()], flows: outFlows, notes };
}

/** Facts as stated by a resource that may not exist: each known value becomes unknown, with why. */
function doubted(facts: Facts, why: string): Facts {
  const out: Record<string, Fact> = {};
  for (const [name, f] of Object.entries(facts) as [string, Fact][])
    out[name] = f.state === 'unknown' ? f : unknown(f.attribute, why);
  return out;
}

/**
 * Whether the block holding the attribute at `path` exists (or may: it is unknown). A `dynamic` block over an
 * empty collection, or an optional block left out, has no attribute whose references could count.
 */
function blockExists(r: TfResource, path: string): boolean {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return true;
  const parent = path.slice(0, dot);
  return valueAt(r, parent) !== undefined || isUnknownAt(r, parent) || hasUnknownBelow(r, parent);
}

/** The value at `path` as strings, when it is wholly known (not unknown in any part); else undefined. */
function knownStrings(r: TfResource, path: string): string[] | undefined {
  if (hasUnknownBelow(r, path)) return undefined;
  const v = valueAt(r, path);
  if (typeof v === 'string') return [v.toLowerCase()];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.map((x) => x.toLowerCase());
  return undefined;
}

/**
 * Whether a known value can stand for the target: one of the target's identifying attributes is unknown or
 * absent (it cannot be compared), or it and the value contain one another (a name inside an ARN, an id cut
 * from a URL), case aside.
 */
function reflects(values: readonly string[], t: TfResource, matchOn: readonly string[]): boolean {
  let compared = false;
  for (const attr of matchOn) {
    if (isUnknownAt(t, attr)) return true;
    const a = valueAt(t, attr);
    if (typeof a !== 'string' || a.length < 3) continue;
    compared = true;
    const lower = a.toLowerCase();
    if (values.some((v) => v.length >= 3 && (v.includes(lower) || lower.includes(v)))) return true;
  }
  return !compared;
}

/** How a fact another resource states about an asset combines with the one it has (`or`: any true wins). */
export function mergeFact(current: Fact | undefined, next: Fact, mode: MergeMode): Fact {
  if (current === undefined) return next;
  if (mode === 'and') {
    if (current.state === 'default') return next;
    if (next.state === 'default') return current;
    if (isFalse(current)) return current;
    if (isFalse(next)) return next;
    if (current.state === 'unknown') return current;
    return next;
  }
  if (mode === 'or') {
    if (isTrue(current)) return current;
    if (isTrue(next)) return next;
    if (current.state === 'unknown') return current;
    if (next.state === 'unknown') return next;
    return current.state === 'explicit' ? current : next;
  }
  // A provider default never overrides what another resource stated or left unknown.
  if (next.state === 'default' && current.state !== 'default') return current;
  return next;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function displayName(r: TfResource): string {
  for (const key of ['name', 'bucket', 'function_name', 'endpoint_name', 'display_name']) {
    const v = valueAt(r, key);
    if (typeof v === 'string' && v !== '' && !isSensitiveAt(r, key)) return v;
  }
  return r.index === undefined ? r.name : `${r.name}[${JSON.stringify(r.index)}]`;
}

/** Where evidence was read: the resource, and in source scans the file and line of the attribute. */
function sourceOf(r: TfResource, input: string, path: string): Evidence['source'] {
  if (r.file === undefined) return { input, address: r.address };
  return { input, address: r.address, file: r.file, line: attributeLine(r.lines, path) ?? r.line ?? 1 };
}
