import type { TokenCredential } from '@azure/identity';
import { InputError, type CoverageNote } from '../../src/model/index.js';
import { inputOf, type ArmClientOptions, type AzureRuntime } from './runtime.js';

const SUBSCRIPTIONS = { service: 'Microsoft.Resources', operation: 'Subscriptions_List' } as const;
/** Disabled and deleted subscriptions hold nothing that runs; warned and past-due ones still run. */
const READ = new Set(['enabled', 'warned', 'pastdue']);

/**
 * The subscriptions the credential can see (`--subscription all`), sorted, with a note for each one left out
 * for its state. A failed listing stops the scan: there would be nothing to read.
 */
export async function visibleSubscriptions(
  rt: AzureRuntime,
): Promise<{ readonly ids: string[]; readonly notes: CoverageNote[] }> {
  const client = await rt.client('', 'subscriptions', async () => {
    const sdk = await import('@azure/arm-resources-subscriptions');
    // The tenant-level client takes no subscription id.
    class TenantClient extends sdk.SubscriptionClient {
      constructor(credential: TokenCredential, _subscription: string, options: ArmClientOptions) {
        super(credential, options);
      }
    }
    return { Client: TenantClient, getContinuationToken: sdk.getContinuationToken };
  });
  const listing = await rt.list('', SUBSCRIPTIONS, () => client.subscriptions.list().byPage());
  if (listing.incomplete !== undefined)
    throw new InputError(
      '--subscription',
      `all: cannot list the subscriptions the credential sees (${listing.incomplete.code}); name them with --subscription <id>`,
    );
  const ids: string[] = [];
  const notes: CoverageNote[] = [];
  for (const s of listing.items) {
    const id = s.subscriptionId;
    if (id === undefined) continue;
    const state = s.state ?? 'Enabled';
    if (READ.has(state.toLowerCase())) ids.push(id);
    else
      notes.push({
        kind: 'skipped',
        message: `subscription ${id} is ${state}; it was not read`,
        input: inputOf(id),
        service: SUBSCRIPTIONS.service,
        api: SUBSCRIPTIONS.operation,
        account: id,
      });
  }
  if (ids.length === 0)
    throw new InputError(
      '--subscription',
      'all: the credential sees no enabled subscription; check its role assignments or name one with --subscription <id>',
    );
  return { ids: [...new Set(ids)].sort(), notes };
}
