import { anyFact, byDefault, explicit, unknown, type Fact } from '../../../src/model/index.js';
import {
  AFTER_APPLY,
  boolFact,
  enumFact,
  hasUnknownBelow,
  isUnknownAt,
  list,
  presenceFact,
  str,
} from '../attributes.js';
import type { MapperContext } from '../context.js';
import type { Json, TfResource } from '../types.js';
import { both, encryptWith, firstSetPath, linkFirst, publicNetworkFact } from './common.js';

const ACCOUNT = ['azurerm_storage_account'] as const;
const ACCOUNT_MATCH = ['id', 'name'] as const;
/** Old (< 4.0) and new names of the attribute that lets containers be public. */
const NESTED_PUBLIC = ['allow_nested_items_to_be_public', 'allow_blob_public_access'];

/** The storage account(s) a resource attached by `storage_account_id` (or the older `storage_account_name`) points at. */
export function accountOf(r: TfResource, ctx: MapperContext): TfResource[] {
  return (
    linkFirst(r, ctx, ['storage_account_id', 'storage_account_name'], ACCOUNT, ACCOUNT_MATCH)?.targets ?? []
  );
}

export const accountOfContainer = accountOf;

function attachPath(r: TfResource): string {
  return firstSetPath(r, ['storage_account_id', 'storage_account_name']) ?? 'storage_account_id';
}

function containersOf(account: TfResource, ctx: MapperContext): readonly TfResource[] {
  return ctx.referrers(account, 'azurerm_storage_container', 'account', (c) => accountOf(c, ctx));
}

/** `allow_nested_items_to_be_public`: default false since azurerm 4.0 (it was true before; older plans carry the value). */
function nestedPublicFact(r: TfResource): Fact<boolean> {
  const path = firstSetPath(r, NESTED_PUBLIC) ?? NESTED_PUBLIC[0] ?? 'allow_nested_items_to_be_public';
  return boolFact(r, path, false);
}

/** Anonymous read: the account allows public containers and one of its containers is `blob` or `container`. */
function anonymousReadFact(r: TfResource, ctx: MapperContext): Fact<boolean> {
  const allowed = nestedPublicFact(r);
  const containers = containersOf(r, ctx).map((c) =>
    enumFact(c, 'container_access_type', ['blob', 'container'], 'private'),
  );
  return both(
    allowed,
    anyFact(containers, byDefault(false, 'azurerm_storage_container.container_access_type')),
  );
}

export function mapStorageAccount(r: TfResource, ctx: MapperContext): void {
  const id = ctx.asset(r, {
    kind: 'object-store',
    facts: {
      internetReachable: publicNetworkFact(r, 'public_network_access_enabled', 'network_rules'),
      keyAuthEnabled: boolFact(r, 'shared_access_key_enabled', true),
      anonymousRead: anonymousReadFact(r, ctx),
      // Anonymous access to Azure Blob storage is read-only.
      anonymousWrite: byDefault(false, 'container_access_type'),
      publicAccessBlocked: boolFact(
        r,
        firstSetPath(r, NESTED_PUBLIC) ?? 'allow_nested_items_to_be_public',
        false,
        true,
      ),
      // Azure Storage encrypts all data at rest (Microsoft-managed keys unless a CMK is configured).
      encryptedAtRest: byDefault(true, 'encryption'),
      customerManagedKey: presenceFact(r, 'customer_managed_key'),
      versioning: boolFact(r, 'blob_properties.0.versioning_enabled', false),
      immutability: presenceFact(r, 'immutability_policy'),
      deletionLifecycle: byDefault(false, 'azurerm_storage_management_policy'),
      accessLogging: byDefault(false, 'azurerm_monitor_diagnostic_setting'),
      privateNetwork: byDefault(false, 'azurerm_private_endpoint'),
    },
  });
  encryptWith(r, ctx, id, 'customer_managed_key.0.key_vault_key_id');
}

/** Containers are part of their account's asset: their access type feeds the account's anonymousRead. */
export function mapStorageContainer(r: TfResource, ctx: MapperContext): void {
  if (accountOf(r, ctx).length === 0) {
    ctx.unresolved(r, attachPath(r), ACCOUNT, ['anonymousRead']);
  }
}

export function mapStorageNetworkRules(r: TfResource, ctx: MapperContext): void {
  const accounts = accountOf(r, ctx);
  if (accounts.length === 0) {
    ctx.unresolved(r, attachPath(r), ACCOUNT, ['internetReachable']);
    return;
  }
  const acl = enumFact(r, 'default_action', ['Allow'], undefined);
  for (const a of accounts) {
    ctx.patch(a.address, {
      internetReachable: both(boolFact(a, 'public_network_access_enabled', true), acl),
    });
  }
}

const KEY = ['azurerm_key_vault_key'] as const;
const VAULT = ['azurerm_key_vault'] as const;
const KEY_ID_MATCH = ['id', 'versionless_id', 'resource_id'] as const;

/** `https://<vault>.vault.azure.net/`, lower-cased with one trailing slash, the form of a vault's `vault_uri`. */
function vaultUriOf(value: string): string | undefined {
  const m = /^(https:\/\/[^/?#]+)(?:\/|$)/i.exec(value.trim());
  return m?.[1] === undefined ? undefined : `${m[1].toLowerCase()}/`;
}

/**
 * What identifies the vault(s) a key (`key_vault_id`) sits in: the addresses of the linked vaults, else the known
 * vault id; and the vault URI its known key id starts with (`https://<vault>.vault.azure.net/keys/<name>`).
 */
function vaultsOfKey(key: TfResource, ctx: MapperContext): Set<string> {
  const out = new Set(ctx.linked(key, 'key_vault_id', VAULT, ['id']).map((l) => l.resource.address));
  const id = str(key, 'key_vault_id');
  if (out.size === 0 && id !== undefined && !isUnknownAt(key, 'key_vault_id'))
    out.add(`id:${id.toLowerCase()}`);
  for (const attr of ['versionless_id', 'id']) {
    const v = isUnknownAt(key, attr) ? undefined : str(key, attr);
    const uri = v === undefined ? undefined : vaultUriOf(v);
    if (uri !== undefined) out.add(`uri:${uri}`);
  }
  return out;
}

/**
 * The same for a customer-managed key's `key_vault_id` or `key_vault_uri` (at `path`): the vaults it links to
 * (by reference, or by value on the vault's `id` or `vault_uri`), the vaults of keys it is derived from (a URI cut
 * from a key's id), else its known value.
 */
function vaultsOfCmk(r: TfResource, ctx: MapperContext, path: string): Set<string> {
  const uri = path === 'key_vault_uri';
  const out = new Set(
    ctx.linked(r, path, VAULT, uri ? ['vault_uri'] : ['id']).map((l) => l.resource.address),
  );
  const value = isUnknownAt(r, path) ? undefined : str(r, path);
  const normalized = uri && value !== undefined ? vaultUriOf(value) : undefined;
  if (out.size === 0 && normalized !== undefined) {
    // The provider accepts the URI with or without its trailing slash.
    for (const v of [normalized, normalized.slice(0, -1)])
      for (const t of ctx.byValue(VAULT, v, ['vault_uri'])) out.add(t.address);
  }
  for (const l of ctx.linked(r, path, KEY, KEY_ID_MATCH))
    for (const v of vaultsOfKey(l.resource, ctx)) out.add(v);
  if (out.size === 0 && value !== undefined) {
    if (normalized !== undefined) out.add(`uri:${normalized}`);
    else if (!uri) out.add(`id:${value.toLowerCase()}`);
  }
  return out;
}

/**
 * `encrypt-with` to the key a storage customer-managed key names: `key_name` in the vault of `key_vault_id` (or
 * `key_vault_uri`). Key names are unique only within a vault, so a key counts when `key_name` links to it (by
 * reference or by its `name`) and it sits in that vault. A vault or key that cannot be linked is an unresolved
 * link (a note); no key is guessed.
 */
function encryptWithNamedKey(r: TfResource, ctx: MapperContext, accounts: readonly TfResource[]): void {
  const vaultPath = firstSetPath(r, ['key_vault_id', 'key_vault_uri']);
  // managed_hsm_key_id: Managed HSM keys are not modelled.
  if (vaultPath === undefined) return;
  const vaults = vaultsOfCmk(r, ctx, vaultPath);
  if (vaults.size === 0) {
    ctx.unresolved(r, vaultPath, VAULT, []);
    return;
  }
  const keys = ctx
    .linked(r, 'key_name', KEY, ['name'])
    .filter((l) => [...vaultsOfKey(l.resource, ctx)].some((v) => vaults.has(v)));
  if (keys.length === 0) {
    ctx.unresolved(r, 'key_name', KEY, []);
    return;
  }
  for (const a of accounts)
    for (const k of keys)
      ctx.flow(
        a.address,
        k.resource.address,
        'encrypt-with',
        ctx.evidence(r, 'key_name', `${k.via}, in the vault of ${vaultPath}`),
      );
}

export function mapStorageCustomerManagedKey(r: TfResource, ctx: MapperContext): void {
  const accounts = accountOf(r, ctx);
  if (accounts.length === 0) {
    ctx.unresolved(r, attachPath(r), ACCOUNT, ['customerManagedKey']);
    return;
  }
  const keyPath = firstSetPath(r, ['key_name', 'key_vault_key_id', 'managed_hsm_key_id']) ?? 'key_name';
  for (const a of accounts) {
    ctx.patch(a.address, { customerManagedKey: explicit(true, `${r.address}.${keyPath}`) });
    encryptWith(r, ctx, a.address, 'key_vault_key_id');
  }
  if (firstSetPath(r, ['key_name']) !== undefined) encryptWithNamedKey(r, ctx, accounts);
}

/** Whether a management policy rule deletes data: an enabled rule with a `delete_after_*` action. */
function ruleDeletes(rule: Json): boolean {
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) return false;
  if (rule['enabled'] === false) return false;
  return /"delete_after_[a-z_]+":\s*\d/.test(JSON.stringify(rule['actions'] ?? null));
}

export function mapStorageManagementPolicy(r: TfResource, ctx: MapperContext): void {
  const accounts = accountOf(r, ctx);
  if (accounts.length === 0) {
    ctx.unresolved(r, 'storage_account_id', ACCOUNT, ['deletionLifecycle']);
    return;
  }
  let fact: Fact<boolean>;
  if (isUnknownAt(r, 'rule') || (hasUnknownBelow(r, 'rule') && !list(r, 'rule').some(ruleDeletes))) {
    fact = unknown('rule', AFTER_APPLY);
  } else {
    const i = list(r, 'rule').findIndex(ruleDeletes);
    fact = i >= 0 ? explicit(true, `${r.address}.rule[${i}].actions`) : explicit(false, `${r.address}.rule`);
  }
  for (const a of accounts) ctx.patch(a.address, { deletionLifecycle: fact });
}
