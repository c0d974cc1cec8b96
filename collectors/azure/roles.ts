import type { RoleAssignment } from '@azure/arm-authorization';
import {
  byDefault,
  explicit,
  unknown,
  type Asset,
  type Evidence,
  type Fact,
  type FlowKind,
} from '../../src/model/index.js';
import {
  changesContentFilters,
  flowKindsForRole,
  flowKindsOn,
  invokesModels,
  isAdminRole,
  scopeKindOf,
  storageAccountOfScope,
} from '../terraform/azurerm/roles.js';
import type { AzureInventory } from './inventory.js';
import { inputOf, type AzureRuntime } from './runtime.js';

const SERVICE = 'Microsoft.Authorization';
const ASSIGNMENTS = { service: SERVICE, operation: 'RoleAssignments_ListForSubscription' } as const;
const DEFINITIONS = { service: SERVICE, operation: 'RoleDefinitions_GetById' } as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Role definition names of the built-in roles the azurerm role table knows, by their (fixed) GUIDs: each name and
 * GUID as Microsoft lists them in "Azure built-in roles"
 * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles; MicrosoftDocs/azure-docs
 * articles/role-based-access-control/built-in-roles.md, ms.date 04/09/2026). Any other role is read by its id.
 */
const BUILT_IN: Readonly<Record<string, string>> = {
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': 'Reader',
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': 'User Access Administrator',
  'f58310d9-a9f6-439a-9e8d-f62e7b41a168': 'Role Based Access Control Administrator',
  '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1': 'Storage Blob Data Reader',
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe': 'Storage Blob Data Contributor',
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b': 'Storage Blob Data Owner',
  'aba4ae5f-2193-4029-9191-0cb91df5e314': 'Storage File Data SMB Share Reader',
  '0c867c2a-1d8c-454a-a3db-ab2ea1bdc8bb': 'Storage File Data SMB Share Contributor',
  '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd': 'Cognitive Services OpenAI User',
  'a001fd3d-188f-4b5d-821b-7da978bf7442': 'Cognitive Services OpenAI Contributor',
  'a97b65f3-24c7-4388-baec-2e87135dc908': 'Cognitive Services User',
  '25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68': 'Cognitive Services Contributor',
  'f6c7c914-8db3-469d-8ca1-694a8f32e121': 'AzureML Data Scientist',
  'e503ece1-11d0-4e8e-8e2c-7a6c3bf38815': 'AzureML Compute Operator',
  '4633458b-17de-408a-b874-0445c86b69e6': 'Key Vault Secrets User',
  '21090545-7ca7-4776-b22c-e363652d74d2': 'Key Vault Reader',
  'b86a8fe4-44ce-4948-aee5-eccb2c155cd7': 'Key Vault Secrets Officer',
  '00482a5a-887f-4fb3-b363-3b7fe8e74483': 'Key Vault Administrator',
  'e147488a-f6f5-4113-8e2d-b22465e65bf6': 'Key Vault Crypto Service Encryption User',
  '7f951dda-4ed3-4680-a7ca-43fe172d538d': 'AcrPull',
  '8311e382-0749-4cb8-b61a-304f252e45ec': 'AcrPush',
  '1407120a-92aa-4202-b7e9-c0e197c71c8f': 'Search Index Data Reader',
  '8ebe5a00-799e-43f5-93ac-243d3dce84a7': 'Search Index Data Contributor',
};

/** Native types a grant on one resource draws flows to, with the azurerm type the role table judges by. */
const SCOPE_TYPES: Readonly<Record<string, string>> = {
  'microsoft.storage/storageaccounts': 'azurerm_storage_account',
  'microsoft.cognitiveservices/accounts': 'azurerm_cognitive_account',
  'microsoft.machinelearningservices/workspaces': 'azurerm_machine_learning_workspace',
  'microsoft.keyvault/vaults': 'azurerm_key_vault',
  'microsoft.containerregistry/registries': 'azurerm_container_registry',
  'microsoft.search/searchservices': 'azurerm_search_service',
};
const SEARCH = 'microsoft.search/searchservices';
const COGNITIVE = 'microsoft.cognitiveservices/accounts';
const STORAGE = 'microsoft.storage/storageaccounts';

interface Grant {
  readonly a: RoleAssignment;
  readonly scope: string;
  readonly principalId: string;
  readonly role: string;
}

/**
 * The role assignments of a subscription on what the other services found: grants on one resource become flows
 * from the principal (a managed identity of the inventory, else an asset for the Entra principal), grants at
 * resource-group, subscription or management-group scope over inventoried resources set adminPrivileges and
 * wildcardModelAccess, as the azurerm mapper judges azurerm_role_assignment. Runs after the services.
 */
export async function collectRoleAssignments(
  rt: AzureRuntime,
  inv: AzureInventory,
  subscription: string,
): Promise<void> {
  const own = [...inv.all()].filter((x) => x.source.input === inputOf(subscription));
  if (own.length === 0) return;
  const client = await rt.client(subscription, 'authorization', async () => {
    const sdk = await import('@azure/arm-authorization');
    return { Client: sdk.AuthorizationManagementClient, getContinuationToken: sdk.getContinuationToken };
  });
  const listing = await rt.list(subscription, ASSIGNMENTS, () =>
    client.roleAssignments.listForSubscription().byPage(),
  );
  const relevant = listing.items.filter((a) => a.scope !== undefined && coversAny(a.scope, own));
  const names = await roleNames(rt, subscription, client, relevant);
  const admin = new Map<string, Fact<boolean>>();
  const wildcard = new Map<string, Fact<boolean>>();
  for (const a of relevant) {
    const role = names.get(a.roleDefinitionId ?? '');
    const principalId = a.principalId ?? '';
    if (role === undefined || !GUID.test(principalId)) continue;
    const g: Grant = { a, scope: a.scope ?? '', principalId, role };
    const attribute = `${ASSIGNMENTS.operation}.properties.roleDefinitionId (${role})`;
    if (scopeKindOf(g.scope) !== 'resource') {
      const scoped = `${ASSIGNMENTS.operation}.properties.scope`;
      if (!isAdminRole(role) && !invokesModels(role)) continue;
      const from = principalAsset(inv, subscription, g);
      if (isAdminRole(role)) admin.set(from, explicit(true, attribute));
      if (invokesModels(role)) wildcard.set(from, explicit(true, scoped));
      continue;
    }
    grantFlows(inv, subscription, g, { assetId: a.id ?? g.scope, attribute }, own);
  }
  const failed =
    listing.incomplete === undefined ? undefined : unknown(ASSIGNMENTS.operation, listing.incomplete.message);
  const none = byDefault(false, ASSIGNMENTS.operation);
  for (const x of [...inv.all()].filter((y) => y.source.input === inputOf(subscription))) {
    const facts = {
      ...(admin.has(x.id) || x.kind === 'identity'
        ? { adminPrivileges: admin.get(x.id) ?? failed ?? none }
        : {}),
      ...(wildcard.has(x.id) || x.kind === 'identity'
        ? { wildcardModelAccess: wildcard.get(x.id) ?? failed ?? none }
        : {}),
    };
    if (x.kind === 'identity' && x.facts.externalTrust === undefined)
      Object.assign(facts, {
        externalTrust: unknown(
          'federatedIdentityCredentials',
          'federated identity credentials are not read by the live Azure collector',
        ),
      });
    if (Object.keys(facts).length > 0) inv.patch(x.id, facts);
  }
  rt.progress(`${subscription}: role assignments read`);
}

/** Whether a scope holds (or is) one of the inventoried resources. */
function coversAny(scope: string, assets: readonly Asset[]): boolean {
  const kind = scopeKindOf(scope);
  if (kind === 'management-group') return true;
  const s = scope.replace(/\/+$/, '').toLowerCase();
  const account = storageAccountOfScope(scope)?.toLowerCase();
  return assets.some((x) => {
    const id = x.id.toLowerCase();
    return kind === 'resource' ? id === s || id === account : id.startsWith(`${s}/`);
  });
}

/** Role names by role definition id: built-ins from their GUIDs, others read once per id. */
async function roleNames(
  rt: AzureRuntime,
  subscription: string,
  client: import('@azure/arm-authorization').AuthorizationManagementClient,
  grants: readonly RoleAssignment[],
): Promise<Map<string, string>> {
  const ids = [
    ...new Set(grants.flatMap((a) => (a.roleDefinitionId === undefined ? [] : [a.roleDefinitionId]))),
  ];
  const out = new Map<string, string>();
  await Promise.all(
    ids.map(async (id) => {
      const builtIn = BUILT_IN[(id.split('/').pop() ?? '').toLowerCase()];
      if (builtIn !== undefined) {
        out.set(id, builtIn);
        return;
      }
      const read = await rt.get(
        subscription,
        DEFINITIONS,
        () => client.roleDefinitions.getById(id.replace(/^\/+/, '')),
        id,
      );
      const name = read.value?.roleName;
      if (name !== undefined) out.set(id, name);
    }),
  );
  return out;
}

/** The asset standing for a grant's principal: a managed identity found by a service, else the Entra principal. */
function principalAsset(inv: AzureInventory, subscription: string, g: Grant): string {
  const known = inv.principalOf(g.principalId);
  if (known !== undefined) return known.asset;
  const type = g.a.principalType ?? 'principal';
  return inv.asset(subscription, {
    id: `principal:${g.principalId.toLowerCase()}`,
    kind: 'identity',
    nativeType: `Microsoft.Entra/${type}`,
    name: `${type} ${g.principalId.toLowerCase()}`,
  });
}

/** Flows of a grant on one resource (a storage container's scope counts for its account). */
function grantFlows(
  inv: AzureInventory,
  subscription: string,
  g: Grant,
  evidence: Evidence,
  own: readonly Asset[],
): void {
  if (flowKindsForRole(g.role).length === 0) return;
  const scope = g.scope.toLowerCase();
  const account = storageAccountOfScope(g.scope)?.toLowerCase();
  const targets = own.filter((x) => {
    const id = x.id.toLowerCase();
    return (id === scope || id === account) && SCOPE_TYPES[x.nativeType.toLowerCase()] !== undefined;
  });
  if (targets.length === 0) return;
  const from = principalAsset(inv, subscription, g);
  const holders = [...(inv.principalOf(g.principalId)?.holders ?? [])];
  for (const t of targets) {
    const type = t.nativeType.toLowerCase();
    const kinds: readonly FlowKind[] = flowKindsOn(g.role, SCOPE_TYPES[type] ?? '');
    for (const kind of kinds) {
      inv.flow(kind, from, t.id, evidence);
      // A deploy-capable grant on an Azure OpenAI account covers its model deployments.
      if (kind === 'deploy' && type === COGNITIVE)
        for (const d of childrenOf(own, t.id, 'deployments')) inv.flow('deploy', from, d, evidence);
    }
    if (changesContentFilters(g.role) && type === COGNITIVE)
      for (const p of childrenOf(own, t.id, 'raiPolicies')) inv.flow('write', from, p, evidence);
    // A search indexer reads its blob data source with the service's managed identity.
    if (kinds.includes('read') && type === STORAGE)
      for (const h of holders)
        if (own.some((x) => x.id === h && x.nativeType.toLowerCase() === SEARCH))
          inv.flow('retrieve-from', h, t.id, {
            ...evidence,
            attribute: `${evidence.attribute} (search indexer data source)`,
          });
  }
}

function childrenOf(assets: readonly Asset[], parent: string, collection: string): string[] {
  const prefix = `${parent}/${collection}/`.toLowerCase();
  return assets
    .filter((x) => x.id.toLowerCase().startsWith(prefix) && !x.id.slice(prefix.length).includes('/'))
    .map((x) => x.id)
    .sort();
}
