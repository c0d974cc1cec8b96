import type { Asset, AssetKind, Flow, FlowKind, GraphView, ZoneAssignment, ZoneId } from '../model/index.js';
import type { ThreatGraph } from './build.js';
import { pathTo, reachableFrom } from './reachability.js';

/**
 * The query API rules use. Indexes assets by kind once; reachability from a zone is computed once per
 * (zone, flow kinds) and shared by every rule and asset that asks.
 */
export function createView(graph: ThreatGraph): GraphView {
  const byKind = new Map<AssetKind, Asset[]>();
  const all: Asset[] = [];
  const byZone = new Map<ZoneId, string[]>();
  graph.forEachNode((id, attrs) => {
    all.push(attrs.asset);
    const list = byKind.get(attrs.asset.kind);
    if (list !== undefined) list.push(attrs.asset);
    else byKind.set(attrs.asset.kind, [attrs.asset]);
    const zoneList = byZone.get(attrs.zone.zone);
    if (zoneList !== undefined) zoneList.push(id);
    else byZone.set(attrs.zone.zone, [id]);
  });
  const searches = new Map<string, { parent: Map<string, string | null>; reached: Set<string> }>();

  function search(
    zone: ZoneId,
    kinds: readonly FlowKind[],
  ): { parent: Map<string, string | null>; reached: Set<string> } {
    const key = `${zone}|${[...kinds].sort().join(',')}`;
    let result = searches.get(key);
    if (result === undefined) {
      const parent = reachableFrom(graph, byZone.get(zone) ?? [], new Set(kinds));
      result = { parent, reached: new Set(parent.keys()) };
      searches.set(key, result);
    }
    return result;
  }

  function edges(id: string, direction: 'out' | 'in', kinds?: readonly FlowKind[]): Flow[] {
    if (!graph.hasNode(id)) return [];
    const out: Flow[] = [];
    const visit = (_e: string, attrs: { flow: Flow }): void => {
      if (kinds === undefined || kinds.includes(attrs.flow.kind)) out.push(attrs.flow);
    };
    if (direction === 'out') graph.forEachOutEdge(id, visit);
    else graph.forEachInEdge(id, visit);
    return out;
  }

  const view: GraphView = {
    assets(kind) {
      if (kind === undefined) return all;
      if (typeof kind === 'string') return byKind.get(kind) ?? [];
      return kind
        .flatMap((k) => byKind.get(k) ?? [])
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    asset: (id) => (graph.hasNode(id) ? graph.getNodeAttributes(id).asset : undefined),
    zone(id): ZoneAssignment {
      if (!graph.hasNode(id)) throw new Error(`threatgraph/graph: no asset ${id}`);
      return graph.getNodeAttributes(id).zone;
    },
    flowsFrom: (id, kinds) => edges(id, 'out', kinds),
    flowsTo: (id, kinds) => edges(id, 'in', kinds),
    targets: (id, kinds) => edges(id, 'out', kinds).flatMap((f) => view.asset(f.to) ?? []),
    sources: (id, kinds) => edges(id, 'in', kinds).flatMap((f) => view.asset(f.from) ?? []),
    reachableFromZone: (zone, kinds) => search(zone, kinds).reached,
    pathFromZone: (zone, target, kinds) => pathTo(search(zone, kinds).parent, target),
  };
  return view;
}
