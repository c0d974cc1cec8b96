import { InputError, type Inventory } from '../../src/model/index.js';
import { collectApim } from './apim.js';
import { collectCognitive } from './cognitive.js';
import { collectDiagnostics } from './diagnostics.js';
import { AzureInventory } from './inventory.js';
import { collectKeyVaults } from './keyvault.js';
import { collectMl } from './ml.js';
import { collectNetwork, linkPrivateEndpoints } from './network.js';
import type { AzureScanOptions } from './options.js';
import { collectRoleAssignments } from './roles.js';
import { AzureRuntime } from './runtime.js';
import { collectSearch } from './search.js';
import { collectStorage } from './storage.js';
import { visibleSubscriptions } from './subscriptions.js';

export type { AzureScanOptions } from './options.js';

const SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads the AI services of one or more Azure subscriptions (or `all` the credential sees) into one inventory. Only GET calls are made to ARM
 * (and the credential's token request); the built-in Reader role is enough.
 */
export async function collectAzure(options: AzureScanOptions): Promise<Inventory> {
  const named = [...new Set(options.subscriptions)].sort();
  if (named.length === 0)
    throw new InputError('--azure', 'no subscription to read; name one with --subscription');
  const all = named.some((s) => s.toLowerCase() === 'all');
  if (all && named.length > 1)
    throw new InputError('--subscription', 'all cannot go with subscription ids; give one or the other');
  const bad = named.find((s) => !all && !SUBSCRIPTION_ID.test(s));
  if (bad !== undefined)
    throw new InputError(
      '--subscription',
      `${JSON.stringify(bad.slice(0, 80))} is not a subscription id (a GUID) or all`,
    );
  const rt = new AzureRuntime(options);
  let subscriptions = named;
  if (all) {
    const visible = await visibleSubscriptions(rt);
    subscriptions = visible.ids;
    rt.notes.push(...visible.notes);
  }
  const inv = new AzureInventory();
  const links = await Promise.all(
    subscriptions.map(async (sub) => {
      const [, , network] = await Promise.all([
        collectCognitive(rt, inv, sub),
        collectStorage(rt, inv, sub),
        collectNetwork(rt, inv, sub),
        collectApim(rt, inv, sub),
        collectMl(rt, inv, sub),
        collectSearch(rt, inv, sub),
        collectKeyVaults(rt, inv, sub),
      ]);
      return network;
    }),
  );
  // These need the assets of every service: private endpoints' targets, backends matched by URL, then the
  // grants and logs of what was found.
  linkPrivateEndpoints(inv, links.flat());
  inv.runDeferred();
  await Promise.all(
    subscriptions.flatMap((sub) => [collectRoleAssignments(rt, inv, sub), collectDiagnostics(rt, inv, sub)]),
  );
  rt.progress(`${rt.calls.made} calls made`);
  return inv.build(
    subscriptions.map((id) => ({ id })),
    rt.notes,
  );
}
