import type { Asset, GraphView } from '../../../src/model/index.js';

const RETRIEVERS = ['knowledge-base', 'vector-store', 'agent'] as const;

/** Stores that a knowledge base, vector store or agent retrieves from, with the retrievers. */
export function retrievalSources(view: GraphView): { store: Asset; retrievers: Asset[] }[] {
  const bySource = new Map<string, { store: Asset; retrievers: Asset[] }>();
  for (const r of view.assets(RETRIEVERS)) {
    for (const f of view.flowsFrom(r.id, ['retrieve-from'])) {
      const store = view.asset(f.to);
      if (store === undefined || (RETRIEVERS as readonly string[]).includes(store.kind)) continue;
      if (store.kind === 'identity' || store.kind === 'key') continue;
      const entry = bySource.get(store.id) ?? { store, retrievers: [] };
      if (!entry.retrievers.some((x) => x.id === r.id)) entry.retrievers.push(r);
      bySource.set(store.id, entry);
    }
  }
  return [...bySource.values()].sort((a, b) => a.store.id.localeCompare(b.store.id));
}

/** The agents that retrieve, directly or through knowledge bases and vector stores, from a store. */
export function agentsRetrievingFrom(view: GraphView, storeId: string): Set<string> {
  const out = new Set<string>();
  let frontier = [storeId];
  const seen = new Set(frontier);
  for (let hop = 0; hop < 3 && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const f of view.flowsTo(id, ['retrieve-from'])) {
        const from = view.asset(f.from);
        if (from === undefined || seen.has(from.id)) continue;
        seen.add(from.id);
        if (from.kind === 'agent') out.add(from.id);
        next.push(from.id);
      }
    }
    frontier = next;
  }
  return out;
}

/** The tools an agent calls, one or two invoke hops away (action group → function). */
export function toolsOf(view: GraphView, agentId: string): Asset[] {
  const first = view.targets(agentId, ['invoke']).filter((t) => t.kind !== 'foundation-model-service');
  const out = [...first];
  for (const t of first) out.push(...view.targets(t.id, ['invoke']));
  return out;
}
