import type { TokenCredential } from '@azure/identity';
import type { Vault } from '@azure/arm-keyvault';
import { byDefault, explicit, type Facts } from '../../src/model/index.js';
import { both } from '../terraform/azurerm/common.js';
import type { AzureInventory } from './inventory.js';
import { approvedPrivateEndpoint } from './managed-identity.js';
import type { ArmClientOptions, AzureRuntime } from './runtime.js';

const SERVICE = 'Microsoft.KeyVault';
const VAULTS = { service: SERVICE, operation: 'Vaults_ListBySubscription' } as const;

const at = (field: string): string => `${VAULTS.operation}.${field}`;

/** The Key Vaults of a subscription (secret stores), with the facts of azurerm_key_vault. */
export async function collectKeyVaults(
  rt: AzureRuntime,
  inv: AzureInventory,
  subscription: string,
): Promise<void> {
  const client = await rt.client(subscription, 'keyvault', async () => {
    const sdk = await import('@azure/arm-keyvault');
    // A generated (TypeSpec) client: its token scope is `credentials.scopes`, and its pages carry their nextLink.
    class Client extends sdk.KeyVaultManagementClient {
      constructor(credential: TokenCredential, id: string, options: ArmClientOptions) {
        super(credential, id, { ...options, credentials: { scopes: options.credentialScopes } });
      }
    }
    const getContinuationToken = (page: unknown): string | undefined => {
      const token = (page as { continuationToken?: unknown } | null)?.continuationToken;
      return typeof token === 'string' ? token : undefined;
    };
    return { Client, getContinuationToken };
  });
  const vaults = await rt.list(subscription, VAULTS, () => client.vaults.listBySubscription().byPage());
  for (const v of vaults.items) {
    if (v.id === undefined || v.name === undefined) continue;
    inv.asset(subscription, {
      id: v.id,
      kind: 'secret-store',
      nativeType: `${SERVICE}/vaults`,
      name: v.name,
      ...(v.location === undefined ? {} : { region: v.location }),
      facts: vaultFacts(v),
      tags: v.tags ?? {},
    });
  }
  rt.progress(`${subscription}: Key Vaults read`);
}

function vaultFacts(v: Vault): Facts {
  const p = v.properties;
  const pna = at('properties.publicNetworkAccess');
  const acl = at('properties.networkAcls.defaultAction');
  const publicAccess =
    p.publicNetworkAccess === undefined
      ? byDefault(true, pna)
      : explicit(p.publicNetworkAccess.toLowerCase() === 'enabled', pna);
  const aclDefault =
    p.networkAcls?.defaultAction === undefined
      ? byDefault(true, acl)
      : explicit(p.networkAcls.defaultAction === 'Allow', acl);
  return {
    internetReachable: both(publicAccess, aclDefault),
    privateNetwork: explicit(
      approvedPrivateEndpoint(p.privateEndpointConnections),
      at('properties.privateEndpointConnections'),
    ),
  };
}
