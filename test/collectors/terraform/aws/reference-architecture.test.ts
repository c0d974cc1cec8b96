import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectPlanFile } from '../../../../collectors/terraform/index.js';
import type { Inventory } from '../../../../src/model/index.js';
import { asset, fact, flow, sv } from './plan-builder.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../../../fixtures/reference-architecture/aws/${name}`, import.meta.url));

const GATEWAY = 'aws_api_gateway_rest_api.llm';
const IDP = 'aws_cognito_user_pool.users';
const ENDPOINT = 'aws_sagemaker_endpoint.llm';
const MODEL = 'aws_sagemaker_model.llm';
const ROLE = 'aws_iam_role.inference';
const DATA_LAYER = 'aws_dynamodb_table.sessions';
const LOGS = 'aws_cloudwatch_log_group.endpoint';
const TRAINING_DATA = 'module.data.aws_s3_bucket.training';
const ARTIFACTS = 'module.data.aws_s3_bucket.artifacts';
const PIPELINE = 'aws_sagemaker_pipeline.training';
const NOTEBOOK = 'aws_sagemaker_notebook_instance.research';

const variants: [string, string, boolean][] = [
  ['baseline', 'plan.json', false],
  ['hardened', 'hardened.json', true],
];

describe.each(variants)('AWS reference architecture (%s)', (_label, file, hardened) => {
  const inv: Inventory = collectPlanFile(fixture(file));
  const control = hardened ? { state: 'explicit', value: true } : { state: 'default', value: false };

  it('maps every seed element to its asset kind', () => {
    expect(asset(inv, GATEWAY).kind).toBe('api-gateway');
    expect(asset(inv, IDP).kind).toBe('identity-provider');
    expect(asset(inv, ENDPOINT).kind).toBe('inference-endpoint');
    expect(asset(inv, MODEL).kind).toBe('model');
    expect(asset(inv, ROLE).kind).toBe('identity');
    expect(asset(inv, DATA_LAYER).kind).toBe('database');
    expect(asset(inv, LOGS).kind).toBe('log-sink');
    expect(asset(inv, TRAINING_DATA).kind).toBe('object-store');
    expect(asset(inv, ARTIFACTS).kind).toBe('object-store');
    expect(asset(inv, PIPELINE).kind).toBe('ml-pipeline');
    expect(asset(inv, NOTEBOOK).kind).toBe('notebook');
  });

  it('gives the gateway its exposure, authentication and controls', () => {
    expect(sv(fact(inv, GATEWAY, 'internetReachable'))).toEqual({ state: 'explicit', value: true });
    expect(sv(fact(inv, GATEWAY, 'requiresAuthentication'))).toEqual({ state: 'explicit', value: true });
    expect(sv(fact(inv, GATEWAY, 'authMethod'))).toEqual({ state: 'explicit', value: 'COGNITO' });
    expect(sv(fact(inv, GATEWAY, 'throttling'))).toEqual(control);
    expect(sv(fact(inv, GATEWAY, 'wafProtected'))).toEqual(control);
    expect(sv(fact(inv, GATEWAY, 'invocationLogging'))).toEqual(control);
  });

  it('keeps the inference endpoint authenticated and not internet-reachable', () => {
    expect(fact(inv, ENDPOINT, 'internetReachable')).toBeUndefined();
    expect(sv(fact(inv, ENDPOINT, 'requiresAuthentication'))).toEqual({ state: 'explicit', value: true });
    expect(sv(fact(inv, ENDPOINT, 'authMethod'))).toEqual({ state: 'explicit', value: 'IAM' });
    expect(sv(fact(inv, ENDPOINT, 'privateNetwork'))).toEqual({ state: 'explicit', value: true });
  });

  it('derives a2: gateway authenticates callers against the user pool', () => {
    const f = flow(inv, 'authenticate', GATEWAY, IDP);
    expect(f?.evidence[0]?.attribute).toBe('provider_arns');
    expect(f?.evidence[0]?.assetId).toBe('aws_api_gateway_authorizer.cognito');
  });

  it('derives a3: gateway invokes the endpoint for authenticated callers', () => {
    const f = flow(inv, 'invoke', GATEWAY, ENDPOINT);
    expect(f?.evidence[0]?.attribute).toBe('uri');
    expect(f?.evidence[0]?.assetId).toBe('aws_api_gateway_integration.sagemaker');
    expect(sv(f?.authenticated)).toEqual({ state: 'explicit', value: true });
    expect(flow(inv, 'invoke', ENDPOINT, MODEL)?.evidence[0]?.attribute).toBe(
      'production_variants[0].model_name',
    );
  });

  it('derives a4: the model runs as a role that writes the data layer', () => {
    expect(flow(inv, 'assume-identity', MODEL, ROLE)?.evidence[0]?.attribute).toBe('execution_role_arn');
    const write = flow(inv, 'write', ROLE, DATA_LAYER);
    expect(write?.evidence[0]).toMatchObject({
      assetId: 'data.aws_iam_policy_document.inference',
      attribute: 'statement[0]',
    });
    expect(flow(inv, 'read', ROLE, DATA_LAYER)).toBeDefined();
    expect(flow(inv, 'read', ROLE, ARTIFACTS)).toBeDefined();
    expect(flow(inv, 'read', ROLE, TRAINING_DATA)).toBeUndefined();
  });

  it('derives a5: the endpoint logs to its CloudWatch log group', () => {
    expect(flow(inv, 'log-to', ENDPOINT, LOGS)?.evidence[0]).toMatchObject({
      assetId: LOGS,
      attribute: 'name',
      value: '/aws/sagemaker/Endpoints/llm-chat',
    });
  });

  it('derives b1: the pipeline trains on the training bucket', () => {
    const f = flow(inv, 'train-on', PIPELINE, TRAINING_DATA);
    expect(f?.evidence[0]?.attribute).toBe('pipeline_definition');
    expect(f?.evidence[0]?.note).toContain('s3://acme-llm-training-data/curated/v3/');
    expect(flow(inv, 'produce-artifact', PIPELINE, ARTIFACTS)).toBeDefined();
    expect(flow(inv, 'assume-identity', PIPELINE, 'aws_iam_role.training')?.evidence[0]?.attribute).toBe(
      'role_arn',
    );
  });

  it('derives b2: the pipeline deploys the model through the artifact it writes', () => {
    const f = flow(inv, 'deploy', PIPELINE, MODEL);
    expect(f?.evidence[0]?.attribute).toBe('pipeline_definition');
    expect(f?.evidence[0]?.note).toContain('s3://acme-llm-model-artifacts/models/llm-chat/');
    expect(flow(inv, 'read', MODEL, ARTIFACTS)?.evidence[0]?.attribute).toBe(
      'primary_container[0].model_data_url',
    );
  });

  it('links across the module boundary through module inputs', () => {
    // var.training_role_arn in module.data resolves to aws_iam_role.training (unknown ARN) in the bucket policy.
    expect(sv(fact(inv, TRAINING_DATA, 'crossAccountAccess'))).toEqual({ state: 'explicit', value: false });
    expect(sv(fact(inv, TRAINING_DATA, 'anonymousRead'))).toEqual({ state: 'explicit', value: false });
    const read = flow(inv, 'read', 'aws_iam_role.training', TRAINING_DATA);
    expect(read?.evidence.map((e) => e.assetId)).toContain('module.data.aws_s3_bucket_policy.training');
    expect(sv(fact(inv, TRAINING_DATA, 'publicAccessBlocked'))).toEqual({ state: 'explicit', value: true });
  });

  it('models only known resource types', () => {
    const unsupported = inv.notes.filter((n) => n.kind === 'unsupported-type').map((n) => n.message);
    expect(unsupported).toEqual(hardened ? ['1 resource of type aws_kms_alias not modelled'] : []);
    expect(inv.notes.filter((n) => n.kind === 'unresolved-link')).toEqual([]);
  });

  if (!hardened) {
    it('shows the baseline weaknesses', () => {
      expect(sv(fact(inv, NOTEBOOK, 'directInternetAccess'))).toEqual({ state: 'explicit', value: true });
      expect(sv(fact(inv, NOTEBOOK, 'rootAccess'))).toEqual({ state: 'explicit', value: true });
      expect(sv(fact(inv, 'aws_iam_role.notebook', 'adminPrivileges'))).toEqual({
        state: 'explicit',
        value: true,
      });
      for (const name of [
        'versioning',
        'accessLogging',
        'deletionLifecycle',
        'customerManagedKey',
      ] as const) {
        expect(sv(fact(inv, TRAINING_DATA, name))).toMatchObject({ value: false });
      }
      expect(sv(fact(inv, LOGS, 'customerManagedKey'))).toEqual({ state: 'default', value: false });
      expect(sv(fact(inv, LOGS, 'deletionLifecycle'))).toEqual({ state: 'default', value: false });
      expect(sv(fact(inv, ENDPOINT, 'customerManagedKey'))).toEqual({ state: 'default', value: false });
      expect(sv(fact(inv, MODEL, 'networkIsolated'))).toEqual({ state: 'explicit', value: false });
      expect(inv.assets.some((a) => a.kind === 'guardrail' || a.kind === 'waf')).toBe(false);
    });
  } else {
    it('shows the hardened controls', () => {
      expect(sv(fact(inv, NOTEBOOK, 'directInternetAccess'))).toEqual({ state: 'explicit', value: false });
      expect(sv(fact(inv, NOTEBOOK, 'rootAccess'))).toEqual({ state: 'explicit', value: false });
      expect(sv(fact(inv, 'aws_iam_role.notebook', 'adminPrivileges'))).toEqual({
        state: 'default',
        value: false,
      });
      for (const name of [
        'versioning',
        'accessLogging',
        'deletionLifecycle',
        'customerManagedKey',
      ] as const) {
        expect(sv(fact(inv, TRAINING_DATA, name))).toEqual({ state: 'explicit', value: true });
      }
      // kms_master_key_id = var.kms_key_arn inside module.data, passed aws_kms_key.ml.arn by the root module.
      expect(flow(inv, 'encrypt-with', TRAINING_DATA, 'aws_kms_key.ml')).toBeDefined();
      expect(sv(fact(inv, LOGS, 'customerManagedKey'))).toEqual({ state: 'explicit', value: true });
      expect(sv(fact(inv, LOGS, 'deletionLifecycle'))).toEqual({ state: 'explicit', value: true });
      expect(sv(fact(inv, ENDPOINT, 'customerManagedKey'))).toEqual({ state: 'explicit', value: true });
      expect(sv(fact(inv, 'aws_bedrock_guardrail.llm', 'promptAttackFilter'))).toEqual({
        state: 'explicit',
        value: true,
      });
      expect(sv(fact(inv, 'aws_bedrock_guardrail.llm', 'sensitiveDataFilter'))).toEqual({
        state: 'explicit',
        value: true,
      });
      expect(sv(fact(inv, 'aws_kms_key.ml', 'keyRotation'))).toEqual({ state: 'explicit', value: true });
      expect(flow(inv, 'log-to', GATEWAY, 'aws_cloudwatch_log_group.api_access')).toBeDefined();
    });
  }
});
