import { describe, expect, it } from 'vitest';
import { fact, flow, inventoryOf, sv, type TestResource } from './plan-builder.js';

const role: TestResource = {
  address: 'aws_iam_role.app',
  values: {
    name: 'app',
    assume_role_policy: JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    }),
  },
  unknown: { arn: true },
};
const policy = (...statements: object[]): TestResource => ({
  address: 'aws_iam_role_policy.app',
  values: { role: 'app', policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) },
});
// A guardrail created in this plan: its ARN and id are known only after apply.
const guardrail = (name: string): TestResource => ({
  address: `aws_bedrock_guardrail.${name}`,
  values: { name },
  unknown: { guardrail_arn: true, guardrail_id: true },
});
const allow = (action: string | string[], resource: string | string[], extra: object = {}) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});

describe('Bedrock guardrail grants', () => {
  it('bedrock:UpdateGuardrail on guardrail/* writes every guardrail of the plan, whose ARNs are not known yet', () => {
    const inv = inventoryOf([
      role,
      guardrail('a'),
      guardrail('b'),
      policy(allow('bedrock:UpdateGuardrail', 'arn:aws:bedrock:*:*:guardrail/*')),
    ]);
    const set = inv.flows.find((f) => f.kind === 'write' && f.from === 'aws_iam_role.app');
    expect(inv.assets.find((a) => a.id === set?.to)?.members).toEqual([
      'aws_bedrock_guardrail.a',
      'aws_bedrock_guardrail.b',
    ]);
  });

  it('bedrock:* on * and bedrock:*Guardrail write guardrails; ApplyGuardrail does not', () => {
    for (const action of ['bedrock:*', 'bedrock:*Guardrail', 'bedrock:DeleteGuardrail']) {
      const inv = inventoryOf([role, guardrail('a'), policy(allow(action, '*'))]);
      expect(flow(inv, 'write', 'aws_iam_role.app', 'aws_bedrock_guardrail.a'), action).toBeDefined();
    }
    const apply = inventoryOf([role, guardrail('a'), policy(allow('bedrock:ApplyGuardrail', '*'))]);
    expect(apply.flows.filter((f) => f.kind === 'write')).toEqual([]);
  });

  it('links a policy document statement that references the guardrail ARN', () => {
    const inv = inventoryOf([
      role,
      guardrail('a'),
      {
        address: 'data.aws_iam_policy_document.app',
        values: { statement: [{ effect: 'Allow', actions: ['bedrock:UpdateGuardrail'] }] },
        unknown: { json: true, statement: [{ resources: true }] },
        refs: { 'statement.0.resources': ['aws_bedrock_guardrail.a.guardrail_arn'] },
      },
      {
        address: 'aws_iam_role_policy.app',
        values: { role: 'app' },
        unknown: { policy: true },
        refs: { policy: ['data.aws_iam_policy_document.app.json'] },
      },
    ]);
    expect(flow(inv, 'write', 'aws_iam_role.app', 'aws_bedrock_guardrail.a')).toBeDefined();
  });
});

describe('wildcardModelAccess', () => {
  const access = (...resources: TestResource[]) =>
    sv(fact(inventoryOf([role, ...resources]), 'aws_iam_role.app', 'wildcardModelAccess'));

  it('is false by default and for a statement naming one model or endpoint', () => {
    expect(access()).toEqual({ state: 'default', value: false });
    expect(
      access(
        policy(
          allow(
            'bedrock:InvokeModel',
            'arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0',
          ),
          allow('sagemaker:InvokeEndpoint', 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/chat'),
        ),
      ),
    ).toEqual({ state: 'default', value: false });
  });

  it('is true for invocation on every foundation model, every endpoint or *', () => {
    for (const [action, resource] of [
      ['bedrock:InvokeModel', 'arn:aws:bedrock:us-east-1::foundation-model/*'],
      ['bedrock:Invoke*', '*'],
      ['sagemaker:InvokeEndpoint', 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/*'],
      ['bedrock:*', 'arn:aws:bedrock:*:*:inference-profile/*'],
    ] as const) {
      expect(access(policy(allow(action, resource))), `${action} on ${resource}`).toEqual({
        state: 'explicit',
        value: true,
      });
    }
  });

  it('is not set by administrator grants (adminPrivileges) or by invocation on another service’s ARNs', () => {
    expect(access(policy(allow('*', '*')))).toEqual({ state: 'default', value: false });
    expect(access(policy(allow('bedrock:InvokeModel', 'arn:aws:s3:::models/*')))).toEqual({
      state: 'default',
      value: false,
    });
  });

  it('is true for the Bedrock and SageMaker full-access managed policies', () => {
    const attached = access({
      address: 'aws_iam_role_policy_attachment.a',
      values: { role: 'app', policy_arn: 'arn:aws:iam::aws:policy/AmazonBedrockFullAccess' },
    });
    expect(attached).toEqual({ state: 'explicit', value: true });
  });

  it('is unknown when a condition or a Deny may narrow the models, or the resources are known only after apply', () => {
    expect(
      access(
        policy(
          allow('bedrock:InvokeModel', '*', { Condition: { StringEquals: { 'aws:RequestTag/x': 'y' } } }),
        ),
      ),
    ).toEqual({ state: 'unknown' });
    expect(
      access(
        policy(allow('bedrock:InvokeModel', '*'), {
          Effect: 'Deny',
          Action: 'bedrock:InvokeModel',
          NotResource: 'arn:aws:bedrock:*::foundation-model/amazon.nova-pro-v1:0',
        }),
      ),
    ).toEqual({ state: 'unknown' });
    expect(
      access(
        {
          address: 'data.aws_iam_policy_document.app',
          values: { statement: [{ effect: 'Allow', actions: ['bedrock:InvokeModel'] }] },
          unknown: { json: true, statement: [{ resources: true }] },
        },
        {
          address: 'aws_iam_role_policy.app',
          values: { role: 'app' },
          unknown: { policy: true },
          refs: { policy: ['data.aws_iam_policy_document.app.json'] },
        },
      ),
    ).toEqual({ state: 'unknown' });
  });
});
