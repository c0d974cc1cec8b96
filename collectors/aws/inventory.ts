import { LiveInventoryCore, type LiveAsset } from '../live/inventory.js';
import { inputOf, type Scope } from './runtime.js';

export type { LiveAsset } from '../live/inventory.js';

/** The inventory of a live AWS scan: assets are keyed by ARN, in the account and region of the scope that found them. */
export class LiveInventory extends LiveInventoryCore {
  constructor() {
    super({ provider: 'aws', format: 'aws-live', inputOf });
  }

  asset(scope: Scope, a: LiveAsset): string {
    return this.add(scope.account.id, scope.region, a);
  }
}
