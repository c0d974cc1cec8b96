import { describe, expect, it } from 'vitest';
import { fact, flow, inventoryOf, sv } from './plan-builder.js';

const trust = (principal: object, condition?: object) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: 'sts:AssumeRole',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });
const role = (assume: string) => ({
  address: 'aws_iam_role.r',
  values: { name: 'r', arn: 'arn:aws:iam::111122223333:role/r', assume_role_policy: assume },
  action: 'no-op' as const,
});

describe('IAM mappers', () => {
  it('reads trust policies: anyone or a foreign account without ExternalId is external trust', () => {
    expect(sv(fact(inventoryOf([role(trust({ AWS: '*' }))]), 'aws_iam_role.r', 'externalTrust'))).toEqual({
      state: 'explicit',
      value: true,
    });
    const foreign = inventoryOf([role(trust({ AWS: 'arn:aws:iam::999988887777:root' }))]);
    expect(sv(fact(foreign, 'aws_iam_role.r', 'externalTrust'))).toEqual({ state: 'explicit', value: true });
    const guarded = inventoryOf([
      role(trust({ AWS: '999988887777' }, { StringEquals: { 'sts:ExternalId': 'x' } })),
    ]);
    expect(sv(fact(guarded, 'aws_iam_role.r', 'externalTrust'))).toEqual({ state: 'explicit', value: false });
    const service = inventoryOf([role(trust({ Service: 'sagemaker.amazonaws.com' }))]);
    expect(sv(fact(service, 'aws_iam_role.r', 'externalTrust'))).toEqual({ state: 'explicit', value: false });
  });

  it('turns an AdministratorAccess attachment into adminPrivileges', () => {
    const inv = inventoryOf([
      role(trust({ Service: 'ec2.amazonaws.com' })),
      {
        address: 'aws_iam_role_policy_attachment.a',
        values: { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      },
    ]);
    expect(sv(fact(inv, 'aws_iam_role.r', 'adminPrivileges'))).toEqual({ state: 'explicit', value: true });
  });

  it('does not flag a read-only managed policy', () => {
    const inv = inventoryOf([
      role(trust({ Service: 'ec2.amazonaws.com' })),
      {
        address: 'aws_iam_role_policy_attachment.a',
        values: { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      },
    ]);
    expect(sv(fact(inv, 'aws_iam_role.r', 'adminPrivileges'))).toEqual({ state: 'default', value: false });
  });

  it('turns Allow statements into grant flows and ignores Deny', () => {
    const inv = inventoryOf([
      role(trust({ Service: 'sagemaker.amazonaws.com' })),
      { address: 'aws_s3_bucket.d', values: { bucket: 'd', arn: 'arn:aws:s3:::d' }, action: 'no-op' },
      {
        address: 'aws_dynamodb_table.t',
        values: { name: 't', arn: 'arn:aws:dynamodb:us-east-1:111122223333:table/t' },
        action: 'no-op',
      },
      {
        address: 'aws_iam_role_policy.p',
        values: {
          role: 'r',
          policy: JSON.stringify({
            Statement: [
              { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::d/*' },
              { Effect: 'Deny', Action: 'dynamodb:PutItem', Resource: '*' },
            ],
          }),
        },
      },
    ]);
    expect(flow(inv, 'read', 'aws_iam_role.r', 'aws_s3_bucket.d')?.evidence[0]?.attribute).toBe('policy');
    expect(flow(inv, 'write', 'aws_iam_role.r', 'aws_s3_bucket.d')).toBeUndefined();
    expect(flow(inv, 'write', 'aws_iam_role.r', 'aws_dynamodb_table.t')).toBeUndefined();
  });

  it('reads policy documents known only after apply from their statement blocks and references', () => {
    const inv = inventoryOf([
      role(trust({ Service: 'sagemaker.amazonaws.com' })),
      { address: 'aws_dynamodb_table.t', values: { name: 't' }, unknown: { arn: true } },
      {
        address: 'data.aws_iam_policy_document.d',
        values: { statement: [{ effect: 'Allow', actions: ['dynamodb:PutItem'], resources: [null] }] },
        unknown: { json: true, statement: [{ resources: [true] }] },
        refs: { 'statement.0.resources': ['aws_dynamodb_table.t.arn', 'aws_dynamodb_table.t'] },
      },
      {
        address: 'aws_iam_role_policy.p',
        values: { role: 'r', policy: null },
        unknown: { policy: true },
        refs: { policy: ['data.aws_iam_policy_document.d.json', 'data.aws_iam_policy_document.d'] },
      },
    ]);
    expect(flow(inv, 'write', 'aws_iam_role.r', 'aws_dynamodb_table.t')?.evidence[0]).toMatchObject({
      assetId: 'data.aws_iam_policy_document.d',
      attribute: 'statement[0]',
    });
  });

  it('makes adminPrivileges unknown when the policy cannot be read', () => {
    const inv = inventoryOf([
      role(trust({ Service: 'sagemaker.amazonaws.com' })),
      { address: 'aws_iam_role_policy.p', values: { role: 'r', policy: null }, unknown: { policy: true } },
    ]);
    expect(fact(inv, 'aws_iam_role.r', 'adminPrivileges')?.state).toBe('unknown');
  });
});
