import { beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../../src/model/index.js';
import { cleanAwsEnvironment } from '../../fake-aws/client.js';
import { loadOrg } from '../../fake-aws/fixture.js';
import { FakeAws } from '../../fake-aws/server.js';
import type { LoggedCall } from '../../fake-aws/server.js';
import { A, KEY, collect, facts, flowIds, role, withFake } from './scan.js';

/** Bedrock and Bedrock Agents of the fake account `small`, through the real SDK clients: facts, flows, faults. */

const br = (resource: string): string => `arn:aws:bedrock:us-east-1:${A}:${resource}`;
const AGENT = br('agent/AGENT1');
const TOOL = `${AGENT}#action-group/AG1`;
const KB = br('knowledge-base/KB1');
const GUARD = br('guardrail/gr1abc');
const CUSTOM = br('custom-model/amazon.titan-text-express-v1:0:8k/abc123def456');
const LOGGED = {
  invocationLogging: ['explicit', true, 'GetModelInvocationLoggingConfiguration.loggingConfig'],
  requestBodyLogging: [
    'explicit',
    false,
    'GetModelInvocationLoggingConfiguration.loggingConfig.textDataDeliveryEnabled',
  ],
};

let inv: Inventory;
let log: LoggedCall[];

beforeAll(async () => {
  cleanAwsEnvironment();
  await withFake('small', async (fake) => {
    inv = await collect(fake);
    log = [...fake.log];
  });
});

describe('Bedrock', () => {
  it('reads a guardrail from its working draft: prompt attacks screened, one harmful category unfiltered', () => {
    expect(facts(inv, GUARD)).toEqual({
      promptAttackFilter: ['explicit', true, 'GetGuardrail.contentPolicy.filters'],
      // Version 1 filters MISCONDUCT too; the draft, which the listing names, does not.
      harmfulContentFilter: [
        'explicit',
        false,
        'GetGuardrail.contentPolicy.filters (no output filter for MISCONDUCT)',
      ],
      sensitiveDataFilter: ['explicit', true, 'GetGuardrail.sensitiveInformationPolicy'],
      groundingCheck: ['default', false, 'GetGuardrail.contextualGroundingPolicy.filters'],
      customerManagedKey: ['explicit', true, 'GetGuardrail.kmsKeyArn'],
    });
    expect(flowIds(inv)).toContain(`encrypt-with:${GUARD}->${KEY}`);
    expect(log.filter((c) => c.operation === 'GetGuardrail').map((c) => c.request)).toEqual([
      '/guardrails/gr1abc',
      '/guardrails/gr2open',
    ]);
  });

  it('reads a guardrail with no policy as filtering nothing, by default', () => {
    expect(facts(inv, br('guardrail/gr2open'))).toEqual({
      promptAttackFilter: ['default', false, 'GetGuardrail.contentPolicy.filters'],
      harmfulContentFilter: ['default', false, 'GetGuardrail.contentPolicy'],
      sensitiveDataFilter: ['default', false, 'GetGuardrail.sensitiveInformationPolicy'],
      groundingCheck: ['default', false, 'GetGuardrail.contextualGroundingPolicy.filters'],
      customerManagedKey: ['explicit', false, 'GetGuardrail.kmsKeyArn'],
    });
  });

  it('reads a custom model as the fine-tuning job that trained it, with its data, output, role and network', () => {
    expect(inv.assets.find((a) => a.id === CUSTOM)?.kind).toBe('training-job');
    expect(facts(inv, CUSTOM)).toEqual({
      customerManagedKey: ['explicit', false, 'GetCustomModel.modelKmsKeyArn'],
      privateNetwork: ['explicit', true, 'GetModelCustomizationJob.vpcConfig.subnetIds'],
    });
    expect(flowIds(inv).filter((f) => f.includes(`:${CUSTOM}->`))).toEqual([
      `assume-identity:${CUSTOM}->${role('train-role')}`,
      `produce-artifact:${CUSTOM}->arn:aws:s3:::model-bucket`,
      `train-on:${CUSTOM}->arn:aws:s3:::training-data`,
    ]);
  });

  it('reads provisioned throughput as an IAM-authenticated endpoint that deploys the custom model', () => {
    const pt = br('provisioned-model/pt0001');
    expect(facts(inv, pt)).toEqual({
      requiresAuthentication: ['explicit', true, 'bedrock-runtime InvokeModel (SigV4)'],
      authMethod: ['explicit', 'IAM', 'bedrock-runtime InvokeModel (SigV4)'],
      ...LOGGED,
    });
    expect(flowIds(inv)).toEqual(
      expect.arrayContaining([`deploy:${pt}->${CUSTOM}`, `log-to:${pt}->arn:aws:s3:::capture-bucket`]),
    );
  });

  it('reads the invocation logging configuration once per region', () => {
    expect(log.filter((c) => c.operation === 'GetModelInvocationLoggingConfiguration')).toHaveLength(1);
  });
});

describe('Bedrock agents', () => {
  it('reads an agent with its guardrail draft, memory, key, role and foundation model', () => {
    expect(facts(inv, AGENT)).toEqual({
      guardrailAttached: ['explicit', true, 'GetAgent.agent.guardrailConfiguration.guardrailIdentifier'],
      guardrailDraft: ['explicit', true, 'GetAgent.agent.guardrailConfiguration.guardrailVersion'],
      inputScreening: ['explicit', false, 'GetAgent.agent.promptOverrideConfiguration.promptState'],
      memoryEnabled: ['explicit', true, 'GetAgent.agent.memoryConfiguration.enabledMemoryTypes'],
      customerManagedKey: ['explicit', true, 'GetAgent.agent.customerEncryptionKeyArn'],
      ...LOGGED,
    });
    expect(facts(inv, `${AGENT}#foundation-model`)).toEqual({
      providerManaged: ['explicit', true, 'GetAgent.agent.foundationModel'],
      guardrailAttached: ['explicit', true, 'GetAgent.agent.guardrailConfiguration.guardrailIdentifier'],
      // A `us.` inference profile routes requests to other US regions.
      crossRegionProcessing: ['explicit', true, 'GetAgent.agent.foundationModel'],
      ...LOGGED,
    });
    expect(flowIds(inv).filter((f) => f.includes(`:${AGENT}->`))).toEqual([
      `assume-identity:${AGENT}->${role('sm-exec')}`,
      `encrypt-with:${AGENT}->${KEY}`,
      `invoke:${AGENT}->${TOOL}`,
      `invoke:${AGENT}->${AGENT}#foundation-model`,
      `log-to:${AGENT}->arn:aws:s3:::capture-bucket`,
      `retrieve-from:${AGENT}->${KB}`,
    ]);
  });

  it('reads an agent without a guardrail or overrides: no guardrail, screening unknown, no memory', () => {
    expect(facts(inv, br('agent/AGENT2'))).toEqual({
      guardrailAttached: ['default', false, 'GetAgent.agent.guardrailConfiguration'],
      inputScreening: [
        'unknown',
        undefined,
        'pre-processing state not returned; the Bedrock default state is not documented',
      ],
      memoryEnabled: ['default', false, 'GetAgent.agent.memoryConfiguration.enabledMemoryTypes'],
      customerManagedKey: ['explicit', false, 'GetAgent.agent.customerEncryptionKeyArn'],
      ...LOGGED,
    });
    expect(facts(inv, `${br('agent/AGENT2')}#foundation-model`).crossRegionProcessing).toEqual([
      'explicit',
      false,
      'GetAgent.agent.foundationModel',
    ]);
  });

  it('reads an action group as a tool invoking its Lambda function (unqualified) and loading its schema', () => {
    expect(inv.assets.find((a) => a.id === TOOL)).toMatchObject({ kind: 'agent-tool', name: 'orders' });
    expect(flowIds(inv).filter((f) => f.includes(`:${TOOL}->`))).toEqual([
      `invoke:${TOOL}->arn:aws:lambda:us-east-1:${A}:function:chat-proxy`,
      `load-code:${TOOL}->arn:aws:s3:::model-bucket`,
    ]);
    expect(log.find((c) => c.operation === 'ListAgentActionGroups')?.request).toBe(
      '/agents/AGENT1/agentversions/DRAFT/actiongroups/',
    );
  });

  it('reads a knowledge base with its vector store and data sources', () => {
    expect(facts(inv, KB)).toEqual({
      untrustedSource: ['explicit', true, 'GetDataSource(DS2).dataSourceConfiguration.type'],
      customerManagedKey: [
        'explicit',
        false,
        'GetDataSource(DS2).serverSideEncryptionConfiguration.kmsKeyArn',
      ],
      deletionLifecycle: ['explicit', false, 'GetDataSource(DS1).dataDeletionPolicy'],
      accessLogging: ['unknown', undefined, 'not read by the live AWS collector yet'],
      ...LOGGED,
    });
    expect(flowIds(inv).filter((f) => f.includes(`:${KB}->`))).toEqual([
      `assume-identity:${KB}->${role('sm-exec')}`,
      `log-to:${KB}->arn:aws:s3:::capture-bucket`,
      `retrieve-from:${KB}->arn:aws:aoss:us-east-1:${A}:collection/kbcoll`,
      `retrieve-from:${KB}->arn:aws:s3:::training-data`,
    ]);
  });
});

describe('Bedrock faults', () => {
  it('a denied GetGuardrail makes that guardrail’s facts unknown with a note, and nothing else', async () => {
    const denied = await withFake('small', async (fake) => {
      fake.faults.push({ operation: 'GetGuardrail', kind: 'denied', times: 1 });
      return collect(fake);
    });
    const why = 'bedrock:GetGuardrail denied (AccessDeniedException)';
    const which = denied.notes[0]?.address ?? '';
    expect(denied.notes).toEqual([
      expect.objectContaining({
        kind: 'denied',
        service: 'bedrock',
        api: 'GetGuardrail',
        region: 'us-east-1',
        account: A,
        errorCode: 'AccessDeniedException',
        address: which,
      }),
    ]);
    expect(facts(denied, which)).toEqual(
      Object.fromEntries(
        [
          'promptAttackFilter',
          'harmfulContentFilter',
          'sensitiveDataFilter',
          'groundingCheck',
          'customerManagedKey',
        ].map((f) => [f, ['unknown', undefined, why]]),
      ),
    );
    const others = (x: Inventory) => x.assets.filter((a) => a.id !== which);
    expect(others(denied)).toEqual(others(inv));
  });

  it('a throttled ListAgents is retried and nothing is lost', async () => {
    const { again, calls } = await withFake('small', async (fake) => {
      fake.faults.push({ operation: 'ListAgents', kind: 'throttle', times: 3 });
      const again = await collect(fake);
      return { again, calls: fake.log.filter((c) => c.operation === 'ListAgents').length };
    });
    expect(calls).toBe(4);
    expect(again.notes).toEqual([]);
    expect(JSON.stringify(again)).toBe(JSON.stringify(inv));
  });

  it('an unreadable logging configuration makes invocation logging unknown on every Bedrock asset', async () => {
    const failed = await withFake('small', async (fake) => {
      fake.faults.push({ operation: 'GetModelInvocationLoggingConfiguration', kind: '500' });
      return collect(fake);
    });
    const why = 'bedrock:GetModelInvocationLoggingConfiguration failed (InternalError)';
    expect(facts(failed, AGENT).invocationLogging).toEqual(['unknown', undefined, why]);
    expect(facts(failed, KB).requestBodyLogging).toEqual(['unknown', undefined, why]);
    expect(failed.flows.some((f) => f.kind === 'log-to' && f.to === 'arn:aws:s3:::capture-bucket')).toBe(
      false,
    );
    expect(failed.notes.map((n) => `${n.service}:${n.api} ${n.errorCode}`)).toEqual([
      'bedrock:GetModelInvocationLoggingConfiguration InternalError',
    ]);
  });

  it('no logging configuration is the provider default: invocations not logged, and no log flows', async () => {
    const org = loadOrg('small');
    const region = org.accounts[A]?.regions?.['us-east-1'];
    if (region?.bedrock === undefined) throw new Error('the fixture has no Bedrock');
    Object.assign(region, { bedrock: { ...region.bedrock, logging: undefined } });
    const fake = new FakeAws(org);
    await fake.start();
    try {
      const quiet = await collect(fake);
      expect(facts(quiet, AGENT).invocationLogging).toEqual([
        'default',
        false,
        'GetModelInvocationLoggingConfiguration.loggingConfig',
      ]);
      expect(facts(quiet, AGENT).requestBodyLogging).toBeUndefined();
      expect(quiet.flows.filter((f) => f.kind === 'log-to' && f.from.startsWith('arn:aws:bedrock:'))).toEqual(
        [],
      );
      expect(quiet.notes).toEqual([]);
    } finally {
      await fake.stop();
    }
  });

  it('a denied GetDataSource makes the knowledge base facts from that data source unknown', async () => {
    // One call at a time: the data sources are read in their listed order, so DS1 is the one denied.
    const denied = await withFake('small', async (fake) => {
      fake.faults.push({ operation: 'GetDataSource', kind: 'denied', times: 1 });
      return collect(fake, { concurrency: 1 });
    });
    const why = 'bedrock:GetDataSource denied (AccessDeniedException)';
    expect(denied.notes.map((n) => `${n.kind} ${n.service}:${n.api} ${n.address ?? ''}`)).toEqual([
      `denied bedrock:GetDataSource ${KB}/data-source/DS1`,
    ]);
    expect(facts(denied, KB)).toMatchObject({
      // DS2 still ingests from the web (OR); DS2 has no key, so the AND is false whatever DS1 has.
      untrustedSource: ['explicit', true, 'GetDataSource(DS2).dataSourceConfiguration.type'],
      customerManagedKey: [
        'explicit',
        false,
        'GetDataSource(DS2).serverSideEncryptionConfiguration.kmsKeyArn',
      ],
      // DS1's RETAIN was the only false: now it is unknown.
      deletionLifecycle: ['unknown', undefined, why],
    });
    expect(denied.flows.some((f) => f.id === `retrieve-from:${KB}->arn:aws:s3:::training-data`)).toBe(false);
  });
});
