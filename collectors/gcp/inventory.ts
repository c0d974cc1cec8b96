import { LiveInventoryCore, type LiveAsset } from '../live/inventory.js';
import { inputOf } from './runtime.js';

export interface LiveGcpAsset extends LiveAsset {
  /** The region or zone the resource is in. */
  readonly region?: string;
}

/** The inventory of a live GCP scan: assets are keyed by full resource name, in the project that holds them. */
export class GcpInventory extends LiveInventoryCore {
  constructor() {
    super({ provider: 'gcp', format: 'gcp-live', inputOf });
  }

  asset(project: string, a: LiveGcpAsset): string {
    const { region, ...asset } = a;
    return this.add(project, region, asset);
  }
}
