import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../../collectors/terraform/types.js';
import { fact, inventoryOf, sv } from './plan-builder.js';

const bucket = {
  address: 'aws_s3_bucket.data',
  values: { bucket: 'data', id: 'data', arn: 'arn:aws:s3:::data' },
  action: 'no-op' as const,
};
const policy = (statement: object) => ({
  address: 'aws_s3_bucket_policy.data',
  values: { bucket: 'data', policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) },
});

describe('S3 mappers', () => {
  it('reads an anonymous GetObject grant as anonymousRead', () => {
    const inv = inventoryOf([
      bucket,
      policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }),
    ]);
    expect(sv(fact(inv, 'aws_s3_bucket.data', 'anonymousRead'))).toEqual({ state: 'explicit', value: true });
    expect(sv(fact(inv, 'aws_s3_bucket.data', 'anonymousWrite'))).toEqual({
      state: 'explicit',
      value: false,
    });
  });

  it('does not count an anonymous grant restricted to a VPC endpoint, nor a Deny', () => {
    const inv = inventoryOf([
      bucket,
      policy({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Resource: 'arn:aws:s3:::data/*',
        Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
      }),
    ]);
    expect(sv(fact(inv, 'aws_s3_bucket.data', 'anonymousRead'))).toEqual({ state: 'explicit', value: false });
    expect(sv(fact(inv, 'aws_s3_bucket.data', 'anonymousWrite'))).toEqual({
      state: 'explicit',
      value: false,
    });
  });

  it('flags grants to a foreign account as crossAccountAccess', () => {
    const inv = inventoryOf([
      {
        address: 'aws_iam_role.own',
        values: { name: 'own', arn: 'arn:aws:iam::111122223333:role/own' },
        action: 'no-op',
      },
      bucket,
      policy({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::999988887777:root' },
        Action: 's3:GetObject',
        Resource: '*',
      }),
    ]);
    expect(sv(fact(inv, 'aws_s3_bucket.data', 'crossAccountAccess'))).toEqual({
      state: 'explicit',
      value: true,
    });
  });

  it('sets publicAccessBlocked only when all four settings are true', () => {
    const pab = (restrict: boolean) => ({
      address: 'aws_s3_bucket_public_access_block.data',
      values: {
        bucket: 'data',
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: restrict,
      },
    });
    expect(sv(fact(inventoryOf([bucket, pab(true)]), 'aws_s3_bucket.data', 'publicAccessBlocked'))).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(sv(fact(inventoryOf([bucket, pab(false)]), 'aws_s3_bucket.data', 'publicAccessBlocked'))).toEqual({
      state: 'explicit',
      value: false,
    });
  });

  it('reads SSE-KMS with a key as customer-managed, AES256 and aws/s3 as not', () => {
    const sse = (by: JsonObject) => ({
      address: 'aws_s3_bucket_server_side_encryption_configuration.data',
      values: {
        bucket: 'data',
        rule: [{ apply_server_side_encryption_by_default: [by], bucket_key_enabled: true }],
      },
    });
    const cmk = inventoryOf([
      bucket,
      sse({ sse_algorithm: 'aws:kms', kms_master_key_id: 'arn:aws:kms:us-east-1:111122223333:key/1' }),
    ]);
    expect(sv(fact(cmk, 'aws_s3_bucket.data', 'customerManagedKey'))).toEqual({
      state: 'explicit',
      value: true,
    });
    const managed = inventoryOf([bucket, sse({ sse_algorithm: 'aws:kms', kms_master_key_id: null })]);
    expect(sv(fact(managed, 'aws_s3_bucket.data', 'customerManagedKey'))).toEqual({
      state: 'default',
      value: false,
    });
    const aes = inventoryOf([bucket, sse({ sse_algorithm: 'AES256' })]);
    expect(sv(fact(aes, 'aws_s3_bucket.data', 'customerManagedKey'))).toEqual({
      state: 'explicit',
      value: false,
    });
  });

  it('reads legacy inline blocks when known and public ACLs', () => {
    const inv = inventoryOf([
      {
        address: 'aws_s3_bucket.legacy',
        values: {
          bucket: 'legacy',
          acl: 'public-read',
          versioning: [{ enabled: true, mfa_delete: false }],
          logging: [],
        },
      },
    ]);
    expect(sv(fact(inv, 'aws_s3_bucket.legacy', 'versioning'))).toEqual({ state: 'explicit', value: true });
    expect(sv(fact(inv, 'aws_s3_bucket.legacy', 'anonymousRead'))).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(sv(fact(inv, 'aws_s3_bucket.legacy', 'accessLogging'))).toEqual({
      state: 'default',
      value: false,
    });
  });

  it('needs an expiring, enabled rule for deletionLifecycle', () => {
    const lifecycle = (status: string) => ({
      address: 'aws_s3_bucket_lifecycle_configuration.data',
      values: { bucket: 'data', rule: [{ id: 'r', status, expiration: [{ days: 30 }] }] },
    });
    expect(
      sv(fact(inventoryOf([bucket, lifecycle('Enabled')]), 'aws_s3_bucket.data', 'deletionLifecycle')),
    ).toEqual({ state: 'explicit', value: true });
    expect(
      sv(fact(inventoryOf([bucket, lifecycle('Disabled')]), 'aws_s3_bucket.data', 'deletionLifecycle')),
    ).toEqual({ state: 'explicit', value: false });
  });
});
