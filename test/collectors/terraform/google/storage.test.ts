import { describe, expect, it } from 'vitest';
import { assetOf, flowOf, inventoryOf, ref } from './plan-builder.js';

const SA = {
  type: 'google_service_account',
  name: 'reader',
  action: 'no-op' as const,
  values: {
    account_id: 'reader',
    email: 'reader@p.iam.gserviceaccount.com',
    member: 'serviceAccount:reader@p.iam.gserviceaccount.com',
  },
};

describe('google_storage_bucket', () => {
  it('defaults: no CMK, versioning, lifecycle, logs; public access prevention inherited; never internetReachable', () => {
    const f = assetOf(
      inventoryOf([{ type: 'google_storage_bucket', name: 'b', values: { name: 'b' } }]),
      'google_storage_bucket.b',
    ).facts;
    expect(f.customerManagedKey).toMatchObject({ state: 'default', value: false });
    expect(f.versioning).toMatchObject({ state: 'default', value: false });
    expect(f.deletionLifecycle).toMatchObject({ state: 'default', value: false });
    expect(f.accessLogging).toMatchObject({ state: 'default', value: false });
    expect(f.publicAccessBlocked).toMatchObject({ state: 'default', value: false });
    expect(f.internetReachable).toBeUndefined();
  });

  it('configured controls are explicit', () => {
    const f = assetOf(
      inventoryOf([
        {
          type: 'google_storage_bucket',
          name: 'b',
          values: {
            name: 'b',
            public_access_prevention: 'enforced',
            versioning: [{ enabled: true }],
            encryption: [{ default_kms_key_name: 'projects/p/locations/eu/keyRings/r/cryptoKeys/k' }],
            logging: [{ log_bucket: 'logs' }],
            lifecycle_rule: [{ action: [{ type: 'SetStorageClass' }] }, { action: [{ type: 'Delete' }] }],
            retention_policy: [{ retention_period: 86400, is_locked: true }],
          },
        },
      ]),
      'google_storage_bucket.b',
    ).facts;
    expect(f.publicAccessBlocked).toMatchObject({ state: 'explicit', value: true });
    expect(f.versioning).toMatchObject({ state: 'explicit', value: true });
    expect(f.customerManagedKey).toMatchObject({ state: 'explicit', value: true });
    expect(f.accessLogging).toMatchObject({ state: 'explicit', value: true });
    expect(f.deletionLifecycle).toMatchObject({
      state: 'explicit',
      value: true,
      attribute: 'lifecycle_rule[1].action[0].type',
    });
    expect(f.immutability).toMatchObject({ state: 'explicit', value: true });
  });
});

describe('encrypt-with', () => {
  it('follows the key the bucket uses, not a key its expression references but does not pick', () => {
    const key = { type: 'google_kms_crypto_key', name: 'k', values: { name: 'k' }, unknown: { id: true } };
    const inv = inventoryOf([
      key,
      {
        type: 'google_storage_bucket',
        name: 'cmek',
        values: { name: 'cmek', encryption: [{}] },
        unknown: { encryption: [{ default_kms_key_name: true }] },
        expressions: { encryption: [{ default_kms_key_name: ref('google_kms_crypto_key.k.id') }] },
      },
      {
        type: 'google_storage_bucket',
        name: 'gmek',
        values: { name: 'gmek', encryption: [{ default_kms_key_name: null }] },
        expressions: { encryption: [{ default_kms_key_name: ref('google_kms_crypto_key.k.id') }] },
      },
    ]);
    expect(
      flowOf(inv, 'encrypt-with', 'google_storage_bucket.cmek', 'google_kms_crypto_key.k'),
    ).toBeDefined();
    expect(
      flowOf(inv, 'encrypt-with', 'google_storage_bucket.gmek', 'google_kms_crypto_key.k'),
    ).toBeUndefined();
    expect(assetOf(inv, 'google_storage_bucket.gmek').facts.customerManagedKey).toMatchObject({
      value: false,
    });
  });
});

describe('google_storage_bucket_iam_member / _binding / _policy', () => {
  it('allUsers with a read role: anonymousRead, not a flow', () => {
    const inv = inventoryOf([
      { type: 'google_storage_bucket', name: 'b', values: { name: 'b' } },
      {
        type: 'google_storage_bucket_iam_member',
        name: 'm',
        values: { bucket: 'b', role: 'roles/storage.objectViewer', member: 'allUsers' },
      },
    ]);
    expect(assetOf(inv, 'google_storage_bucket.b').facts.anonymousRead).toMatchObject({
      state: 'explicit',
      value: true,
    });
    expect(assetOf(inv, 'google_storage_bucket.b').facts.anonymousWrite).toMatchObject({
      state: 'default',
      value: false,
    });
    expect(inv.flows).toEqual([]);
  });

  it('allAuthenticatedUsers in a binding with a write role: anonymousWrite', () => {
    const inv = inventoryOf([
      { type: 'google_storage_bucket', name: 'b', values: { name: 'b' } },
      {
        type: 'google_storage_bucket_iam_binding',
        name: 'm',
        values: {
          bucket: 'b',
          role: 'roles/storage.objectCreator',
          members: ['user:a@example.com', 'allAuthenticatedUsers'],
        },
      },
    ]);
    expect(assetOf(inv, 'google_storage_bucket.b').facts.anonymousWrite).toMatchObject({
      state: 'explicit',
      value: true,
    });
    expect(assetOf(inv, 'google_storage_bucket.b').facts.anonymousRead).toMatchObject({
      state: 'default',
      value: false,
    });
  });

  it('a service account member (by email) becomes read and write flows from the identity', () => {
    const inv = inventoryOf([
      SA,
      { type: 'google_storage_bucket', name: 'b', values: { name: 'b' } },
      {
        type: 'google_storage_bucket_iam_member',
        name: 'm',
        values: {
          bucket: 'b',
          role: 'roles/storage.objectAdmin',
          member: 'serviceAccount:reader@p.iam.gserviceaccount.com',
        },
      },
    ]);
    expect(flowOf(inv, 'read', 'google_service_account.reader', 'google_storage_bucket.b')).toBeDefined();
    expect(
      flowOf(inv, 'write', 'google_service_account.reader', 'google_storage_bucket.b')?.evidence[0],
    ).toMatchObject({
      assetId: 'google_storage_bucket_iam_member.m',
      attribute: 'role',
      value: 'roles/storage.objectAdmin',
    });
    expect(assetOf(inv, 'google_storage_bucket.b').facts.anonymousRead).toMatchObject({
      state: 'default',
      value: false,
    });
  });

  it('a policy built from a google_iam_policy data source grants through its bindings', () => {
    const inv = inventoryOf([
      SA,
      { type: 'google_storage_bucket', name: 'b', values: { name: 'b' } },
      {
        type: 'google_storage_bucket_iam_policy',
        name: 'p',
        values: {
          bucket: 'b',
          policy_data: JSON.stringify({
            bindings: [
              {
                role: 'roles/storage.objectViewer',
                members: ['serviceAccount:reader@p.iam.gserviceaccount.com'],
              },
              { role: 'roles/storage.legacyObjectReader', members: ['allUsers'] },
            ],
          }),
        },
        expressions: { bucket: ref('google_storage_bucket.b.name') },
      },
    ]);
    expect(
      flowOf(inv, 'read', 'google_service_account.reader', 'google_storage_bucket.b')?.evidence[0]?.attribute,
    ).toBe('policy_data');
    expect(assetOf(inv, 'google_storage_bucket.b').facts.anonymousRead).toMatchObject({
      state: 'explicit',
      value: true,
    });
  });

  it('a role without data access makes no flow', () => {
    const inv = inventoryOf([
      SA,
      { type: 'google_storage_bucket', name: 'b', values: { name: 'b' } },
      {
        type: 'google_storage_bucket_iam_member',
        name: 'm',
        values: {
          bucket: 'b',
          role: 'roles/storage.insightsCollectorService',
          member: 'serviceAccount:reader@p.iam.gserviceaccount.com',
        },
      },
    ]);
    expect(inv.flows).toEqual([]);
  });
});
