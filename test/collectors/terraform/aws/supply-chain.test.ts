import { describe, expect, it } from 'vitest';
import { fact, flow, inventoryOf, sv } from './plan-builder.js';

const ownRole = {
  address: 'aws_iam_role.own',
  values: { name: 'own', arn: 'arn:aws:iam::111122223333:role/own' },
  action: 'no-op' as const,
};
const tools = {
  address: 'aws_s3_bucket.tools',
  values: { bucket: 'acme-tools', id: 'acme-tools', arn: 'arn:aws:s3:::acme-tools' },
  action: 'no-op' as const,
};
const lambda = (values: Record<string, string>, unknown?: Record<string, boolean>) => ({
  address: 'aws_lambda_function.app',
  values: { function_name: 'app', role: 'arn:aws:iam::111122223333:role/own', ...values },
  ...(unknown === undefined ? {} : { unknown }),
});
const ECR = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('container images of Lambda functions (imagePinned)', () => {
  it('pins an image named by digest, not one named by tag; zip functions have no image fact', () => {
    const pinned = (values: Record<string, string>) =>
      sv(fact(inventoryOf([lambda(values)]), 'aws_lambda_function.app', 'imagePinned'));
    expect(pinned({ package_type: 'Image', image_uri: `${ECR}/app@${DIGEST}` })).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(pinned({ package_type: 'Image', image_uri: `${ECR}/app:latest` })).toEqual({
      state: 'explicit',
      value: false,
    });
    expect(pinned({ package_type: 'Image', image_uri: `${ECR}/app` })).toEqual({
      state: 'explicit',
      value: false,
    });
    expect(pinned({ runtime: 'python3.12', filename: 'app.zip' })).toBeUndefined();
  });

  it('pins a tag of an ECR repository of the plan with immutable tags', () => {
    const repo = (mutability: string) => ({
      address: 'aws_ecr_repository.app',
      values: { name: 'app', image_tag_mutability: mutability },
    });
    const at = (mutability: string) =>
      fact(
        inventoryOf([repo(mutability), lambda({ package_type: 'Image', image_uri: `${ECR}/app:1.2.0` })]),
        'aws_lambda_function.app',
        'imagePinned',
      );
    expect(at('IMMUTABLE')).toMatchObject({
      state: 'explicit',
      value: true,
      attribute: 'aws_ecr_repository.app.image_tag_mutability',
    });
    expect(sv(at('MUTABLE'))).toEqual({ state: 'explicit', value: false });
  });

  it('keeps an image known only after apply unknown, unless it comes from an immutable repository', () => {
    const later = lambda({ package_type: 'Image' }, { image_uri: true });
    expect(sv(fact(inventoryOf([later]), 'aws_lambda_function.app', 'imagePinned'))).toEqual({
      state: 'unknown',
    });
    const inv = inventoryOf([
      { address: 'aws_ecr_repository.app', values: { name: 'app', image_tag_mutability: 'IMMUTABLE' } },
      { ...later, refs: { image_uri: ['aws_ecr_repository.app.repository_url', 'aws_ecr_repository.app'] } },
    ]);
    expect(sv(fact(inv, 'aws_lambda_function.app', 'imagePinned'))).toEqual({
      state: 'explicit',
      value: true,
    });
  });
});

describe('code and tool definitions loaded from S3 (load-code)', () => {
  it('a function deployed from S3 loads its code from the bucket, unless s3_object_version pins it', () => {
    const code = { s3_bucket: 'acme-tools', s3_key: 'app.zip', runtime: 'python3.12' };
    const loads = (values: Record<string, string>) =>
      flow(
        inventoryOf([tools, lambda(values)]),
        'load-code',
        'aws_lambda_function.app',
        'aws_s3_bucket.tools',
      );
    expect(loads(code)?.evidence[0]?.attribute).toBe('s3_bucket');
    expect(loads({ ...code, s3_object_version: '3HL4kqtJlcpXroDTDmJ' })).toBeUndefined();
  });

  it('an action group loads its OpenAPI schema from the bucket of api_schema.s3', () => {
    const inv = inventoryOf([
      tools,
      {
        address: 'aws_bedrockagent_agent_action_group.orders',
        values: {
          action_group_name: 'orders',
          agent_id: 'AGENT12345',
          agent_version: 'DRAFT',
          api_schema: [{ s3: [{ s3_bucket_name: 'acme-tools', s3_object_key: 'orders.yaml' }] }],
        },
      },
    ]);
    expect(
      flow(inv, 'load-code', 'aws_bedrockagent_agent_action_group.orders', 'aws_s3_bucket.tools')?.evidence[0]
        ?.attribute,
    ).toBe('api_schema[0].s3[0].s3_bucket_name');
  });
});

describe('cross-account write grants of bucket policies (crossAccountWrite)', () => {
  const policy = (action: string) => ({
    address: 'aws_s3_bucket_policy.tools',
    values: {
      bucket: 'acme-tools',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::999988887777:root' },
            Action: action,
            Resource: 'arn:aws:s3:::acme-tools/*',
          },
        ],
      }),
    },
  });

  it('is true for a write grant to another account, false for a read-only one', () => {
    const write = inventoryOf([ownRole, tools, policy('s3:PutObject')]);
    expect(sv(fact(write, 'aws_s3_bucket.tools', 'crossAccountWrite'))).toEqual({
      state: 'explicit',
      value: true,
    });
    const read = inventoryOf([ownRole, tools, policy('s3:GetObject')]);
    expect(sv(fact(read, 'aws_s3_bucket.tools', 'crossAccountAccess'))).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(sv(fact(read, 'aws_s3_bucket.tools', 'crossAccountWrite'))).toEqual({
      state: 'explicit',
      value: false,
    });
    expect(sv(fact(inventoryOf([tools]), 'aws_s3_bucket.tools', 'crossAccountWrite'))).toEqual({
      state: 'default',
      value: false,
    });
  });

  it('is unknown when the account of the plan is not known', () => {
    expect(
      sv(fact(inventoryOf([tools, policy('s3:PutObject')]), 'aws_s3_bucket.tools', 'crossAccountWrite')),
    ).toEqual({
      state: 'unknown',
    });
  });
});

describe('where a SageMaker model comes from (externalModelSource)', () => {
  const model = (container: Record<string, unknown>) => ({
    address: 'aws_sagemaker_model.llm',
    values: {
      name: 'llm',
      execution_role_arn: 'arn:aws:iam::111122223333:role/own',
      primary_container: [{ image: `${ECR}/tgi:2.4.0`, ...container }],
    },
  });
  const source = (container: Record<string, unknown>) =>
    sv(fact(inventoryOf([ownRole, model(container)]), 'aws_sagemaker_model.llm', 'externalModelSource'));

  it('is true for a Hugging Face Hub id in HF_MODEL_ID, false for weights SageMaker mounts', () => {
    expect(source({ environment: { HF_MODEL_ID: 'meta-llama/Llama-3.1-8B-Instruct' } })).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(
      source({
        model_data_url: 's3://acme-models/llm/model.tar.gz',
        environment: { HF_MODEL_ID: '/opt/ml/model' },
      }),
    ).toEqual({ state: 'explicit', value: false });
    expect(source({ model_data_url: 's3://acme-models/llm/model.tar.gz' })).toEqual({
      state: 'default',
      value: false,
    });
  });

  it('is true for a model package of another account, false for one of the own account', () => {
    const pkg = (account: string) => ({
      model_package_name: `arn:aws:sagemaker:us-east-1:${account}:model-package/llama-3-8b/1`,
    });
    expect(source(pkg('865070037744'))).toEqual({ state: 'explicit', value: true });
    expect(source(pkg('111122223333'))).toEqual({ state: 'explicit', value: false });
    expect(
      sv(fact(inventoryOf([model(pkg('865070037744'))]), 'aws_sagemaker_model.llm', 'externalModelSource')),
    ).toEqual({ state: 'unknown' });
  });
});
