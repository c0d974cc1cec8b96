import {
  explicit,
  flowId,
  isTrue,
  type Asset,
  type AssetKind,
  type Evidence,
  type Flow,
  type FlowKind,
} from '../model/index.js';

/** The synthetic external entity that stands for users and systems on the internet. */
export const INTERNET_ID = 'internet';

export const INTERNET_ASSET: Asset = {
  id: INTERNET_ID,
  kind: 'external-entity',
  provider: 'external',
  nativeType: 'internet',
  name: 'Users and systems on the internet',
  source: { input: 'threatgraph', address: INTERNET_ID },
  facts: {},
  tags: {},
};

/** Kinds a caller on the internet invokes when they are reachable. */
const INVOCABLE: ReadonlySet<AssetKind> = new Set<AssetKind>([
  'api-gateway',
  'load-balancer',
  'function',
  'inference-endpoint',
  'foundation-model-service',
  'agent',
  'compute-instance',
  'notebook',
  'ml-workspace',
  'ml-compute',
  'vector-store',
  'feature-store',
  'database',
  'object-store',
  'knowledge-base',
]);

/** Stores reachable over the network still need credentials; anonymous access is what exposes them. */
const STORES: ReadonlySet<AssetKind> = new Set<AssetKind>([
  'object-store',
  'database',
  'feature-store',
  'knowledge-base',
]);
const TRAINING: ReadonlySet<AssetKind> = new Set<AssetKind>(['training-job', 'ml-pipeline', 'ml-compute']);
const GRANT_KINDS: ReadonlySet<FlowKind> = new Set<FlowKind>(['read', 'write', 'invoke', 'deploy']);

/**
 * Flows that follow from the inventory rather than from one resource:
 * - internet → every asset that is reachable from the internet (invoke) or anonymously readable/writable;
 * - holder → target for every grant an identity holds (an identity's read/write become train-on and
 *   produce-artifact when the holder is a training workload).
 */
export function deriveFlows(assets: ReadonlyMap<string, Asset>, flows: readonly Flow[]): Flow[] {
  const out = new Map<string, Flow>();
  const add = (flow: Flow): void => {
    if (!out.has(flow.id)) out.set(flow.id, flow);
  };
  for (const a of assets.values()) {
    const reachable = a.facts.internetReachable;
    if (INVOCABLE.has(a.kind) && isTrue(reachable) && !STORES.has(a.kind)) {
      add({
        id: flowId('invoke', INTERNET_ID, a.id),
        from: INTERNET_ID,
        to: a.id,
        kind: 'invoke',
        ...(a.facts.requiresAuthentication === undefined
          ? {}
          : { authenticated: a.facts.requiresAuthentication }),
        evidence: [factEvidence(a, 'internetReachable')],
      });
    }
    for (const [fact, kind] of [
      ['anonymousRead', 'read'],
      ['anonymousWrite', 'write'],
    ] as const) {
      if (isTrue(a.facts[fact]) && !isTrue(a.facts.publicAccessBlocked)) {
        add({
          id: flowId(kind, INTERNET_ID, a.id),
          from: INTERNET_ID,
          to: a.id,
          kind,
          authenticated: explicit(false, fact),
          evidence: [factEvidence(a, fact)],
        });
      }
    }
  }

  const holders = new Map<string, string[]>();
  for (const f of flows) {
    if (f.kind !== 'assume-identity') continue;
    const list = holders.get(f.to);
    if (list !== undefined) list.push(f.from);
    else holders.set(f.to, [f.from]);
  }
  // A training workload that also writes a store reads back its own outputs (checkpoints, artifacts): that read
  // is not training on the store.
  const writes = new Set(flows.filter((f) => f.kind === 'write').map((f) => `${f.from}\u0000${f.to}`));
  for (const f of flows) {
    if (!GRANT_KINDS.has(f.kind) || assets.get(f.from)?.kind !== 'identity') continue;
    for (const holderId of holders.get(f.from) ?? []) {
      const holder = assets.get(holderId);
      if (holder === undefined || holderId === f.to) continue;
      const kind: FlowKind =
        TRAINING.has(holder.kind) && f.kind === 'read' && !writes.has(`${f.from}\u0000${f.to}`)
          ? 'train-on'
          : TRAINING.has(holder.kind) && f.kind === 'write'
            ? 'produce-artifact'
            : f.kind;
      const note = `granted to ${f.from}, which ${holderId} assumes`;
      add({
        ...f,
        id: flowId(kind, holderId, f.to),
        from: holderId,
        kind,
        evidence: f.evidence.map((e) => ({ ...e, note: e.note === undefined ? note : `${e.note}; ${note}` })),
      });
    }
  }
  return [...out.values()];
}

function factEvidence(a: Asset, fact: 'internetReachable' | 'anonymousRead' | 'anonymousWrite'): Evidence {
  const f = a.facts[fact];
  return {
    assetId: a.id,
    attribute: f?.attribute ?? fact,
    value: f === undefined || f.state === 'unknown' ? 'unknown' : String(f.value),
    ...(f?.state === 'unknown' ? { note: f.reason } : {}),
    source: a.source,
  };
}
