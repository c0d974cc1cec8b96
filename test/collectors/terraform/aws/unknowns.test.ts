import { describe, expect, it } from 'vitest';
import { fact, inventoryOf, sv } from './plan-builder.js';

describe('unknown plan values', () => {
  it('turns an attribute known only after apply into an unknown fact, never false', () => {
    const inv = inventoryOf([
      {
        address: 'aws_sagemaker_notebook_instance.nb',
        values: {
          name: 'nb',
          instance_type: 'ml.t3.medium',
          direct_internet_access: null,
          root_access: 'Disabled',
        },
        unknown: { direct_internet_access: true, arn: true },
      },
    ]);
    expect(fact(inv, 'aws_sagemaker_notebook_instance.nb', 'directInternetAccess')).toEqual({
      state: 'unknown',
      attribute: 'direct_internet_access',
      reason: 'known only after apply',
    });
    expect(sv(fact(inv, 'aws_sagemaker_notebook_instance.nb', 'rootAccess'))).toEqual({
      state: 'explicit',
      value: false,
    });
  });

  it('makes the target fact unknown when an attachment cannot be linked to its bucket', () => {
    const inv = inventoryOf([
      {
        address: 'aws_s3_bucket.a',
        values: { bucket: null },
        unknown: { bucket: true, id: true, arn: true },
      },
      {
        address: 'aws_s3_bucket_versioning.a',
        values: { bucket: null, versioning_configuration: [{ status: 'Enabled' }] },
        unknown: { bucket: true },
      },
    ]);
    const f = fact(inv, 'aws_s3_bucket.a', 'versioning');
    expect(f?.state).toBe('unknown');
    expect(f?.state === 'unknown' ? f.reason : '').toContain('could not be linked');
    expect(
      inv.notes.some((n) => n.kind === 'unresolved-link' && n.address === 'aws_s3_bucket_versioning.a'),
    ).toBe(true);
  });

  it('links an attachment through a configuration reference when the id is unknown', () => {
    const inv = inventoryOf([
      {
        address: 'aws_s3_bucket.a',
        values: { bucket: 'a-bucket' },
        unknown: { id: true, arn: true, versioning: true },
      },
      {
        address: 'aws_s3_bucket_versioning.a',
        values: { bucket: null, versioning_configuration: [{ status: 'Enabled' }] },
        unknown: { bucket: true },
        refs: { bucket: ['aws_s3_bucket.a.id', 'aws_s3_bucket.a'] },
      },
    ]);
    expect(sv(fact(inv, 'aws_s3_bucket.a', 'versioning'))).toEqual({ state: 'explicit', value: true });
  });

  it('keeps defaults when the attachment names a bucket outside the plan', () => {
    const inv = inventoryOf([
      {
        address: 'aws_s3_bucket.a',
        values: { bucket: 'a-bucket', id: 'a-bucket', arn: 'arn:aws:s3:::a-bucket' },
        action: 'no-op',
      },
      {
        address: 'aws_s3_bucket_versioning.b',
        values: { bucket: 'other-bucket', versioning_configuration: [{ status: 'Enabled' }] },
      },
    ]);
    expect(sv(fact(inv, 'aws_s3_bucket.a', 'versioning'))).toEqual({ state: 'default', value: false });
  });
});
