import { LiveInventoryCore, type LiveAsset } from '../live/inventory.js';
import { inputOf } from './runtime.js';

export interface LiveAzureAsset extends LiveAsset {
  /** The Azure location the resource is in. */
  readonly region?: string;
}

/** The inventory of a live Azure scan: assets are keyed by resource id, in the subscription that holds them. */
export class AzureInventory extends LiveInventoryCore {
  constructor() {
    super({ provider: 'azure', format: 'azure-live', inputOf });
  }

  asset(subscription: string, a: LiveAzureAsset): string {
    const { region, ...asset } = a;
    return this.add(subscription, region, asset);
  }
}
