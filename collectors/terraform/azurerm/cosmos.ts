import { byDefault, explicit, unknown, type Fact, type FlowKind } from '../../../src/model/index.js';
import { hasUnknownBelow, isUnknownAt, list, num, str, strings, unknownReason } from '../attributes.js';
import type { MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { IDENTITY_HOLDER_TYPES } from './common.js';

const ACCOUNT = ['azurerm_cosmosdb_account'] as const;
const DATABASE = ['azurerm_cosmosdb_sql_database'] as const;
const CONTAINER = ['azurerm_cosmosdb_sql_container'] as const;
const ROLE_DEFINITION = ['azurerm_cosmosdb_sql_role_definition'] as const;
const PRINCIPAL_TYPES = ['azurerm_user_assigned_identity', ...IDENTITY_HOLDER_TYPES];

/**
 * `default_ttl` of a container: absent (TTL off) and -1 (TTL on, items never expire unless they carry their own
 * `ttl`) keep items; a positive n deletes them n seconds after their last write. The attribute is optional and
 * computed, so a plan shows an unset TTL as known only after apply; from source, an unknown value is one the
 * configuration wrote (a variable without a value).
 */
function expiryFact(r: TfResource): Fact<boolean> {
  const path = 'default_ttl';
  if (isUnknownAt(r, path)) {
    if (r.reasons !== undefined && Object.hasOwn(r.reasons, path))
      return unknown(path, unknownReason(r, path));
    return byDefault(false, path);
  }
  const ttl = num(r, path);
  return ttl === undefined ? byDefault(false, path) : explicit(ttl > 0, path);
}

/** azurerm_cosmosdb_sql_container: the unit of data (and of TTL) in a Cosmos DB for NoSQL account. */
export function mapCosmosSqlContainer(r: TfResource, ctx: MapperContext): void {
  ctx.asset(r, { kind: 'database', facts: { deletionLifecycle: expiryFact(r) } });
}

/**
 * The built-in data-plane roles of Cosmos DB for NoSQL, by the GUID that ends their role definition id (as listed
 * in Microsoft's data-plane role reference: the reader holds items/read, executeQuery and readChangeFeed; the
 * contributor containers/* and items/*).
 */
const BUILT_IN_ROLES: Readonly<Record<string, readonly FlowKind[]>> = {
  // Cosmos DB Built-in Data Reader
  '00000000-0000-0000-0000-000000000001': ['read'],
  // Cosmos DB Built-in Data Contributor
  '00000000-0000-0000-0000-000000000002': ['write', 'read'],
};

const WRITE_ACTION = /\/(?:items\/(?:\*|create|upsert|replace|delete)|containers\/\*|sqldatabases\/\*)$/;
const READ_ACTION = /\/(?:items\/(?:\*|read)|executequery|readchangefeed|containers\/\*|sqldatabases\/\*)$/;

function kindsOfActions(actions: readonly string[]): FlowKind[] {
  const kinds = new Set<FlowKind>();
  for (const action of actions.map((a) => a.toLowerCase())) {
    if (WRITE_ACTION.test(action)) kinds.add('write');
    if (READ_ACTION.test(action)) kinds.add('read');
  }
  return [...kinds];
}

function builtIn(id: string | undefined): readonly FlowKind[] | undefined {
  const guid = id?.split('/').pop()?.toLowerCase();
  return guid === undefined ? undefined : BUILT_IN_ROLES[guid];
}

/**
 * What a role assignment lets its principal do: a linked role definition (resource or data source) by its
 * built-in GUID or its `permissions[].data_actions`, else a built-in GUID in a known `role_definition_id`.
 * Undefined when it cannot be known (an id built from an account created in the same plan).
 */
function roleKinds(r: TfResource, ctx: MapperContext): readonly FlowKind[] | undefined {
  const path = 'role_definition_id';
  for (const { resource: def } of ctx.linked(r, path, ROLE_DEFINITION, ['id'])) {
    const known = builtIn(str(def, 'role_definition_id'));
    if (known !== undefined) return known;
    if (isUnknownAt(def, 'permissions') || hasUnknownBelow(def, 'permissions')) return undefined;
    return kindsOfActions(
      list(def, 'permissions').flatMap((_, i) => strings(def, `permissions.${i}.data_actions`)),
    );
  }
  return isUnknownAt(r, path) ? undefined : builtIn(str(r, path));
}

/** What identifies a resource's account: the linked account resources, and the account name when known. */
function accountKeys(r: TfResource, ctx: MapperContext): Set<string> {
  const keys = new Set(ctx.linked(r, 'account_name', ACCOUNT, ['name']).map((l) => l.resource.address));
  const name = str(r, 'account_name');
  if (name !== undefined && !isUnknownAt(r, 'account_name')) keys.add(`name:${name.toLowerCase()}`);
  return keys;
}

function sameAccount(a: Set<string>, b: Set<string>): boolean {
  for (const k of a) if (b.has(k)) return true;
  return false;
}

/**
 * The containers a role assignment's `scope` covers: the account (every container of `account_name`), a
 * database (`<account id>/dbs/<name>`) or one container (`.../colls/<name>`), through references or the known
 * scope string.
 */
function scopeContainers(r: TfResource, ctx: MapperContext): TfResource[] {
  const named = ctx.linked(r, 'scope', CONTAINER, ['id']).map((l) => l.resource);
  if (named.length > 0) return named;
  const account = accountKeys(r, ctx);
  let inAccount = ctx.resources(CONTAINER[0]).filter((c) => sameAccount(account, accountKeys(c, ctx)));
  const databases = new Set(ctx.linked(r, 'scope', DATABASE, ['id']).map((l) => l.resource.address));
  const scope = isUnknownAt(r, 'scope') ? undefined : str(r, 'scope');
  const parts = scope === undefined ? undefined : /\/dbs\/([^/]+)(?:\/colls\/([^/]+))?\/?$/i.exec(scope);
  if (databases.size > 0) {
    inAccount = inAccount.filter((c) =>
      ctx.linked(c, 'database_name', DATABASE, ['name']).some((l) => databases.has(l.resource.address)),
    );
  } else if (parts !== null && parts !== undefined) {
    const [, db, coll] = parts;
    inAccount = inAccount.filter(
      (c) => str(c, 'database_name') === db && (coll === undefined || str(c, 'name') === coll),
    );
  }
  return inAccount;
}

/** azurerm_cosmosdb_sql_role_assignment: a data-plane grant, a flow from the principal to each container in scope. */
export function mapCosmosSqlRoleAssignment(r: TfResource, ctx: MapperContext): void {
  const kinds = roleKinds(r, ctx);
  if (kinds === undefined) {
    ctx.note(
      'unknown-value',
      'role_definition_id is known only after apply and names no role definition of this plan; the grant is not modelled',
      r.address,
    );
    return;
  }
  if (kinds.length === 0) return;
  const principals = ctx.linked(r, 'principal_id', PRINCIPAL_TYPES, [
    'principal_id',
    'identity.0.principal_id',
  ]);
  if (principals.length === 0) {
    ctx.unresolved(r, 'principal_id', ['azurerm_user_assigned_identity'], []);
    return;
  }
  const containers = scopeContainers(r, ctx);
  if (containers.length === 0) {
    ctx.unresolved(r, 'scope', CONTAINER, []);
    return;
  }
  const evidence = ctx.evidence(r, 'role_definition_id');
  for (const p of principals)
    for (const c of containers)
      for (const kind of kinds) ctx.flow(p.resource.address, c.address, kind, evidence);
}
