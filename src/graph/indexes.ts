import type { ThreatGraph } from './build.js';
import type { InflowIndex, SetIndex } from './sets.js';

/** Indexes buildGraph computes for zone inference, which the view of the same graph needs too. */
export interface GraphIndexes {
  readonly sets: SetIndex;
  readonly inflows: InflowIndex;
}

const built = new WeakMap<ThreatGraph, GraphIndexes>();

/** Any change to a graph's nodes, edges or their attributes makes its remembered indexes stale. */
const MUTATIONS = [
  'nodeAdded',
  'edgeAdded',
  'nodeDropped',
  'edgeDropped',
  'cleared',
  'edgesCleared',
  'nodeAttributesUpdated',
  'edgeAttributesUpdated',
] as const;

/** Keeps the indexes of a graph as built, until the graph changes. */
export function rememberIndexes(graph: ThreatGraph, indexes: GraphIndexes): void {
  built.set(graph, indexes);
  const forget = (): void => {
    built.delete(graph);
    for (const event of MUTATIONS) graph.removeListener(event, forget);
  };
  for (const event of MUTATIONS) graph.on(event, forget);
}

/** The indexes remembered for a graph that has not changed since it was built, if any. */
export function builtIndexes(graph: ThreatGraph): GraphIndexes | undefined {
  return built.get(graph);
}
