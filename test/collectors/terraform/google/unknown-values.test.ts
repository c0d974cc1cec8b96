import { describe, expect, it } from 'vitest';
import { planToInventory } from '../../../../collectors/terraform/index.js';
import { readPlan } from '../../../../collectors/terraform/plan.js';
import { assetOf, inventoryOf, ref } from './plan-builder.js';

describe('google mappers: values known only after apply', () => {
  it('an attribute in after_unknown gives an unknown fact, never false', () => {
    const doc = {
      format_version: '1.2',
      terraform_version: '1.9.8',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'google_storage_bucket.data',
              mode: 'managed',
              type: 'google_storage_bucket',
              name: 'data',
              provider_name: 'registry.terraform.io/hashicorp/google',
              schema_version: 0,
              values: { name: 'data', location: 'EU', versioning: [{}] },
              sensitive_values: {},
            },
          ],
        },
      },
      resource_changes: [
        {
          address: 'google_storage_bucket.data',
          mode: 'managed',
          type: 'google_storage_bucket',
          name: 'data',
          provider_name: 'registry.terraform.io/hashicorp/google',
          change: {
            actions: ['create'],
            before: null,
            after: { name: 'data', location: 'EU', versioning: [{}] },
            after_unknown: { id: true, versioning: [{ enabled: true }], public_access_prevention: true },
            before_sensitive: false,
            after_sensitive: {},
          },
        },
      ],
    };
    const inv = planToInventory(readPlan(doc, 'tiny.json', '0'.repeat(64)));
    const bucket = assetOf(inv, 'google_storage_bucket.data');
    expect(bucket.facts.versioning).toEqual({
      state: 'unknown',
      attribute: 'versioning[0].enabled',
      reason: 'known only after apply',
    });
    expect(bucket.facts.publicAccessBlocked).toEqual({
      state: 'unknown',
      attribute: 'public_access_prevention',
      reason: 'known only after apply',
    });
    // Absent attributes take the provider default, which is not the same as unknown.
    expect(bucket.facts.customerManagedKey).toEqual({
      state: 'default',
      value: false,
      attribute: 'encryption[0].default_kms_key_name',
    });
  });

  it('a CMEK key name known only after apply counts only when it references a KMS key', () => {
    const inv = inventoryOf([
      { type: 'google_kms_crypto_key', name: 'k', values: { name: 'k' }, unknown: { id: true } },
      {
        type: 'google_vertex_ai_dataset',
        name: 'referenced',
        values: { display_name: 'a' },
        unknown: { encryption_spec: [{ kms_key_name: true }] },
        expressions: { encryption_spec: [{ kms_key_name: ref('google_kms_crypto_key.k.id') }] },
      },
      {
        type: 'google_vertex_ai_dataset',
        name: 'opaque',
        values: { display_name: 'b' },
        unknown: { encryption_spec: [{ kms_key_name: true }] },
        expressions: { encryption_spec: [{ kms_key_name: ref('var.key') }] },
      },
    ]);
    expect(assetOf(inv, 'google_vertex_ai_dataset.referenced').facts.customerManagedKey).toMatchObject({
      state: 'explicit',
      value: true,
    });
    expect(assetOf(inv, 'google_vertex_ai_dataset.opaque').facts.customerManagedKey).toMatchObject({
      state: 'unknown',
      reason: 'known only after apply',
    });
  });

  it('an IAM grant whose target cannot be linked makes the candidate targets’ anonymous facts unknown', () => {
    const inv = inventoryOf([
      { type: 'google_storage_bucket', name: 'a', values: { name: 'bucket-a' } },
      { type: 'google_storage_bucket', name: 'b', values: { name: 'bucket-b' } },
      {
        type: 'google_storage_bucket_iam_member',
        name: 'public',
        values: { role: 'roles/storage.objectViewer', member: 'allUsers' },
        unknown: { bucket: true },
        expressions: {
          bucket: ref('var.bucket_name'),
          role: { constant_value: 'roles/storage.objectViewer' },
        },
      },
    ]);
    for (const id of ['google_storage_bucket.a', 'google_storage_bucket.b']) {
      expect(assetOf(inv, id).facts.anonymousRead).toMatchObject({ state: 'unknown', attribute: 'iam' });
      // The grant is read-only: the write fact keeps its default.
      expect(assetOf(inv, id).facts.anonymousWrite).toMatchObject({ state: 'default', value: false });
    }
    expect(
      inv.notes.some(
        (n) => n.kind === 'unresolved-link' && n.address === 'google_storage_bucket_iam_member.public',
      ),
    ).toBe(true);
  });

  it('a member known only after apply and referencing nothing may be anonymous: unknown, not false', () => {
    const inv = inventoryOf([
      { type: 'google_storage_bucket', name: 'a', values: { name: 'bucket-a' } },
      {
        type: 'google_storage_bucket_iam_member',
        name: 'm',
        values: { bucket: 'bucket-a', role: 'roles/storage.objectAdmin' },
        unknown: { member: true },
        expressions: { member: ref('var.member') },
      },
    ]);
    const facts = assetOf(inv, 'google_storage_bucket.a').facts;
    expect(facts.anonymousRead).toMatchObject({ state: 'unknown', attribute: 'member' });
    expect(facts.anonymousWrite).toMatchObject({ state: 'unknown', attribute: 'member' });
  });
});
