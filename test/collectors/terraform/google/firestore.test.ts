import { describe, expect, it } from 'vitest';
import { assetOf, flowOf, inventoryOf, ref, type TestResource } from './plan-builder.js';

const DB = 'google_firestore_database.chat';
const database: TestResource = {
  type: 'google_firestore_database',
  name: 'chat',
  values: { project: 'p', name: 'chat-history', location_id: 'eur3', type: 'FIRESTORE_NATIVE' },
  unknown: { id: true },
};
const field = (values: TestResource['values'], unknown: TestResource['unknown'] = {}): TestResource => ({
  type: 'google_firestore_field',
  name: 'expiry',
  values: {
    project: 'p',
    database: 'chat-history',
    collection: 'conversations',
    field: 'expires_at',
    ...values,
  },
  unknown: { id: true, name: true, ...(unknown as object) },
  expressions: { database: ref('google_firestore_database.chat.name') },
});

describe('google_firestore_database and google_firestore_field', () => {
  it('a database keeps its documents until a field of it carries a TTL policy', () => {
    expect(assetOf(inventoryOf([database]), DB)).toMatchObject({
      kind: 'database',
      facts: { deletionLifecycle: { state: 'default', value: false } },
    });
    const inv = inventoryOf([
      database,
      field({ ttl_config: [{ state: null }] }, { ttl_config: [{ state: true }] }),
    ]);
    expect(assetOf(inv, DB).facts.deletionLifecycle).toMatchObject({
      state: 'explicit',
      value: true,
      attribute: 'google_firestore_field.expiry.ttl_config',
    });
  });

  it('an index-only field says nothing about expiry; an unknown TTL block makes it unknown', () => {
    const index = inventoryOf([database, field({ index_config: [{ indexes: [] }] })]);
    expect(assetOf(index, DB).facts.deletionLifecycle).toMatchObject({ state: 'default', value: false });
    const unknown = inventoryOf([database, field({}, { ttl_config: true })]);
    expect(assetOf(unknown, DB).facts.deletionLifecycle?.state).toBe('unknown');
  });

  it('a field of the (default) database does not expire documents of another database', () => {
    const inv = inventoryOf([
      database,
      {
        type: 'google_firestore_field',
        name: 'other',
        values: { project: 'p', collection: 'c', field: 'f', ttl_config: [{}] },
      },
    ]);
    expect(assetOf(inv, DB).facts.deletionLifecycle).toMatchObject({ state: 'default', value: false });
  });
});

describe('Firestore roles granted on the project', () => {
  it('roles/datastore.user lets the service account read and write the project’s databases', () => {
    const inv = inventoryOf([
      database,
      {
        type: 'google_service_account',
        name: 'app',
        action: 'no-op',
        values: {
          project: 'p',
          email: 'app@p.iam.gserviceaccount.com',
          member: 'serviceAccount:app@p.iam.gserviceaccount.com',
        },
      },
      {
        type: 'google_project_iam_member',
        name: 'app',
        values: {
          project: 'p',
          role: 'roles/datastore.user',
          member: 'serviceAccount:app@p.iam.gserviceaccount.com',
        },
      },
    ]);
    expect(flowOf(inv, 'write', 'google_service_account.app', DB)).toBeDefined();
    expect(flowOf(inv, 'read', 'google_service_account.app', DB)).toBeDefined();
  });
});
