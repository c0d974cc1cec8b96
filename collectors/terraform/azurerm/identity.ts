import {
  byDefault,
  explicit,
  isFalse,
  unknown,
  type Fact,
  type FactName,
  type FlowKind,
} from '../../../src/model/index.js';
import { isUnknownAt, presenceFact, str, unknownReason } from '../attributes.js';
import type { MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { IDENTITY_HOLDER_TYPES, firstSetPath, publicNetworkFact } from './common.js';
import { cognitiveAccountOf, deploymentsOf } from './cognitive.js';
import {
  changesContentFilters,
  flowKindsForRole,
  flowKindsOn,
  invokesModels,
  isAdminRole,
  scopeKindOf,
  storageAccountOfScope,
} from './roles.js';
import { accountOfContainer } from './storage.js';

/** Resource types a role assignment scope can point at, and that we model as flow targets. */
const SCOPE_TYPES = [
  'azurerm_storage_account',
  'azurerm_storage_container',
  'azurerm_cognitive_account',
  'azurerm_machine_learning_workspace',
  'azurerm_ai_foundry',
  'azurerm_ai_foundry_project',
  'azurerm_key_vault',
  'azurerm_container_registry',
  'azurerm_search_service',
] as const;
const BROAD_SCOPE_TYPES = ['azurerm_resource_group', 'azurerm_subscription'] as const;
const PRINCIPAL_TYPES = ['azurerm_user_assigned_identity', ...IDENTITY_HOLDER_TYPES];

export function mapUserAssignedIdentity(r: TfResource, ctx: MapperContext): void {
  ctx.asset(r, {
    kind: 'identity',
    facts: {
      // Set to true by a role assignment of an administrator role at subscription or resource-group scope.
      adminPrivileges: byDefault(false, 'role assignments in this plan'),
      // Set to true by a Cognitive Services role that calls models, at subscription or resource-group scope.
      wildcardModelAccess: byDefault(false, 'role assignments in this plan'),
      // Set by an azurerm_federated_identity_credential that trusts an issuer outside the organisation.
      externalTrust: byDefault(false, 'azurerm_federated_identity_credential'),
    },
  });
}

const IDENTITY = ['azurerm_user_assigned_identity'] as const;
const ENTRA_ISSUER = /^https:\/\/(login\.microsoftonline\.com|sts\.windows\.net)\//i;

/**
 * Whether a federated credential's issuer lies outside the organisation. The OIDC issuer of an AKS cluster in
 * this plan (`oidc_issuer_url`) and Entra ID of the plan's own tenant (`data.azurerm_client_config`) are the
 * organisation's own; any other issuer (GitHub Actions, another cloud, a partner's IdP) is external: whoever
 * controls the named subject there acts as the identity. An Entra ID issuer of a literal tenant cannot be
 * compared with the tenant of a source scan, so it stays unknown.
 */
function issuerTrust(r: TfResource, ctx: MapperContext): Fact<boolean> {
  const attribute = `${r.address}.issuer`;
  const cluster = ctx.linked(r, 'issuer', ['azurerm_kubernetes_cluster'], ['oidc_issuer_url'])[0];
  if (cluster !== undefined)
    return explicit(false, `${attribute} (OIDC issuer of ${cluster.resource.address})`);
  const tenant = ctx.linked(r, 'issuer', ['azurerm_client_config'], ['tenant_id'])[0];
  if (tenant !== undefined) return explicit(false, `${attribute} (Entra ID of this tenant)`);
  if (isUnknownAt(r, 'issuer')) return unknown(attribute, unknownReason(r, 'issuer'));
  const issuer = str(r, 'issuer');
  if (issuer === undefined) return byDefault(false, attribute);
  if (ENTRA_ISSUER.test(issuer))
    return unknown(attribute, 'an Entra ID tenant cannot be compared with the tenant of this plan');
  return explicit(true, `${attribute} (${issuer})`);
}

/** A federated identity credential: tokens of its issuer for its subject can be exchanged for the identity. */
export function mapFederatedIdentityCredential(r: TfResource, ctx: MapperContext): void {
  const path = firstSetPath(r, ['user_assigned_identity_id', 'parent_id']) ?? 'user_assigned_identity_id';
  const trust = issuerTrust(r, ctx);
  const identities = ctx.linked(r, path, IDENTITY, ['id']);
  if (identities.length === 0) {
    ctx.unresolved(r, path, IDENTITY, isFalse(trust) ? [] : ['externalTrust']);
    return;
  }
  for (const i of identities) ctx.patch(i.resource.address, { externalTrust: trust }, 'or');
}

export function mapKeyVault(r: TfResource, ctx: MapperContext): void {
  ctx.asset(r, {
    kind: 'secret-store',
    facts: {
      internetReachable: publicNetworkFact(r, 'public_network_access_enabled', 'network_acls'),
      privateNetwork: byDefault(false, 'private endpoint'),
    },
  });
}

export function mapKeyVaultKey(r: TfResource, ctx: MapperContext): void {
  ctx.asset(r, { kind: 'key', facts: { keyRotation: presenceFact(r, 'rotation_policy.0.automatic') } });
}

function roleOf(r: TfResource): { role: string | undefined; path: string } {
  const path = firstSetPath(r, ['role_definition_name', 'role_definition_id']) ?? 'role_definition_name';
  return { role: str(r, path), path };
}

/** An Azure role assignment: a flow from the principal to the scope, or adminPrivileges at broad scopes. */
export function mapRoleAssignment(r: TfResource, ctx: MapperContext): void {
  const { role, path: rolePath } = roleOf(r);
  if (role === undefined) {
    ctx.note('unknown-value', `${rolePath} is known only after apply; the grant is not modelled`, r.address);
    return;
  }
  const admin = isAdminRole(role);
  const anyModel = invokesModels(role) ? broadScopeFact(r, ctx) : undefined;
  const principals = ctx.linked(r, 'principal_id', PRINCIPAL_TYPES, [
    'principal_id',
    'identity.0.principal_id',
  ]);
  if (principals.length === 0) {
    const facts: FactName[] = admin ? ['adminPrivileges'] : [];
    if (anyModel !== undefined) facts.push('wildcardModelAccess');
    ctx.unresolved(r, 'principal_id', ['azurerm_user_assigned_identity'], facts);
    return;
  }
  if (anyModel !== undefined)
    for (const p of principals) ctx.patch(p.resource.address, { wildcardModelAccess: anyModel }, 'or');
  const evidence = ctx.evidence(r, rolePath);
  if (isBroadScope(r, ctx)) {
    if (!admin) return;
    for (const p of principals)
      ctx.patch(p.resource.address, { adminPrivileges: explicit(true, `${r.address}.${rolePath}`) }, 'or');
    return;
  }
  const kinds = flowKindsForRole(role);
  if (kinds.length === 0) return;
  const targets = scopeTargets(r, ctx);
  if (targets.length === 0) {
    ctx.unresolved(r, 'scope', SCOPE_TYPES, []);
    return;
  }
  for (const p of principals)
    for (const t of targets) {
      grant(ctx, p.resource.address, t, flowKindsOn(role, t.type), evidence);
      if (changesContentFilters(role) && t.type === 'azurerm_cognitive_account')
        for (const policy of raiPoliciesOfAccount(t, ctx))
          ctx.flow(p.resource.address, policy.address, 'write', evidence);
    }
  if (!kinds.includes('read')) return;
  for (const search of indexersOf(
    principals.map((p) => p.resource),
    ctx,
  ))
    for (const t of targets)
      if (t.type === 'azurerm_storage_account')
        ctx.flow(
          search.address,
          t.address,
          'retrieve-from',
          ctx.evidence(r, rolePath, 'search indexer data source'),
        );
}

/**
 * Search services that index with a principal's grants: the service itself (system-assigned identity) or those
 * holding the user-assigned identity. A search indexer reads its blob data source with the service's managed
 * identity, so a read grant of that identity on a storage account makes the account a retrieval source.
 */
function indexersOf(principals: readonly TfResource[], ctx: MapperContext): TfResource[] {
  const out = new Map<string, TfResource>();
  for (const p of principals) {
    if (p.type === 'azurerm_search_service') out.set(p.address, p);
    if (p.type !== 'azurerm_user_assigned_identity') continue;
    for (const s of ctx.resources('azurerm_search_service'))
      if (
        ctx
          .linked(s, 'identity.0.identity_ids', ['azurerm_user_assigned_identity'])
          .some((l) => l.resource.address === p.address)
      )
        out.set(s.address, s);
  }
  return [...out.values()];
}

function grant(
  ctx: MapperContext,
  from: string,
  target: TfResource,
  kinds: readonly FlowKind[],
  evidence: ReturnType<MapperContext['evidence']>,
): void {
  for (const kind of kinds) {
    ctx.flow(from, target.address, kind, evidence);
    // A deploy-capable grant on an Azure OpenAI account covers its model deployments.
    if (kind === 'deploy' && target.type === 'azurerm_cognitive_account') {
      for (const d of deploymentsOf(target, ctx)) ctx.flow(from, d.address, 'deploy', evidence);
    }
  }
}

/** The content filters (RAI policies) of a cognitive account. */
function raiPoliciesOfAccount(account: TfResource, ctx: MapperContext): readonly TfResource[] {
  return ctx.referrers(account, 'azurerm_cognitive_account_rai_policy', 'account', (p) =>
    cognitiveAccountOf(p, ctx),
  );
}

/**
 * wildcardModelAccess of a grant by its scope: true at subscription, management-group or resource-group scope
 * (every account in it), unknown when the scope is known only after apply and names no resource of this plan,
 * undefined for a grant on one resource.
 */
function broadScopeFact(r: TfResource, ctx: MapperContext): Fact<boolean> | undefined {
  const attribute = `${r.address}.scope`;
  if (isBroadScope(r, ctx)) return explicit(true, attribute);
  if (
    !isUnknownAt(r, 'scope') ||
    ctx.linked(r, 'scope', SCOPE_TYPES, ['id', 'resource_manager_id']).length > 0
  )
    return undefined;
  return unknown(attribute, unknownReason(r, 'scope'));
}

function isBroadScope(r: TfResource, ctx: MapperContext): boolean {
  if (ctx.linked(r, 'scope', BROAD_SCOPE_TYPES).length > 0) return true;
  const scope = str(r, 'scope');
  if (scope !== undefined) return scopeKindOf(scope) !== 'resource';
  return false;
}

/** The modelled resources a scope points at; a storage container scope maps to its storage account. */
function scopeTargets(r: TfResource, ctx: MapperContext): TfResource[] {
  const out = new Map<string, TfResource>();
  for (const link of ctx.linked(r, 'scope', SCOPE_TYPES, ['id', 'resource_manager_id'])) {
    const t = link.resource;
    if (t.type === 'azurerm_storage_container')
      for (const a of accountOfContainer(t, ctx)) out.set(a.address, a);
    else out.set(t.address, t);
  }
  const scope = str(r, 'scope');
  if (out.size === 0 && scope !== undefined && !isUnknownAt(r, 'scope')) {
    const account = storageAccountOfScope(scope);
    if (account !== undefined)
      for (const a of ctx.byValue(['azurerm_storage_account'], account, ['id'])) out.set(a.address, a);
  }
  return [...out.values()];
}
