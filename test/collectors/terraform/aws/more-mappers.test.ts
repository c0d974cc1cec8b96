import { describe, expect, it } from 'vitest';
import { fact, flow, inventoryOf, sv } from './plan-builder.js';

const role = {
  address: 'aws_iam_role.r',
  values: { name: 'r', id: 'r', arn: 'arn:aws:iam::111122223333:role/r' },
  action: 'no-op' as const,
};

describe('SageMaker Studio and feature store', () => {
  it('treats a domain with the default network access as internet-reachable, VpcOnly as private', () => {
    const domain = (access?: string) =>
      inventoryOf([
        role,
        {
          address: 'aws_sagemaker_domain.d',
          values: {
            domain_name: 'd',
            auth_mode: 'IAM',
            default_user_settings: [{ execution_role: role.values.arn }],
            ...(access ? { app_network_access_type: access } : {}),
          },
        },
      ]);
    expect(sv(fact(domain(), 'aws_sagemaker_domain.d', 'internetReachable'))).toEqual({
      state: 'default',
      value: true,
    });
    expect(sv(fact(domain('VpcOnly'), 'aws_sagemaker_domain.d', 'internetReachable'))).toEqual({
      state: 'explicit',
      value: false,
    });
    expect(sv(fact(domain('VpcOnly'), 'aws_sagemaker_domain.d', 'privateNetwork'))).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(flow(domain(), 'assume-identity', 'aws_sagemaker_domain.d', 'aws_iam_role.r')).toBeDefined();
  });

  it('writes the offline feature store to its bucket', () => {
    const inv = inventoryOf([
      { address: 'aws_s3_bucket.fs', values: { bucket: 'features' } },
      {
        address: 'aws_sagemaker_feature_group.f',
        values: {
          feature_group_name: 'f',
          offline_store_config: [{ s3_storage_config: [{ s3_uri: 's3://features/offline' }] }],
        },
      },
    ]);
    expect(asKind(inv, 'aws_sagemaker_feature_group.f')).toBe('feature-store');
    expect(flow(inv, 'write', 'aws_sagemaker_feature_group.f', 'aws_s3_bucket.fs')).toBeDefined();
    expect(sv(fact(inv, 'aws_sagemaker_feature_group.f', 'customerManagedKey'))).toEqual({
      state: 'default',
      value: false,
    });
  });
});

describe('API Gateway to Bedrock', () => {
  it('models a bedrock-runtime integration target as a provider-managed foundation model', () => {
    const inv = inventoryOf([
      { address: 'aws_api_gateway_rest_api.api', values: { name: 'api', id: 'a1' }, action: 'no-op' },
      {
        address: 'aws_api_gateway_method.post',
        values: { rest_api_id: 'a1', resource_id: 'r1', http_method: 'POST', authorization: 'AWS_IAM' },
      },
      {
        address: 'aws_api_gateway_integration.br',
        values: {
          rest_api_id: 'a1',
          resource_id: 'r1',
          http_method: 'POST',
          type: 'AWS',
          uri: 'arn:aws:apigateway:us-east-1:bedrock-runtime:path/model/anthropic.claude-3-haiku-20240307-v1:0/invoke',
        },
      },
    ]);
    const fm = 'aws_api_gateway_integration.br#foundation-model';
    expect(sv(fact(inv, fm, 'providerManaged'))).toEqual({ state: 'explicit', value: true });
    expect(sv(flow(inv, 'invoke', 'aws_api_gateway_rest_api.api', fm)?.authenticated)).toEqual({
      state: 'explicit',
      value: true,
    });
    // EDGE when endpoint_configuration is not set: reachable by default.
    expect(sv(fact(inv, 'aws_api_gateway_rest_api.api', 'internetReachable'))).toEqual({
      state: 'default',
      value: true,
    });
  });
});

describe('IAM wildcards', () => {
  it('flags iam:* on * as admin, and s3:* on one bucket as not', () => {
    const policy = (action: string, resource: string) =>
      inventoryOf([
        role,
        {
          address: 'aws_iam_role_policy.p',
          values: {
            role: 'r',
            policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] }),
          },
        },
      ]);
    expect(sv(fact(policy('iam:*', '*'), 'aws_iam_role.r', 'adminPrivileges'))).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(sv(fact(policy('s3:*', 'arn:aws:s3:::b/*'), 'aws_iam_role.r', 'adminPrivileges'))).toEqual({
      state: 'default',
      value: false,
    });
  });
});

function asKind(inv: ReturnType<typeof inventoryOf>, id: string): string | undefined {
  return inv.assets.find((a) => a.id === id)?.kind;
}
