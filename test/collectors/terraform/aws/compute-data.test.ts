import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../../collectors/terraform/types.js';
import { fact, flow, inventoryOf, sv, type TestResource } from './plan-builder.js';

const fn: TestResource = {
  address: 'aws_lambda_function.f',
  values: {
    function_name: 'f',
    arn: 'arn:aws:lambda:us-east-1:1:function:f',
    environment: [{ variables: { OPENAI_API_KEY: 'sk-test', MODE: 'x' } }],
  },
  action: 'no-op',
};

describe('Lambda, load balancer, instance mappers', () => {
  it('opens a function through a URL without auth, and flags secrets in environment variables', () => {
    const inv = inventoryOf([
      fn,
      { address: 'aws_lambda_function_url.u', values: { function_name: 'f', authorization_type: 'NONE' } },
    ]);
    expect(sv(fact(inv, 'aws_lambda_function.f', 'internetReachable'))).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(sv(fact(inv, 'aws_lambda_function.f', 'requiresAuthentication'))).toEqual({
      state: 'explicit',
      value: false,
    });
    expect(sv(fact(inv, 'aws_lambda_function.f', 'plaintextSecrets'))).toEqual({
      state: 'explicit',
      value: true,
    });
  });

  it('keeps a function without URL private and IAM-authenticated', () => {
    const inv = inventoryOf([{ ...fn, values: { function_name: 'f' } }]);
    expect(sv(fact(inv, 'aws_lambda_function.f', 'internetReachable'))).toEqual({
      state: 'default',
      value: false,
    });
    expect(sv(fact(inv, 'aws_lambda_function.f', 'requiresAuthentication'))).toEqual({
      state: 'default',
      value: true,
    });
    expect(sv(fact(inv, 'aws_lambda_function.f', 'plaintextSecrets'))).toEqual({
      state: 'default',
      value: false,
    });
  });

  it('reads internet-facing load balancers and listener authentication', () => {
    const inv = inventoryOf([
      {
        address: 'aws_cognito_user_pool.p',
        values: { name: 'p', arn: 'arn:aws:cognito-idp:us-east-1:1:userpool/p' },
        action: 'no-op',
      },
      { address: 'aws_lb.lb', values: { name: 'lb', arn: 'arn:lb', internal: false }, action: 'no-op' },
      {
        address: 'aws_lb_listener.https',
        values: {
          load_balancer_arn: 'arn:lb',
          protocol: 'HTTPS',
          default_action: [
            {
              type: 'authenticate-cognito',
              authenticate_cognito: [{ user_pool_arn: 'arn:aws:cognito-idp:us-east-1:1:userpool/p' }],
            },
          ],
        },
      },
    ]);
    expect(sv(fact(inv, 'aws_lb.lb', 'internetReachable'))).toEqual({ state: 'explicit', value: true });
    expect(sv(fact(inv, 'aws_lb.lb', 'requiresAuthentication'))).toEqual({ state: 'explicit', value: true });
    expect(sv(fact(inv, 'aws_lb.lb', 'encryptedInTransit'))).toEqual({ state: 'explicit', value: true });
    expect(flow(inv, 'authenticate', 'aws_lb.lb', 'aws_cognito_user_pool.p')).toBeDefined();
    const internal = inventoryOf([{ address: 'aws_lb.lb', values: { name: 'lb', internal: true } }]);
    expect(sv(fact(internal, 'aws_lb.lb', 'internetReachable'))).toEqual({ state: 'explicit', value: false });
  });

  it('reads IMDSv2 on instances', () => {
    const inst = (tokens: string) =>
      inventoryOf([{ address: 'aws_instance.gpu', values: { metadata_options: [{ http_tokens: tokens }] } }]);
    expect(sv(fact(inst('required'), 'aws_instance.gpu', 'metadataTokensRequired'))).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(sv(fact(inst('optional'), 'aws_instance.gpu', 'metadataTokensRequired'))).toEqual({
      state: 'explicit',
      value: false,
    });
  });
});

describe('data, key and log mappers', () => {
  it('reads DynamoDB CMK only with a key ARN', () => {
    const table = (sse: JsonObject) =>
      inventoryOf([
        { address: 'aws_dynamodb_table.t', values: { name: 't', server_side_encryption: [sse] } },
      ]);
    expect(
      sv(
        fact(
          table({ enabled: true, kms_key_arn: 'arn:aws:kms:us-east-1:1:key/k' }),
          'aws_dynamodb_table.t',
          'customerManagedKey',
        ),
      ),
    ).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(sv(fact(table({ enabled: false }), 'aws_dynamodb_table.t', 'customerManagedKey'))).toEqual({
      state: 'explicit',
      value: false,
    });
  });

  it('reads a public RDS instance as internet-reachable', () => {
    const db = (pub: boolean) =>
      inventoryOf([{ address: 'aws_db_instance.d', values: { identifier: 'd', publicly_accessible: pub } }]);
    expect(sv(fact(db(true), 'aws_db_instance.d', 'internetReachable'))).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(sv(fact(db(false), 'aws_db_instance.d', 'internetReachable'))).toEqual({
      state: 'explicit',
      value: false,
    });
  });

  it('reads key rotation and log retention', () => {
    const inv = inventoryOf([
      { address: 'aws_kms_key.k', values: { enable_key_rotation: true } },
      { address: 'aws_cloudwatch_log_group.g', values: { name: 'g', retention_in_days: 0 } },
      { address: 'aws_cloudwatch_log_group.h', values: { name: 'h', retention_in_days: 30 } },
    ]);
    expect(sv(fact(inv, 'aws_kms_key.k', 'keyRotation'))).toEqual({ state: 'explicit', value: true });
    expect(sv(fact(inv, 'aws_cloudwatch_log_group.g', 'deletionLifecycle'))).toEqual({
      state: 'default',
      value: false,
    });
    expect(sv(fact(inv, 'aws_cloudwatch_log_group.h', 'deletionLifecycle'))).toEqual({
      state: 'explicit',
      value: true,
    });
  });
});
