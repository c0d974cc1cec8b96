import type { Evidence, Fact, Facts, FlowKind } from '../../src/model/index.js';
import { LiveInventoryCore, type LiveAsset } from '../live/inventory.js';
import { armId } from './ids.js';
import { inputOf } from './runtime.js';

export interface LiveAzureAsset extends LiveAsset {
  /** The Azure location the resource is in. */
  readonly region?: string;
}

/** A managed identity's Entra object id: the asset that stands for it and the resources that hold it. */
export interface Principal {
  readonly asset: string;
  readonly holders: ReadonlySet<string>;
}

/**
 * The inventory of a live Azure scan: assets are keyed by resource id (as `armId` spells it, whatever case ARM
 * gave), in the subscription that holds them.
 */
export class AzureInventory extends LiveInventoryCore {
  private readonly principals = new Map<string, { asset: string; holders: Set<string> }>();
  private readonly hosts = new Map<string, Set<string>>();
  private readonly deferred: (() => void)[] = [];
  private readonly logScopes = new Map<string, string>();

  constructor() {
    super({ provider: 'azure', format: 'azure-live', inputOf });
  }

  asset(subscription: string, a: LiveAzureAsset): string {
    const { region, ...asset } = a;
    return this.add(subscription, region, { ...asset, id: armId(asset.id) });
  }

  override has(id: string): boolean {
    return super.has(armId(id));
  }

  override patch(id: string, facts: Facts): void {
    super.patch(armId(id), facts);
  }

  override flow(
    kind: FlowKind,
    from: string,
    to: string,
    evidence: Evidence,
    facts: { readonly authenticated?: Fact<boolean> } = {},
  ): void {
    super.flow(kind, armId(from), armId(to), { ...evidence, assetId: armId(evidence.assetId) }, facts);
  }

  /**
   * Records the principal id of a managed identity: a system-assigned one stands for its resource (`asset` is the
   * holder), a user-assigned one for its identity asset, held by `holder`.
   */
  principal(principalId: string | undefined, asset: string, holder: string = asset): void {
    if (principalId === undefined || principalId === '') return;
    const key = principalId.toLowerCase();
    const p = this.principals.get(key) ?? { asset: armId(asset), holders: new Set<string>() };
    p.holders.add(armId(holder));
    this.principals.set(key, p);
  }

  principalOf(principalId: string): Principal | undefined {
    return this.principals.get(principalId.toLowerCase());
  }

  /** Records a host name a resource serves (an Azure OpenAI account's endpoint), for matching backend URLs. */
  serves(host: string | undefined, id: string): void {
    if (host === undefined) return;
    const key = host.toLowerCase();
    this.hosts.set(key, (this.hosts.get(key) ?? new Set()).add(armId(id)));
  }

  servedBy(host: string): string[] {
    return [...(this.hosts.get(host.toLowerCase()) ?? [])].sort();
  }

  /** Records that the diagnostic settings of `scope` (a storage account's blob service) hold `id`'s logs. */
  logsAt(id: string, scope: string): void {
    this.logScopes.set(armId(id), scope);
  }

  /** The resource whose diagnostic settings hold `id`'s logs: `id` itself unless recorded otherwise. */
  logScopeOf(id: string): string {
    return this.logScopes.get(armId(id)) ?? id;
  }

  /** Work that needs the assets of every service (matching a URL to a resource): run once all are read. */
  afterServices(work: () => void): void {
    this.deferred.push(work);
  }

  runDeferred(): void {
    for (const work of this.deferred.splice(0)) work();
  }
}
