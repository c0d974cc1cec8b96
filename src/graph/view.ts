import type { Asset, AssetKind, Flow, FlowKind, GraphView, ZoneAssignment, ZoneId } from '../model/index.js';
import type { ThreatGraph } from './build.js';
import type { AssetNode } from './types.js';
import { pathTo, reachableFrom } from './reachability.js';
import { indexSets, throughSet } from './sets.js';

/**
 * The query API rules use. Indexes assets by kind once; reachability from a zone is computed once per
 * (zone, flow kinds) and shared by every rule and asset that asks.
 */
export function createView(graph: ThreatGraph): GraphView {
  const byKind = new Map<AssetKind, Asset[]>();
  const all: Asset[] = [];
  const byZone = new Map<ZoneId, string[]>();
  const nodes = new Map<string, AssetNode>();
  const sets = indexSets(graph.mapNodes((_id, attrs) => attrs.asset));
  graph.forEachNode((id, attrs) => {
    nodes.set(id, attrs);
    // Resource sets are an index of the graph, not elements of the system: rules see through them.
    if (sets.isSet(id)) return;
    all.push(attrs.asset);
    const list = byKind.get(attrs.asset.kind);
    if (list !== undefined) list.push(attrs.asset);
    else byKind.set(attrs.asset.kind, [attrs.asset]);
    const zoneList = byZone.get(attrs.zone.zone);
    if (zoneList !== undefined) zoneList.push(id);
    else byZone.set(attrs.zone.zone, [id]);
  });
  // Adjacency as plain arrays: rules ask for the flows of every asset, often several times.
  const outOf = new Map<string, Flow[]>();
  const into = new Map<string, Flow[]>();
  graph.forEachEdge((_key, { flow }) => {
    push(outOf, flow.from, flow);
    push(into, flow.to, flow);
  });
  const byKinds = new Map<string, Asset[]>();
  const searches = new Map<string, { parent: Map<string, string | null>; reached: Set<string> }>();

  function search(
    zone: ZoneId,
    kinds: readonly FlowKind[],
  ): { parent: Map<string, string | null>; reached: Set<string> } {
    const key = `${zone}|${[...kinds].sort().join(',')}`;
    let result = searches.get(key);
    if (result === undefined) {
      const parent = reachableFrom(graph, byZone.get(zone) ?? [], new Set(kinds), sets);
      result = { parent, reached: new Set(parent.keys()) };
      searches.set(key, result);
    }
    return result;
  }

  const wanted = (f: Flow, kinds: readonly FlowKind[] | undefined): boolean =>
    kinds === undefined || kinds.includes(f.kind);

  function flowsFrom(id: string, kinds?: readonly FlowKind[], throughSets = true): Flow[] {
    if (sets.isSet(id)) return [];
    const out: Flow[] = [];
    for (const flow of outOf.get(id) ?? []) {
      if (!wanted(flow, kinds)) continue;
      if (!throughSets || !sets.isSet(flow.to)) out.push(flow);
      else for (const m of sets.membersOf(flow.to)) if (m !== id) out.push(throughSet(flow, m));
    }
    return out;
  }

  // Every member of a set asks for the same flows into it: filter them once per set and kinds.
  interface SetInflow {
    /** flows[i] comes from sources[i]. */
    readonly flows: Flow[];
    readonly sources: Asset[];
    readonly from: ReadonlySet<string>;
  }
  const intoSet = new Map<string, SetInflow>();
  function setInflow(set: string, kinds: readonly FlowKind[] | undefined): SetInflow {
    const key = `${set}\u0000${kinds?.join(',') ?? '*'}`;
    let cached = intoSet.get(key);
    if (cached === undefined) {
      const flows = (into.get(set) ?? []).filter((f) => wanted(f, kinds) && asset(f.from) !== undefined);
      cached = {
        flows,
        sources: flows.map((f) => asset(f.from) as Asset),
        from: new Set(flows.map((f) => f.from)),
      };
      intoSet.set(key, cached);
    }
    return cached;
  }

  function incoming<T>(
    id: string,
    kinds: readonly FlowKind[] | undefined,
    pick: (f: Flow) => T | undefined,
    fromSet: (c: SetInflow) => readonly T[],
  ): readonly T[] {
    if (sets.isSet(id)) return [];
    const direct = into.get(id);
    const memberOf = sets.setsOf(id);
    // The common case for a member of one big set: share the set's list instead of copying it.
    if (direct === undefined && memberOf.length === 1) {
      const cached = setInflow(memberOf[0] as string, kinds);
      if (!cached.from.has(id)) return fromSet(cached);
    }
    const out: T[] = [];
    for (const flow of into.get(id) ?? []) {
      const item = wanted(flow, kinds) ? pick(flow) : undefined;
      if (item !== undefined) out.push(item);
    }
    for (const s of sets.setsOf(id)) {
      const cached = setInflow(s, kinds);
      const items = fromSet(cached);
      // A member granted access to its own set (a function allowed to invoke every function) is no source.
      for (let i = 0; i < items.length; i++) if (cached.flows[i]?.from !== id) out.push(items[i] as T);
    }
    return out;
  }

  const flowsTo = (id: string, kinds?: readonly FlowKind[]): readonly Flow[] =>
    incoming(
      id,
      kinds,
      (f) => f,
      (c) => c.flows,
    );

  const asset = (id: string): Asset | undefined => nodes.get(id)?.asset;

  const view: GraphView = {
    assets(kind) {
      if (kind === undefined) return all;
      if (typeof kind === 'string') return byKind.get(kind) ?? [];
      // Rules ask for the same few lists of kinds: sort each once.
      const key = kind.join(',');
      let list = byKinds.get(key);
      if (list === undefined) {
        list = kind
          .flatMap((k) => byKind.get(k) ?? [])
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        byKinds.set(key, list);
      }
      return list;
    },
    asset,
    zone(id): ZoneAssignment {
      const node = nodes.get(id);
      if (node === undefined) throw new Error(`threatgraph/graph: no asset ${id}`);
      return node.zone;
    },
    flowsFrom: (id, kinds, options) => flowsFrom(id, kinds, options?.throughSets !== false),
    flowsTo,
    flowsBetween(from, to, kinds) {
      const out: Flow[] = [];
      // Walk the shorter list: the internet has a flow to every exposed asset, a set one from every grantee.
      for (const end of [to, ...sets.setsOf(to)]) {
        const leaving = outOf.get(from) ?? [];
        const arriving = into.get(end) ?? [];
        const list = leaving.length <= arriving.length ? leaving : arriving;
        for (const flow of list) {
          if (flow.from !== from || flow.to !== end || !wanted(flow, kinds)) continue;
          out.push(end === to ? flow : throughSet(flow, to));
        }
      }
      return out;
    },
    targets: (id, kinds) => flowsFrom(id, kinds).flatMap((f) => asset(f.to) ?? []),
    sources: (id, kinds) =>
      incoming(
        id,
        kinds,
        (f) => asset(f.from),
        (c) => c.sources,
      ),
    reachableFromZone: (zone, kinds) => search(zone, kinds).reached,
    // A path through a set names the member it leads to, not the set.
    pathFromZone: (zone, target, kinds) =>
      pathTo(search(zone, kinds).parent, target)?.filter((id) => !sets.isSet(id)),
  };
  return view;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list !== undefined) list.push(value);
  else map.set(key, [value]);
}
