import { describe, expect, it } from 'vitest';
import { fact, flow, inventoryOf, sv } from './plan-builder.js';

const agent = {
  address: 'aws_bedrockagent_agent.a',
  values: { agent_name: 'a', foundation_model: 'anthropic.claude-3-5-sonnet-20240620-v1:0' },
};
const FM = 'aws_bedrockagent_agent.a#foundation-model';

describe('Bedrock mappers', () => {
  it('models the agent foundation model as a provider-managed service without invocation logging', () => {
    const inv = inventoryOf([agent]);
    expect(sv(fact(inv, FM, 'providerManaged'))).toEqual({ state: 'explicit', value: true });
    expect(sv(fact(inv, FM, 'invocationLogging'))).toEqual({ state: 'default', value: false });
    expect(sv(fact(inv, 'aws_bedrockagent_agent.a', 'guardrailAttached'))).toEqual({
      state: 'default',
      value: false,
    });
    expect(flow(inv, 'invoke', 'aws_bedrockagent_agent.a', FM)?.evidence[0]?.attribute).toBe(
      'foundation_model',
    );
  });

  it('marks cross-region inference profiles as processing outside the region', () => {
    const withModel = (foundation_model: string) =>
      inventoryOf([{ address: agent.address, values: { agent_name: 'a', foundation_model } }]);
    expect(sv(fact(inventoryOf([agent]), FM, 'crossRegionProcessing'))).toEqual({
      state: 'explicit',
      value: false,
    });
    expect(
      sv(fact(withModel('eu.anthropic.claude-3-5-sonnet-20240620-v1:0'), FM, 'crossRegionProcessing')),
    ).toEqual({ state: 'explicit', value: true });
    expect(
      sv(
        fact(
          withModel(
            'arn:aws:bedrock:eu-west-1:111122223333:inference-profile/global.anthropic.claude-sonnet-4-v1:0',
          ),
          FM,
          'crossRegionProcessing',
        ),
      ),
    ).toEqual({ state: 'explicit', value: true });
    expect(
      sv(
        fact(
          withModel('arn:aws:bedrock:eu-west-1:111122223333:application-inference-profile/abc123'),
          FM,
          'crossRegionProcessing',
        ),
      ),
    ).toEqual({ state: 'unknown' });
    const later = inventoryOf([
      { address: agent.address, values: { agent_name: 'a' }, unknown: { foundation_model: true } },
    ]);
    expect(sv(fact(later, FM, 'crossRegionProcessing'))).toEqual({ state: 'unknown' });
  });

  it('sets invocation logging on every Bedrock asset when the logging configuration exists', () => {
    const inv = inventoryOf([
      agent,
      { address: 'aws_s3_bucket.logs', values: { bucket: 'bedrock-logs' } },
      {
        address: 'aws_bedrock_model_invocation_logging_configuration.this',
        values: {
          logging_config: [
            {
              text_data_delivery_enabled: true,
              s3_config: [{ bucket_name: 'bedrock-logs', key_prefix: 'x' }],
            },
          ],
        },
      },
    ]);
    expect(sv(fact(inv, FM, 'invocationLogging'))).toEqual({ state: 'explicit', value: true });
    expect(sv(fact(inv, 'aws_bedrockagent_agent.a', 'invocationLogging'))).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(flow(inv, 'log-to', FM, 'aws_s3_bucket.logs')).toBeDefined();
  });

  it('reads logging_config written as a single object, as plan JSON of the 5.x provider has it', () => {
    const inv = inventoryOf([
      agent,
      { address: 'aws_cloudwatch_log_group.bedrock', values: { name: '/aws/bedrock/invocations' } },
      {
        address: 'aws_bedrock_model_invocation_logging_configuration.this',
        values: {
          logging_config: {
            text_data_delivery_enabled: false,
            cloudwatch_config: {
              log_group_name: '/aws/bedrock/invocations',
              role_arn: 'arn:aws:iam::1:role/x',
            },
            s3_config: null,
          },
        },
      },
    ]);
    expect(sv(fact(inv, FM, 'invocationLogging'))).toEqual({ state: 'explicit', value: true });
    expect(sv(fact(inv, FM, 'requestBodyLogging'))).toEqual({ state: 'explicit', value: false });
    expect(flow(inv, 'log-to', FM, 'aws_cloudwatch_log_group.bedrock')).toBeDefined();
  });

  it('needs a PROMPT_ATTACK filter above NONE for promptAttackFilter', () => {
    const guardrail = (strength: string) => ({
      address: 'aws_bedrock_guardrail.g',
      values: {
        name: 'g',
        content_policy_config: [
          { filters_config: [{ type: 'PROMPT_ATTACK', input_strength: strength, output_strength: 'NONE' }] },
        ],
      },
    });
    expect(
      sv(fact(inventoryOf([guardrail('HIGH')]), 'aws_bedrock_guardrail.g', 'promptAttackFilter')),
    ).toEqual({ state: 'explicit', value: true });
    expect(
      sv(fact(inventoryOf([guardrail('NONE')]), 'aws_bedrock_guardrail.g', 'promptAttackFilter')),
    ).toEqual({ state: 'explicit', value: false });
    expect(
      sv(fact(inventoryOf([guardrail('HIGH')]), 'aws_bedrock_guardrail.g', 'sensitiveDataFilter')),
    ).toEqual({ state: 'default', value: false });
  });

  it('marks a knowledge base fed by a web crawler as untrusted, and an S3 source as trusted', () => {
    const kb = {
      address: 'aws_bedrockagent_knowledge_base.kb',
      values: { name: 'kb', id: 'KB1' },
      action: 'no-op' as const,
    };
    const source = (type: string) => ({
      address: 'aws_bedrockagent_data_source.s',
      values: { knowledge_base_id: 'KB1', data_source_configuration: [{ type }] },
    });
    expect(
      sv(fact(inventoryOf([kb, source('WEB')]), 'aws_bedrockagent_knowledge_base.kb', 'untrustedSource')),
    ).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(
      sv(fact(inventoryOf([kb, source('S3')]), 'aws_bedrockagent_knowledge_base.kb', 'untrustedSource')),
    ).toEqual({
      state: 'explicit',
      value: false,
    });
  });

  it('links agents to knowledge bases and action groups to their Lambda tools', () => {
    const inv = inventoryOf([
      { ...agent, values: { ...agent.values, agent_id: 'AG1' }, action: 'no-op' },
      { address: 'aws_bedrockagent_knowledge_base.kb', values: { name: 'kb', id: 'KB1' }, action: 'no-op' },
      {
        address: 'aws_bedrockagent_agent_knowledge_base_association.x',
        values: { agent_id: 'AG1', knowledge_base_id: 'KB1' },
      },
      {
        address: 'aws_lambda_function.tool',
        values: { function_name: 'tool', arn: 'arn:aws:lambda:us-east-1:1:function:tool' },
        action: 'no-op',
      },
      {
        address: 'aws_bedrockagent_agent_action_group.g',
        values: {
          action_group_name: 'g',
          agent_id: 'AG1',
          action_group_executor: [{ lambda: 'arn:aws:lambda:us-east-1:1:function:tool' }],
        },
      },
    ]);
    expect(
      flow(inv, 'retrieve-from', 'aws_bedrockagent_agent.a', 'aws_bedrockagent_knowledge_base.kb'),
    ).toBeDefined();
    expect(
      flow(inv, 'invoke', 'aws_bedrockagent_agent.a', 'aws_bedrockagent_agent_action_group.g'),
    ).toBeDefined();
    expect(
      flow(inv, 'invoke', 'aws_bedrockagent_agent_action_group.g', 'aws_lambda_function.tool'),
    ).toBeDefined();
  });

  it('maps a custom model job to train-on and produce-artifact flows', () => {
    const inv = inventoryOf([
      { address: 'aws_s3_bucket.train', values: { bucket: 'train' } },
      { address: 'aws_s3_bucket.out', values: { bucket: 'out' } },
      {
        address: 'aws_bedrock_custom_model.c',
        values: {
          custom_model_name: 'c',
          training_data_config: [{ s3_uri: 's3://train/data.jsonl' }],
          output_data_config: [{ s3_uri: 's3://out/' }],
        },
      },
    ]);
    expect(flow(inv, 'train-on', 'aws_bedrock_custom_model.c', 'aws_s3_bucket.train')).toBeDefined();
    expect(flow(inv, 'produce-artifact', 'aws_bedrock_custom_model.c', 'aws_s3_bucket.out')).toBeDefined();
    expect(sv(fact(inv, 'aws_bedrock_custom_model.c', 'customerManagedKey'))).toEqual({
      state: 'default',
      value: false,
    });
  });

  it('takes the customer-managed key of a vector knowledge base from every one of its data sources', () => {
    const kb = {
      address: 'aws_bedrockagent_knowledge_base.kb',
      values: { name: 'kb', id: 'KB1' },
      action: 'no-op' as const,
    };
    const key = {
      address: 'aws_kms_key.k',
      values: { arn: 'arn:aws:kms:us-east-1:111122223333:key/k1' },
      action: 'no-op' as const,
    };
    const source = (name: string, sse: boolean) => ({
      address: `aws_bedrockagent_data_source.${name}`,
      values: {
        name,
        knowledge_base_id: 'KB1',
        data_source_configuration: [{ type: 'S3' }],
        ...(sse ? { server_side_encryption_configuration: [{ kms_key_arn: key.values.arn }] } : {}),
      },
    });
    const cmk = (...rs: Parameters<typeof inventoryOf>[0]) =>
      sv(fact(inventoryOf([kb, key, ...rs]), kb.address, 'customerManagedKey'));
    expect(sv(fact(inventoryOf([kb]), kb.address, 'customerManagedKey'))).toEqual({
      state: 'default',
      value: false,
    });
    expect(cmk(source('a', true))).toEqual({ state: 'explicit', value: true });
    expect(cmk(source('a', true), source('b', false))).toEqual({ state: 'default', value: false });
    expect(
      cmk({
        address: 'aws_bedrockagent_data_source.a',
        values: { name: 'a', knowledge_base_id: 'KB1', server_side_encryption_configuration: [{}] },
        unknown: { server_side_encryption_configuration: [{ kms_key_arn: true }] },
      }),
    ).toEqual({ state: 'unknown' });
  });

  it('links a guardrail referenced in the guardrail_configuration attribute as a whole', () => {
    const inv = inventoryOf([
      { address: 'aws_bedrock_guardrail.g', values: { name: 'g' } },
      {
        address: agent.address,
        values: { ...agent.values, guardrail_configuration: [{ guardrail_version: '1' }] },
        unknown: { guardrail_configuration: [{ guardrail_identifier: true }] },
        refs: {
          guardrail_configuration: ['aws_bedrock_guardrail.g.guardrail_id', 'aws_bedrock_guardrail.g'],
        },
      },
    ]);
    expect(sv(fact(inv, agent.address, 'guardrailAttached'))).toEqual({ state: 'explicit', value: true });
    expect(inv.notes.filter((n) => n.kind === 'unresolved-link')).toEqual([]);
  });
});

describe('knowledge base and agent retention', () => {
  const kb = {
    address: 'aws_bedrockagent_knowledge_base.kb',
    values: { name: 'kb', id: 'KB1' },
    action: 'no-op' as const,
  };
  const source = (name: string, policy?: string, computed = false) => ({
    address: `aws_bedrockagent_data_source.${name}`,
    values: {
      name,
      knowledge_base_id: 'KB1',
      data_source_configuration: [{ type: 'S3' }],
      ...(policy === undefined ? {} : { data_deletion_policy: policy }),
    },
    ...(computed ? { unknown: { data_deletion_policy: true } } : {}),
  });
  const deletion = (...rs: Parameters<typeof inventoryOf>[0]) =>
    sv(fact(inventoryOf([kb, ...rs]), kb.address, 'deletionLifecycle'));

  it('keeps deleted content when any data source has data_deletion_policy RETAIN', () => {
    expect(deletion(source('a', 'RETAIN'))).toEqual({ state: 'explicit', value: false });
    expect(deletion(source('a', 'DELETE'))).toEqual({ state: 'explicit', value: true });
    expect(deletion(source('a', 'DELETE'), source('b', 'RETAIN'))).toEqual({
      state: 'explicit',
      value: false,
    });
    expect(deletion(source('b', 'RETAIN'), source('a', 'DELETE'))).toEqual({
      state: 'explicit',
      value: false,
    });
  });

  it('takes the API default DELETE for a data deletion policy left out (computed in a plan)', () => {
    expect(deletion(source('a'))).toEqual({ state: 'default', value: true });
    expect(deletion(source('a', undefined, true))).toEqual({ state: 'default', value: true });
  });

  it('takes an agent whose memory_configuration is left out (computed in a plan) as keeping no memory', () => {
    const memory = (r: Omit<Parameters<typeof inventoryOf>[0][number], 'address'>) =>
      sv(fact(inventoryOf([{ address: agent.address, ...r }]), agent.address, 'memoryEnabled'));
    expect(memory({ values: agent.values, unknown: { memory_configuration: true } })).toEqual({
      state: 'default',
      value: false,
    });
    expect(
      memory({
        values: { ...agent.values, memory_configuration: [{ enabled_memory_types: ['SESSION_SUMMARY'] }] },
      }),
    ).toEqual({ state: 'explicit', value: true });
    expect(
      memory({
        values: { ...agent.values, memory_configuration: [{ storage_days: 30 }] },
        unknown: { memory_configuration: [{ enabled_memory_types: true }] },
      }),
    ).toEqual({ state: 'unknown' });
  });
});

describe('knowledge base log delivery', () => {
  const KB_ARN = 'arn:aws:bedrock:us-east-1:111122223333:knowledge-base/KB1';
  const GROUP_ARN = 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/kb';
  const DEST_ARN = 'arn:aws:logs:us-east-1:111122223333:delivery-destination:kb';
  const kb = {
    address: 'aws_bedrockagent_knowledge_base.kb',
    values: { name: 'kb', id: 'KB1', arn: KB_ARN },
    action: 'no-op' as const,
  };
  const group = {
    address: 'aws_cloudwatch_log_group.kb',
    values: { name: '/aws/vendedlogs/kb', arn: GROUP_ARN },
    action: 'no-op' as const,
  };
  const deliverySource = (values: Record<string, string>, unknown = {}) => ({
    address: 'aws_cloudwatch_log_delivery_source.kb',
    values: { name: 'kb-logs', log_type: 'APPLICATION_LOGS', resource_arn: KB_ARN, ...values },
    unknown,
  });
  const destination = {
    address: 'aws_cloudwatch_log_delivery_destination.kb',
    values: {
      name: 'kb',
      arn: DEST_ARN,
      delivery_destination_configuration: [{ destination_resource_arn: GROUP_ARN }],
    },
    action: 'no-op' as const,
  };
  const delivery = {
    address: 'aws_cloudwatch_log_delivery.kb',
    values: { delivery_source_name: 'kb-logs', delivery_destination_arn: DEST_ARN },
  };
  const logging = (...rs: Parameters<typeof inventoryOf>[0]) =>
    sv(fact(inventoryOf([kb, group, destination, ...rs]), kb.address, 'accessLogging'));

  it('logs a knowledge base only when a delivery carries its APPLICATION_LOGS', () => {
    expect(logging()).toEqual({ state: 'default', value: false });
    expect(logging(deliverySource({}))).toEqual({ state: 'default', value: false });
    expect(logging(deliverySource({}), delivery)).toEqual({ state: 'explicit', value: true });
    expect(logging(deliverySource({ log_type: 'TRACES' }), delivery)).toEqual({
      state: 'explicit',
      value: false,
    });
  });

  it('flows the knowledge base to the log group of the delivery destination', () => {
    const inv = inventoryOf([kb, group, destination, deliverySource({}), delivery]);
    expect(flow(inv, 'log-to', kb.address, group.address)?.evidence[0]?.attribute).toBe(
      'delivery_destination_arn',
    );
  });

  it('ignores deliveries of other services and leaves an unlinkable source unknown', () => {
    const cloudfront = deliverySource({
      resource_arn: 'arn:aws:cloudfront::111122223333:distribution/E1',
      log_type: 'ACCESS_LOGS',
    });
    expect(logging(cloudfront, delivery)).toEqual({ state: 'default', value: false });
    expect(
      logging(
        {
          address: kb.address,
          values: { name: 'kb' },
          unknown: { id: true, arn: true },
        },
        deliverySource({ resource_arn: 'arn:aws:bedrock:us-east-1:111122223333:knowledge-base/OTHER' }),
        delivery,
      ),
    ).toEqual({ state: 'unknown' });
  });
});
