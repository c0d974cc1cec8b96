import { describe, expect, it } from 'vitest';
import { factOf, flowOf, inventoryOf, show, type TestResource } from './plan-builder.js';

const CONTAINER = 'azurerm_cosmosdb_sql_container.chat';
const IDENTITY = 'azurerm_user_assigned_identity.app';

const account: TestResource = {
  address: 'azurerm_cosmosdb_account.a',
  values: { name: 'cosmos-a' },
  unknown: { id: true },
};
const database: TestResource = {
  address: 'azurerm_cosmosdb_sql_database.chat',
  values: { name: 'chat', account_name: 'cosmos-a' },
  unknown: { id: true },
  refs: { account_name: 'azurerm_cosmosdb_account.a.name' },
};
const container = (
  values: TestResource['values'] = {},
  unknown: TestResource['unknown'] = {},
): TestResource => ({
  address: CONTAINER,
  values: { name: 'conversations', account_name: 'cosmos-a', database_name: 'chat', ...values },
  unknown: { id: true, ...unknown },
  refs: {
    account_name: 'azurerm_cosmosdb_account.a.name',
    database_name: 'azurerm_cosmosdb_sql_database.chat.name',
  },
});
const identity: TestResource = {
  address: IDENTITY,
  values: { name: 'id-app' },
  unknown: { id: true, principal_id: true },
};
const definition = (actions: string[]): TestResource => ({
  address: 'azurerm_cosmosdb_sql_role_definition.d',
  values: { name: 'd', account_name: 'cosmos-a', permissions: [{ data_actions: actions }] },
  unknown: { id: true, role_definition_id: true },
  refs: { account_name: 'azurerm_cosmosdb_account.a.name' },
});
const assignment = (
  values: TestResource['values'],
  refs: TestResource['refs'],
  unknown: TestResource['unknown'] = {},
): TestResource => ({
  address: 'azurerm_cosmosdb_sql_role_assignment.a',
  values: { account_name: 'cosmos-a', ...values },
  unknown: { principal_id: true, ...unknown },
  refs: {
    account_name: 'azurerm_cosmosdb_account.a.name',
    principal_id: `${IDENTITY}.principal_id`,
    ...refs,
  },
});
const ITEMS = 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items';

describe('azurerm_cosmosdb_sql_container', () => {
  it('is a database whose items expire only with a positive default_ttl', () => {
    expect(
      show(factOf(inventoryOf([container({ default_ttl: 2592000 })]), CONTAINER, 'deletionLifecycle')),
    ).toBe('explicit:true');
    // -1 turns TTL on without a default: items never expire unless they carry their own ttl.
    expect(show(factOf(inventoryOf([container({ default_ttl: -1 })]), CONTAINER, 'deletionLifecycle'))).toBe(
      'explicit:false',
    );
    expect(show(factOf(inventoryOf([container()]), CONTAINER, 'deletionLifecycle'))).toBe('default:false');
  });

  it('reads an unset default_ttl, which a plan shows as known only after apply, as TTL off', () => {
    const inv = inventoryOf([container({}, { default_ttl: true })]);
    expect(show(factOf(inv, CONTAINER, 'deletionLifecycle'))).toBe('default:false');
  });
});

describe('azurerm_cosmosdb_sql_role_assignment', () => {
  it('gives the principal read and write flows to the containers of the database in scope (custom role)', () => {
    const inv = inventoryOf([
      account,
      database,
      container(),
      identity,
      definition(['Microsoft.DocumentDB/databaseAccounts/readMetadata', `${ITEMS}/create`, `${ITEMS}/read`]),
      assignment(
        {},
        {
          role_definition_id: 'azurerm_cosmosdb_sql_role_definition.d.id',
          scope: ['azurerm_cosmosdb_account.a.id', 'azurerm_cosmosdb_sql_database.chat.name'],
        },
        { role_definition_id: true, scope: true },
      ),
    ]);
    expect(flowOf(inv, 'write', IDENTITY, CONTAINER)).toBeDefined();
    expect(flowOf(inv, 'read', IDENTITY, CONTAINER)).toBeDefined();
  });

  it('gives only a read flow for a reader role, by its built-in id', () => {
    const inv = inventoryOf([
      account,
      database,
      container(),
      identity,
      assignment(
        {
          role_definition_id:
            '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-a/sqlRoleDefinitions/00000000-0000-0000-0000-000000000001',
          scope:
            '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-a',
        },
        {},
      ),
    ]);
    expect(flowOf(inv, 'read', IDENTITY, CONTAINER)).toBeDefined();
    expect(flowOf(inv, 'write', IDENTITY, CONTAINER)).toBeUndefined();
  });

  it('leaves a container outside the scoped database alone', () => {
    const inv = inventoryOf([
      account,
      database,
      container({ database_name: 'other' }, {}),
      identity,
      assignment(
        {
          role_definition_id: 'x/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002',
          scope:
            '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-a/dbs/chat',
        },
        {},
      ),
    ]);
    expect(inv.flows.filter((f) => f.to === CONTAINER)).toEqual([]);
  });

  it('models no grant whose role is known only after apply, and says so', () => {
    const inv = inventoryOf([
      account,
      container(),
      identity,
      assignment(
        {},
        { role_definition_id: 'azurerm_cosmosdb_account.a.id', scope: 'azurerm_cosmosdb_account.a.id' },
        {
          role_definition_id: true,
          scope: true,
        },
      ),
    ]);
    expect(inv.flows.filter((f) => f.to === CONTAINER)).toEqual([]);
    expect(
      inv.notes.some(
        (n) => n.kind === 'unknown-value' && n.address === 'azurerm_cosmosdb_sql_role_assignment.a',
      ),
    ).toBe(true);
  });
});
