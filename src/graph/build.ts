import graphology from 'graphology';
import type { Asset, Flow, Inventory, ZoneAssignment } from '../model/index.js';
import { INTERNET_ASSET, INTERNET_ID, deriveFlows } from './derive.js';
import type { AssetNode, FlowEdge } from './types.js';
import { rememberIndexes } from './indexes.js';
import { byId, inIdOrder, mergeById } from './order.js';
import { indexInflows, indexSets } from './sets.js';
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

  const flows: Flow[] = [];
  // Collectors hand over flows sorted by id; only the derived ones need sorting before the two are merged.
  // In the merged order flows of one id are adjacent, so the first kept one is the last flow kept so far.
  let last: string | undefined;
  for (const f of mergeById([
    inIdOrder(inventory.flows) ? inventory.flows : [...inventory.flows].sort(byId),
    derived.sort(byId),
  ])) {
    if (f.id === last || !assets.has(f.from) || !assets.has(f.to)) continue;
    last = f.id;
    flows.push(f);
  }
  const sets = indexSets(assets.values());
  const inflows = indexInflows(flows, sets);
  const zones = inferZones(assets, { sets, inflows });

  const graph: ThreatGraph = new MultiDirectedGraph<AssetNode, FlowEdge>({ allowSelfLoops: false });
  const ids = [...assets.keys()].sort();
  for (const id of ids) {
    const asset = assets.get(id) as Asset;
    graph.addNode(id, { asset, zone: zones.get(id) as ZoneAssignment });
  }
  // Flow ids are unique already; nothing looks edges up by key, so graphology numbers them itself.
  for (const f of flows) graph.addDirectedEdge(f.from, f.to, { flow: f });
  rememberIndexes(graph, { sets, inflows });
  return graph;
}
