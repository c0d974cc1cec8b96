import type { FlowKind } from '../../../src/model/index.js';

/**
 * Azure built-in role names → the flows a grant of the role creates from the principal to the scope.
 * Role names are those of the Azure RBAC built-in roles (Cognitive Services roles verified against the Azure
 * OpenAI RBAC documentation; storage, ML, Key Vault, ACR and Search role names are the documented built-ins).
 */
const ROLE_FLOWS: Readonly<Record<string, readonly FlowKind[]>> = {
  'storage blob data reader': ['read'],
  'storage blob data contributor': ['write', 'read'],
  'storage blob data owner': ['write', 'read'],
  'storage file data smb share reader': ['read'],
  'storage file data smb share contributor': ['write', 'read'],
  'cognitive services openai user': ['invoke'],
  'cognitive services user': ['invoke'],
  // Can create and edit deployments and fine-tuned models, and call the model.
  'cognitive services openai contributor': ['deploy', 'invoke'],
  // Can manage deployments and list the account keys (and so call the model with a key).
  'cognitive services contributor': ['deploy', 'invoke'],
  'azureml data scientist': ['write'],
  'azureml compute operator': ['write'],
  'key vault secrets user': ['read'],
  'key vault reader': ['read'],
  'key vault secrets officer': ['write', 'read'],
  'key vault administrator': ['write', 'read'],
  'key vault crypto service encryption user': ['encrypt-with'],
  acrpull: ['read'],
  acrpush: ['write', 'read'],
  'search index data reader': ['read'],
  'search index data contributor': ['write', 'read'],
  // Control-plane roles on a single resource: they can read keys or reconfigure the resource.
  owner: ['write', 'read'],
  contributor: ['write', 'read'],
};

/** Roles that make a principal an administrator when granted at subscription or resource-group scope. */
const ADMIN_ROLES = new Set([
  'owner',
  'contributor',
  'user access administrator',
  'role based access control administrator',
]);

export function flowKindsForRole(role: string): readonly FlowKind[] {
  return ROLE_FLOWS[role.trim().toLowerCase()] ?? [];
}

/** Control-plane roles that can create and edit the model deployments of a cognitive account. */
const DEPLOYERS = new Set(['owner', 'contributor']);

/** The flows a grant of `role` on a resource of `targetType` creates. */
export function flowKindsOn(role: string, targetType: string): readonly FlowKind[] {
  const kinds = flowKindsForRole(role);
  if (targetType !== 'azurerm_cognitive_account' || !DEPLOYERS.has(role.trim().toLowerCase())) return kinds;
  return kinds.includes('deploy') ? kinds : [...kinds, 'deploy'];
}

/**
 * Roles that can change the content filters of a cognitive account's deployments: write or delete its RAI
 * policies (`accounts/raiPolicies/*`), or point a deployment at another policy (`accounts/deployments/write`
 * sets `raiPolicyName`; Cognitive Services OpenAI Contributor has it, though it cannot create custom filters).
 */
const CONTENT_FILTER_WRITERS = new Set([
  'owner',
  'contributor',
  'cognitive services contributor',
  'cognitive services openai contributor',
]);

export function changesContentFilters(role: string): boolean {
  return CONTENT_FILTER_WRITERS.has(role.trim().toLowerCase());
}

/** Cognitive Services roles that call the models of the accounts in their scope (Owner and Contributor are admin). */
export function invokesModels(role: string): boolean {
  return flowKindsForRole(role).includes('invoke');
}

export function isAdminRole(role: string): boolean {
  return ADMIN_ROLES.has(role.trim().toLowerCase());
}

/** Kinds of scope a role assignment can have. */
export type ScopeKind = 'subscription' | 'resource-group' | 'management-group' | 'resource';

/** Classifies a scope string: `/subscriptions/x`, `/subscriptions/x/resourceGroups/y`, management groups. */
export function scopeKindOf(scope: string): ScopeKind {
  const s = scope.replace(/\/+$/, '');
  if (/^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/i.test(s)) return 'management-group';
  if (/^\/subscriptions\/[^/]+$/i.test(s)) return 'subscription';
  if (/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i.test(s)) return 'resource-group';
  return 'resource';
}

/**
 * The storage account id of a scope below a storage account (`.../storageAccounts/a/blobServices/default/containers/c`),
 * or undefined.
 */
export function storageAccountOfScope(scope: string): string | undefined {
  const m = /^(.*\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+)\/.+$/i.exec(scope);
  return m?.[1];
}
