import { createHash } from 'node:crypto';
import {
  flowId,
  type Asset,
  type AssetKind,
  type CoverageNote,
  type Evidence,
  type Facts,
  type Flow,
  type FlowKind,
  type Inventory,
} from '../../src/model/index.js';
import { inputOf } from './runtime.js';

export interface LiveAzureAsset {
  /** The Azure resource id. */
  readonly id: string;
  readonly kind: AssetKind;
  readonly nativeType: string;
  readonly name: string;
  readonly region?: string;
  readonly facts?: Facts;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Assets and flows of a live Azure scan as they are found; `build` sorts everything, so call order never shows. */
export class AzureInventory {
  private readonly assets = new Map<string, Asset>();
  private readonly flows = new Map<string, Flow>();

  asset(subscription: string, a: LiveAzureAsset): string {
    if (this.assets.has(a.id)) return a.id;
    this.assets.set(a.id, {
      id: a.id,
      kind: a.kind,
      provider: 'azure',
      nativeType: a.nativeType,
      name: a.name,
      source: {
        input: inputOf(subscription),
        address: a.id,
        ...(a.region === undefined ? {} : { region: a.region }),
      },
      facts: a.facts ?? {},
      tags: a.tags ?? {},
    });
    return a.id;
  }

  flow(kind: FlowKind, from: string, to: string, evidence: Evidence): void {
    const id = flowId(kind, from, to);
    const first = this.flows.get(id);
    if (first === undefined) this.flows.set(id, { id, from, to, kind, evidence: [evidence] });
  }

  build(subscriptions: readonly string[], notes: readonly CoverageNote[]): Inventory {
    const assets = [...this.assets.values()].sort((a, b) => cmp(a.id, b.id));
    const flows = [...this.flows.values()].sort((a, b) => cmp(a.id, b.id));
    const inputs = [...new Set(subscriptions)].sort().map((sub) => {
      const own = assets.filter((a) => a.source.input === inputOf(sub));
      return {
        path: inputOf(sub),
        sha256: createHash('sha256').update(JSON.stringify(own)).digest('hex'),
        format: 'azure-live' as const,
        formatVersion: '1',
        resources: own.length,
        account: sub,
      };
    });
    const key = (n: CoverageNote): string =>
      [n.account ?? '', n.service ?? '', n.api ?? '', n.address ?? '', n.message].join('\u0000');
    const sorted = [...notes].sort((a, b) => cmp(key(a), key(b)));
    return { inputs, assets, flows, notes: sorted };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
