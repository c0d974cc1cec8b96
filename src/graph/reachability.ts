import type { MultiDirectedGraph } from 'graphology';
import type { FlowKind } from '../model/index.js';
import type { SetIndex } from './sets.js';
import type { AssetNode, FlowEdge } from './types.js';

/**
 * Multi-source breadth-first search along flows of the given kinds. Returns, for every reached asset, the asset
 * it was first reached from (sources map to null), so one search answers both "is it reachable" and "by which
 * shortest path" for every target.
 */
export function reachableFrom(
  graph: MultiDirectedGraph<AssetNode, FlowEdge>,
  sources: Iterable<string>,
  kinds: ReadonlySet<FlowKind>,
  sets?: SetIndex,
): Map<string, string | null> {
  const parent = new Map<string, string | null>();
  const queue: string[] = [];
  for (const s of sources) {
    if (!graph.hasNode(s) || parent.has(s)) continue;
    parent.set(s, null);
    queue.push(s);
  }
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as string;
    const reach = (target: string): void => {
      if (parent.has(target)) return;
      parent.set(target, node);
      queue.push(target);
    };
    // A resource set was reached by a flow of a wanted kind: its members are reached through it.
    if (sets?.isSet(node) === true) sets.membersOf(node).forEach(reach);
    else
      graph.forEachOutEdge(node, (_edge, attrs, _source, target) => {
        if (kinds.has(attrs.flow.kind)) reach(target);
      });
  }
  return parent;
}

/** The path from a search source to `target` in a parent map from `reachableFrom`. */
export function pathTo(parent: ReadonlyMap<string, string | null>, target: string): string[] | undefined {
  if (!parent.has(target)) return undefined;
  const path: string[] = [];
  for (let at: string | null | undefined = target; at !== null && at !== undefined; at = parent.get(at)) {
    path.push(at);
    if (path.length > parent.size) break;
  }
  return path.reverse();
}
