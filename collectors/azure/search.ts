import type { SearchService } from '@azure/arm-search';
import { byDefault, explicit, type Facts } from '../../src/model/index.js';
import type { AzureInventory } from './inventory.js';
import { approvedPrivateEndpoint, assumeIdentities } from './managed-identity.js';
import type { AzureRuntime } from './runtime.js';

const SERVICE = 'Microsoft.Search';
const SERVICES = { service: SERVICE, operation: 'Services_ListBySubscription' } as const;

const at = (field: string): string => `${SERVICES.operation}.${field}`;

/** The Azure AI Search services of a subscription (vector stores), with the facts of azurerm_search_service. */
export async function collectSearch(
  rt: AzureRuntime,
  inv: AzureInventory,
  subscription: string,
): Promise<void> {
  const client = await rt.client(subscription, 'search', async () => {
    const sdk = await import('@azure/arm-search');
    return { Client: sdk.SearchManagementClient, getContinuationToken: sdk.getContinuationToken };
  });
  const services = await rt.list(subscription, SERVICES, () => client.services.listBySubscription().byPage());
  for (const s of services.items) {
    if (s.id === undefined || s.name === undefined) continue;
    inv.asset(subscription, {
      id: s.id,
      kind: 'vector-store',
      nativeType: `${SERVICE}/searchServices`,
      name: s.name,
      ...(s.location === undefined ? {} : { region: s.location }),
      facts: searchFacts(s),
      tags: s.tags ?? {},
    });
    assumeIdentities(inv, subscription, s.id, s.identity, at('identity.userAssignedIdentities'));
  }
  rt.progress(`${subscription}: AI Search services read`);
}

function searchFacts(s: SearchService): Facts {
  const pna = at('properties.publicNetworkAccess');
  const local = at('properties.disableLocalAuth');
  const cmk = at('properties.encryptionWithCmk.enforcement');
  const enforcement = s.encryptionWithCmk?.enforcement;
  return {
    // IP rules narrow a public service to some addresses but leave it on the internet (as in azurerm).
    internetReachable:
      s.publicNetworkAccess === undefined
        ? byDefault(true, pna)
        : explicit(s.publicNetworkAccess.toLowerCase() === 'enabled', pna),
    keyAuthEnabled:
      s.disableLocalAuth === undefined ? byDefault(true, local) : explicit(!s.disableLocalAuth, local),
    customerManagedKey:
      enforcement === undefined || enforcement === 'Unspecified'
        ? byDefault(false, cmk)
        : explicit(enforcement === 'Enabled', cmk),
    privateNetwork: explicit(
      approvedPrivateEndpoint(s.privateEndpointConnections),
      at('properties.privateEndpointConnections'),
    ),
  };
}
