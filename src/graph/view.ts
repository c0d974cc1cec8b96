import type { Asset, AssetKind, Flow, FlowKind, GraphView, ZoneAssignment, ZoneId } from '../model/index.js';
import type { ThreatGraph } from './build.js';
import type { AssetNode } from './types.js';
import { pathTo, reachableFrom } from './reachability.js';
import { builtIndexes } from './indexes.js';
import { byId, inIdOrder, mergeById } from './order.js';
import { indexInflows, indexSets, joined, throughSet } from './sets.js';

/**
 * The query API rules use. Indexes assets by kind once; reachability from a zone is computed once per
 * (zone, flow kinds) and shared by every rule and asset that asks.
 */
export function createView(graph: ThreatGraph): GraphView {
  const byKind = new Map<AssetKind, Asset[]>();
  const all: Asset[] = [];
  const byZone = new Map<ZoneId, string[]>();
  const nodes = new Map<string, AssetNode>();
  const known = builtIndexes(graph);
  const sets = known?.sets ?? indexSets(graph.mapNodes((_id, attrs) => attrs.asset));
  graph.forEachNode((id, attrs) => {
    nodes.set(id, attrs);
    // Resource sets are an index of the graph, not elements of the system: rules see through them.
    if (sets.isSet(id)) return;
    all.push(attrs.asset);
    push(byKind, attrs.asset.kind, attrs.asset);
    push(byZone, attrs.zone.zone, id);
  });
  // buildGraph adds nodes in id order; a graph built otherwise is put in that order once.
  if (!inIdOrder(all)) {
    all.sort(byId);
    for (const list of byKind.values()) list.sort(byId);
  }
  // Adjacency as plain arrays: rules ask for the flows of every asset, often several times.
  const outOf = new Map<string, Flow[]>();
  const flows = graph.mapEdges((_key, { flow }) => flow);
  for (const flow of flows) push(outOf, flow.from, flow);
  const inflows = known?.inflows ?? indexInflows(flows, sets);
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

  const asset = (id: string): Asset | undefined => nodes.get(id)?.asset;

  // The members of a set share one list of flows into it, and so one list of sources.
  const sourcesOf = new WeakMap<readonly Flow[], readonly Asset[]>();
  function sources(id: string, kinds: readonly FlowKind[]): readonly Asset[] {
    const lists = inflows.parts(id, kinds).map((flows) => {
      let list = sourcesOf.get(flows);
      if (list === undefined) {
        const found: Asset[] = [];
        for (const f of flows) {
          const a = asset(f.from);
          if (a !== undefined) found.push(a);
        }
        sourcesOf.set(flows, (list = found));
      }
      return list;
    });
    return joined(lists);
  }

  const sourceKinds = new WeakMap<readonly Flow[], Map<string, boolean>>();
  function hasSource(id: string, flowKinds: readonly FlowKind[], kinds: readonly AssetKind[]): boolean {
    const key = kinds.join(',');
    return inflows.parts(id, flowKinds).some((flows) => {
      let memo = sourceKinds.get(flows);
      if (memo === undefined) sourceKinds.set(flows, (memo = new Map<string, boolean>()));
      let found = memo.get(key);
      if (found === undefined) {
        found = flows.some((f) => {
          const from = asset(f.from);
          return from !== undefined && kinds.includes(from.kind);
        });
        memo.set(key, found);
      }
      return found;
    });
  }

  const view: GraphView = {
    assets(kind) {
      if (kind === undefined) return all;
      if (typeof kind === 'string') return byKind.get(kind) ?? [];
      // Rules ask for the same few lists of kinds: build each once, merging the id-ordered lists of the kinds.
      const key = kind.join(',');
      let list = byKinds.get(key);
      if (list === undefined) {
        list = mergeById([...new Set(kind)].map((k) => byKind.get(k) ?? []));
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
    flowsTo: inflows.of,
    flowsBetween(from, to, kinds) {
      const seenAt = (f: Flow): Flow => (f.to === to ? f : throughSet(f, to));
      // Walk the shorter list: the internet has a flow to every exposed asset, a set one from every grantee.
      const leaving = outOf.get(from) ?? [];
      const arriving = inflows.of(to, kinds);
      if (arriving.length <= leaving.length) return arriving.filter((f) => f.from === from).map(seenAt);
      const ends = [to, ...sets.setsOf(to)];
      return leaving.filter((f) => ends.includes(f.to) && wanted(f, kinds)).map(seenAt);
    },
    targets: (id, kinds) => flowsFrom(id, kinds).flatMap((f) => asset(f.to) ?? []),
    sources,
    hasSource,
    reachableFromZone: (zone, kinds) => search(zone, kinds).reached,
    // A path through a set names the member it leads to, not the set.
    pathFromZone: (zone, target, kinds) =>
      pathTo(search(zone, kinds).parent, target)?.filter((id) => !sets.isSet(id)),
  };
  return view;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list !== undefined) list.push(value);
  else map.set(key, [value]);
}
