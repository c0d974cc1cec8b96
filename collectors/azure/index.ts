import { InputError, type Inventory } from '../../src/model/index.js';
import { collectCognitive } from './cognitive.js';
import { AzureInventory } from './inventory.js';
import { collectKeyVaults } from './keyvault.js';
import { collectMl } from './ml.js';
import type { AzureScanOptions } from './options.js';
import { AzureRuntime } from './runtime.js';
import { collectSearch } from './search.js';

export type { AzureScanOptions } from './options.js';

const SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads the AI services of one or more Azure subscriptions into one inventory. Only GET calls are made to ARM
 * (and the credential's token request); the built-in Reader role is enough.
 */
export async function collectAzure(options: AzureScanOptions): Promise<Inventory> {
  const subscriptions = [...new Set(options.subscriptions)].sort();
  if (subscriptions.length === 0)
    throw new InputError('--azure', 'no subscription to read; name one with --subscription');
  const bad = subscriptions.find((s) => !SUBSCRIPTION_ID.test(s));
  if (bad !== undefined)
    throw new InputError(
      '--subscription',
      `${JSON.stringify(bad.slice(0, 80))} is not a subscription id (a GUID)`,
    );
  const rt = new AzureRuntime(options);
  const inv = new AzureInventory();
  await Promise.all(
    subscriptions.map((sub) =>
      Promise.all([
        collectCognitive(rt, inv, sub),
        collectMl(rt, inv, sub),
        collectSearch(rt, inv, sub),
        collectKeyVaults(rt, inv, sub),
      ]),
    ),
  );
  rt.progress(`${rt.calls.made} calls made`);
  return inv.build(
    subscriptions.map((id) => ({ id })),
    rt.notes,
  );
}
