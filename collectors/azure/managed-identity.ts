import type { AzureInventory } from './inventory.js';

/**
 * The user-assigned identities a resource holds, as identity assets with an `assume-identity` flow from the
 * resource (as the azurerm mappers draw them from `identity.0.identity_ids`), each recorded by its principal id
 * as held by the resource. A system-assigned identity is the resource itself and adds nothing here.
 */
export function assumeIdentities(
  inv: AzureInventory,
  subscription: string,
  from: string,
  identity:
    | {
        readonly userAssignedIdentities?: Readonly<
          Record<string, { readonly principalId?: string } | undefined>
        >;
      }
    | undefined,
  attribute: string,
): void {
  const assigned = identity?.userAssignedIdentities ?? {};
  for (const id of Object.keys(assigned).sort()) {
    inv.principal(assigned[id]?.principalId, id, from);
    inv.asset(subscription, {
      id,
      kind: 'identity',
      nativeType: 'Microsoft.ManagedIdentity/userAssignedIdentities',
      name: id.split('/').pop() ?? id,
    });
    inv.flow('assume-identity', from, id, { assetId: from, attribute });
  }
}

/** Whether a resource has an approved private endpoint connection (what a private endpoint patches in azurerm). */
export function approvedPrivateEndpoint(
  connections:
    | readonly {
        readonly properties?: { readonly privateLinkServiceConnectionState?: { readonly status?: string } };
        readonly privateLinkServiceConnectionState?: { readonly status?: string };
      }[]
    | undefined,
): boolean {
  return (connections ?? []).some(
    (c) =>
      (c.properties?.privateLinkServiceConnectionState ?? c.privateLinkServiceConnectionState)?.status ===
      'Approved',
  );
}

/** The resource group of an ARM resource id. */
export function resourceGroupOf(id: string): string | undefined {
  return /\/resourceGroups\/([^/]+)\//i.exec(id)?.[1];
}
