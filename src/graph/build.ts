import graphology from 'graphology';
import type { Asset, Flow, Inventory, ZoneAssignment } from '../model/index.js';
import { INTERNET_ASSET, INTERNET_ID, deriveFlows } from './derive.js';
import type { AssetNode, FlowEdge } from './types.js';
import { inferZones } from './zones.js';

const { MultiDirectedGraph } = graphology;
export type ThreatGraph = InstanceType<typeof MultiDirectedGraph<AssetNode, FlowEdge>>;

/**
 * Builds the graph of an inventory in one pass: assets become nodes, flows (given and derived) become edges,
 * and every node gets its zone with the reason it was inferred.
 */
export function buildGraph(inventory: Inventory): ThreatGraph {
  const assets = new Map<string, Asset>();
  for (const a of inventory.assets) assets.set(a.id, a);
  const derived = deriveFlows(assets, inventory.flows);
  if (derived.some((f) => f.from === INTERNET_ID)) assets.set(INTERNET_ID, INTERNET_ASSET);

  const seen = new Set<string>();
  const flows: Flow[] = [];
  for (const f of [...inventory.flows, ...derived]) {
    if (seen.has(f.id) || !assets.has(f.from) || !assets.has(f.to)) continue;
    seen.add(f.id);
    flows.push(f);
  }
  flows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const zones = inferZones(assets, flows);

  const graph: ThreatGraph = new MultiDirectedGraph<AssetNode, FlowEdge>({ allowSelfLoops: false });
  const ids = [...assets.keys()].sort();
  for (const id of ids) {
    const asset = assets.get(id) as Asset;
    graph.addNode(id, { asset, zone: zones.get(id) as ZoneAssignment });
  }
  for (const f of flows) graph.addDirectedEdgeWithKey(f.id, f.from, f.to, { flow: f });
  return graph;
}
