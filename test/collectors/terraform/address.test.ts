import { describe, expect, it } from 'vitest';
import { modulePathOf, splitAddress, stripInstanceKeys } from '../../../collectors/terraform/address.js';

describe('Terraform addresses', () => {
  it('strips instance keys, including quoted keys with dots and brackets', () => {
    expect(stripInstanceKeys('module.a["x.y"].module.b[0].aws_s3_bucket.c["k]"]')).toBe(
      'module.a.module.b.aws_s3_bucket.c',
    );
    expect(stripInstanceKeys('aws_s3_bucket.c')).toBe('aws_s3_bucket.c');
  });
  it('splits references into segments', () => {
    expect(splitAddress('module.data.bucket_id')).toEqual(['module', 'data', 'bucket_id']);
    expect(splitAddress('aws_s3_bucket.this[0].arn')).toEqual(['aws_s3_bucket', 'this', 'arn']);
    expect(splitAddress('data.aws_iam_policy_document.p["a\\"b"].json')).toEqual([
      'data',
      'aws_iam_policy_document',
      'p',
      'json',
    ]);
  });
  it('finds the module instance path of a resource', () => {
    expect(modulePathOf('module.a["x"].aws_s3_bucket.b[0]', 'aws_s3_bucket', 'b', 'managed')).toBe(
      'module.a["x"]',
    );
    expect(modulePathOf('data.aws_caller_identity.me', 'aws_caller_identity', 'me', 'data')).toBe('');
  });
});
