import { createHash } from 'node:crypto';
import {
  flowId,
  type Asset,
  type AssetKind,
  type CoverageNote,
  type Evidence,
  type Fact,
  type Facts,
  type FlowKind,
  type Flow,
  type InputInfo,
  type Inventory,
  type Provider,
} from '../../src/model/index.js';

/** An asset as a live collector finds it; its id is the cloud's own (an ARN, an Azure resource id). */
export interface LiveAsset {
  readonly id: string;
  readonly kind: AssetKind;
  readonly nativeType: string;
  readonly name: string;
  readonly facts?: Facts;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Which cloud a live inventory is of, and how its accounts (subscriptions, projects) name their inputs. */
export interface LiveCloud {
  readonly provider: Provider;
  readonly format: InputInfo['format'];
  inputOf(account: string): string;
}

/**
 * Assets and flows of a live scan as they are found, for every live collector. Services run concurrently, so
 * nothing here depends on the order of calls: `build` sorts everything, and the same account gives
 * byte-identical output. Each collector's subclass says how an asset names its account and region.
 */
export class LiveInventoryCore {
  private readonly assets = new Map<string, Asset>();
  private readonly flows = new Map<string, Flow>();

  constructor(private readonly cloud: LiveCloud) {}

  /** Adds an asset of `account` unless one of that id was found before; returns the id. */
  protected add(account: string, region: string | undefined, a: LiveAsset): string {
    if (this.assets.has(a.id)) return a.id;
    this.assets.set(a.id, {
      id: a.id,
      kind: a.kind,
      provider: this.cloud.provider,
      nativeType: a.nativeType,
      name: a.name,
      source: {
        input: this.cloud.inputOf(account),
        address: a.id,
        ...(region === undefined ? {} : { region }),
      },
      facts: a.facts ?? {},
      tags: a.tags ?? {},
    });
    return a.id;
  }

  has(id: string): boolean {
    return this.assets.has(id);
  }

  /** The asset of `id` found so far. */
  get(id: string): Asset | undefined {
    return this.assets.get(id);
  }

  /** Adds or replaces facts of an asset found earlier. */
  patch(id: string, facts: Facts): void {
    const a = this.assets.get(id);
    if (a !== undefined) this.assets.set(id, { ...a, facts: { ...a.facts, ...facts } });
  }

  /** `authenticated` is kept from the first evidence of a flow (the same call gives the same answer). */
  flow(
    kind: FlowKind,
    from: string,
    to: string,
    evidence: Evidence,
    facts: { readonly authenticated?: Fact<boolean>; readonly encrypted?: Fact<boolean> } = {},
  ): void {
    const id = flowId(kind, from, to);
    const first = this.flows.get(id);
    if (first === undefined) this.flows.set(id, { id, from, to, kind, ...facts, evidence: [evidence] });
    else this.flows.set(id, { ...first, evidence: [...first.evidence, evidence].sort(byEvidence) });
  }

  /** Every asset found so far. */
  all(): IterableIterator<Asset> {
    return this.assets.values();
  }

  /**
   * One asset standing for the `members` a wildcard grant names (as the Terraform mappers make them): its id when
   * there are two or more, the member itself when one, nothing when none.
   */
  resourceSet(
    account: string,
    init: {
      readonly key: string;
      readonly name: string;
      readonly members: readonly string[];
      readonly source: string;
      /** The native type of the set (default: AWS's resource pattern). */
      readonly nativeType?: string;
    },
  ): readonly string[] {
    if (init.members.length < 2) return init.members;
    const id = `set:${init.key}`;
    if (!this.assets.has(id))
      this.assets.set(id, {
        id,
        kind: 'resource-set',
        provider: this.cloud.provider,
        nativeType: init.nativeType ?? 'aws_iam_resource_pattern',
        name: init.name,
        source: { input: this.cloud.inputOf(account), address: init.source },
        facts: {},
        tags: {},
        members: [...init.members].sort(),
      });
    return [id];
  }

  /** Targets of the flows of `kind` that no asset stands for yet (roles and keys to read next). */
  pendingTargets(kind: FlowKind): string[] {
    const out = new Set<string>();
    for (const f of this.flows.values()) if (f.kind === kind && !this.assets.has(f.to)) out.add(f.to);
    return [...out].sort();
  }

  /** The inventory, sorted, with one input per account (its regions when the cloud has them) and unique notes. */
  build(
    accounts: readonly { readonly id: string; readonly regions?: readonly string[] }[],
    notes: readonly CoverageNote[],
  ): Inventory {
    const assets = [...this.assets.values()].sort((a, b) => cmp(a.id, b.id));
    const flows = [...this.flows.values()].sort((a, b) => cmp(a.id, b.id));
    const inputs = accounts.map((acc) => {
      const own = assets.filter((a) => a.source.input === this.cloud.inputOf(acc.id));
      return {
        path: this.cloud.inputOf(acc.id),
        sha256: createHash('sha256').update(JSON.stringify(own)).digest('hex'),
        format: this.cloud.format,
        formatVersion: '1',
        resources: own.length,
        account: acc.id,
        ...(acc.regions === undefined ? {} : { regions: [...acc.regions].sort() }),
      };
    });
    const sorted = [...notes].sort((a, b) => cmp(noteKey(a), noteKey(b)));
    const unique = sorted.filter((n, i) => i === 0 || noteKey(n) !== noteKey(sorted[i - 1] as CoverageNote));
    return { inputs, assets, flows, notes: unique };
  }
}

function noteKey(n: CoverageNote): string {
  return [n.account ?? '', n.region ?? '', n.service ?? '', n.api ?? '', n.address ?? '', n.message].join(
    '\u0000',
  );
}

function byEvidence(a: Evidence, b: Evidence): number {
  return cmp(`${a.assetId} ${a.attribute}`, `${b.assetId} ${b.attribute}`);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
