import { beforeAll, describe, expect, it } from 'vitest';
import type { CoverageNote, Inventory } from '../../../src/model/index.js';
import { cleanAwsEnvironment } from '../../fake-aws/client.js';
import { loadOrg } from '../../fake-aws/fixture.js';
import { FakeAws, type Fault } from '../../fake-aws/server.js';
import { A, collect, ec2, facts, role, sm, withFake } from './scan.js';

/**
 * Faults injected by the fake, per call: each scan completes, says exactly what it could not read, makes just the
 * facts that call would have given unknown, and keeps everything else as a clean scan has it.
 */

let clean: Inventory;

beforeAll(async () => {
  cleanAwsEnvironment();
  clean = await withFake('small', (fake) => collect(fake));
});

async function withFaults(
  faults: Fault[],
  more: Parameters<typeof collect>[1] = {},
): Promise<{ inv: Inventory; calls: number }> {
  return withFake('small', async (fake) => {
    fake.faults.push(...faults);
    const inv = await collect(fake, more);
    return { inv, calls: fake.log.length };
  });
}

/** `asset fact` for every fact that differs from the clean scan, and the assets or flows that differ. */
function changes(inv: Inventory): string[] {
  const out: string[] = [];
  const ids = (x: Inventory) => x.assets.map((a) => a.id);
  if (JSON.stringify(ids(inv)) !== JSON.stringify(ids(clean))) out.push('assets');
  if (JSON.stringify(inv.flows) !== JSON.stringify(clean.flows)) out.push('flows');
  for (const a of clean.assets) {
    const now = inv.assets.find((x) => x.id === a.id);
    for (const [k, f] of Object.entries(a.facts)) {
      if (JSON.stringify(now?.facts[k as keyof typeof a.facts]) !== JSON.stringify(f))
        out.push(`${a.id} ${k}`);
    }
  }
  return out;
}

const note = (n: Partial<CoverageNote>): unknown =>
  expect.objectContaining({ ...n, input: `aws://${A}`, account: A });

describe('throttling and server errors are retried', () => {
  it('retries each protocol’s throttling error until the call succeeds', async () => {
    const { inv, calls } = await withFaults([
      { operation: 'DescribeVpcs', kind: 'throttle', times: 2 },
      { operation: 'DescribeEndpoint', kind: 'throttle', times: 2 },
      { operation: 'GetBucketVersioning', kind: 'throttle', times: 2 },
      { operation: 'GetRole', kind: 'throttle', times: 2 },
      { operation: 'DescribeKey', kind: 'throttle', times: 2 },
      { operation: 'ListFunctions', kind: 'throttle', times: 2 },
      { operation: 'GetRestApis', kind: 'throttle', times: 2 },
      { operation: 'DescribeUserPool', kind: 'throttle', times: 2 },
      { operation: 'GetWebACL', kind: 'throttle', times: 2 },
    ]);
    expect(inv.notes).toEqual([]);
    expect(changes(inv)).toEqual([]);
    expect(calls).toBe(142 + 18);
  });

  it('retries a 500 and a 503', async () => {
    const { inv } = await withFaults([
      { operation: 'DescribeModel', kind: '500', times: 1 },
      { operation: 'ListBuckets', kind: '503', times: 1 },
    ]);
    expect(inv.notes).toEqual([]);
    expect(changes(inv)).toEqual([]);
  });
});

describe('a call that keeps failing becomes a coverage note and unknown facts', () => {
  it('503 on every attempt: the bucket logging facts are unknown, nothing else changes', async () => {
    const { inv } = await withFaults([{ operation: 'GetBucketLogging', kind: '503' }]);
    // The trail that records training-data's object events still says its access is logged.
    expect(changes(inv)).toEqual([
      'arn:aws:s3:::capture-bucket accessLogging',
      'arn:aws:s3:::model-bucket accessLogging',
    ]);
    expect(facts(inv, 'arn:aws:s3:::training-data').accessLogging).toEqual([
      'explicit',
      true,
      'cloudtrail:GetEventSelectors',
    ]);
    expect(facts(inv, 'arn:aws:s3:::model-bucket').accessLogging).toEqual([
      'unknown',
      undefined,
      's3:GetBucketLogging failed (ServiceUnavailable)',
    ]);
    expect(inv.notes).toHaveLength(3);
    expect(inv.notes[0]).toEqual(
      note({
        kind: 'skipped',
        service: 's3',
        api: 'GetBucketLogging',
        region: 'eu-west-1',
        errorCode: 'ServiceUnavailable',
        address: 'arn:aws:s3:::model-bucket',
        message:
          's3:GetBucketLogging failed in eu-west-1 of account 111111111111 (ServiceUnavailable) for arn:aws:s3:::model-bucket; what it would have told is unknown',
      }),
    );
  });

  it('a slow reply past the per-call timeout on every attempt', async () => {
    const { inv } = await withFaults(
      [{ operation: 'DescribeNotebookInstance', kind: 'slow', delayMs: 1500 }],
      {
        callTimeoutMs: 200,
      },
    );
    const id = sm('notebook-instance', 'research');
    expect(inv.notes).toEqual([
      note({
        kind: 'skipped',
        service: 'sagemaker',
        api: 'DescribeNotebookInstance',
        region: 'us-east-1',
        errorCode: 'TimeoutError',
        address: id,
      }),
    ]);
    expect(facts(inv, id).rootAccess).toEqual([
      'unknown',
      undefined,
      'sagemaker:DescribeNotebookInstance failed (TimeoutError)',
    ]);
    // The notebook's flows came from the reply that never arrived.
    expect(changes(inv).filter((c) => !c.startsWith(id))).toEqual(['flows']);
    expect(inv.flows.filter((f) => f.from === id)).toEqual([]);
    expect(inv.flows).toEqual(clean.flows.filter((f) => f.from !== id));
  });
});

describe('denied calls', () => {
  it('SageMaker AccessDeniedException on DescribeEndpointConfig: the endpoint facts it gives are unknown', async () => {
    const { inv } = await withFaults([{ operation: 'DescribeEndpointConfig', kind: 'denied' }]);
    expect(
      inv.notes.map((n) => [n.kind, n.service, n.api, n.region, n.account, n.errorCode, n.address]),
    ).toEqual([
      [
        'denied',
        'sagemaker',
        'DescribeEndpointConfig',
        'us-east-1',
        A,
        'AccessDeniedException',
        sm('endpoint-config', 'batch-config'),
      ],
      [
        'denied',
        'sagemaker',
        'DescribeEndpointConfig',
        'us-east-1',
        A,
        'AccessDeniedException',
        sm('endpoint-config', 'chat-config'),
      ],
    ]);
    const why = 'sagemaker:DescribeEndpointConfig denied (AccessDeniedException)';
    expect(facts(inv, sm('endpoint', 'chat'))).toEqual({
      requiresAuthentication: ['explicit', true, 'sagemaker-runtime InvokeEndpoint (SigV4)'],
      authMethod: ['explicit', 'IAM', 'sagemaker-runtime InvokeEndpoint (SigV4)'],
      dataCapture: ['unknown', undefined, why],
      invocationLogging: ['unknown', undefined, why],
      customerManagedKey: ['unknown', undefined, why],
      shellAccess: ['unknown', undefined, why],
      privateNetwork: ['unknown', undefined, why],
    });
    // Models are found through configurations: without them, they are not seen (and the note says so).
    expect(inv.assets.some((a) => a.kind === 'model')).toBe(false);
    expect(inv.assets.find((a) => a.id === ec2('subnet', 'subnet-pub'))).toEqual(
      clean.assets.find((a) => a.id === ec2('subnet', 'subnet-pub')),
    );
  });

  it('EC2 UnauthorizedOperation on DescribeRouteTables: public-IP subnets are unknown, not private', async () => {
    const { inv } = await withFaults([{ operation: 'DescribeRouteTables', kind: 'denied' }]);
    expect(inv.notes).toEqual([
      note({
        kind: 'denied',
        service: 'ec2',
        api: 'DescribeRouteTables',
        region: 'us-east-1',
        errorCode: 'UnauthorizedOperation',
      }),
    ]);
    expect(changes(inv)).toEqual([
      `${ec2('subnet', 'subnet-pub')} internetReachable`,
      `${ec2('subnet', 'subnet-pub-noigw')} internetReachable`,
    ]);
    expect(facts(inv, ec2('subnet', 'subnet-pub')).internetReachable).toEqual([
      'unknown',
      undefined,
      'the route tables could not be read (UnauthorizedOperation)',
    ]);
  });

  it('Lambda AccessDeniedException on GetFunctionUrlConfig: exposure unknown, not private', async () => {
    const { inv } = await withFaults([{ operation: 'GetFunctionUrlConfig', kind: 'denied', times: 1 }]);
    expect(inv.notes).toHaveLength(1);
    const [n] = inv.notes;
    expect(n).toEqual(
      note({
        kind: 'denied',
        service: 'lambda',
        api: 'GetFunctionUrlConfig',
        region: 'us-east-1',
        errorCode: 'AccessDeniedException',
      }),
    );
    const why = 'lambda:GetFunctionUrlConfig denied (AccessDeniedException)';
    expect(changes(inv)).toEqual(
      ['internetReachable', 'requiresAuthentication', 'authMethod'].map((f) => `${n?.address ?? ''} ${f}`),
    );
    expect(facts(inv, n?.address ?? '').internetReachable).toEqual(['unknown', undefined, why]);
  });

  it('S3 AccessDenied on GetBucketPolicy and IAM AccessDenied on GetRole', async () => {
    const { inv } = await withFaults([
      { operation: 'GetBucketPolicy', kind: 'denied' },
      { operation: 'GetRole', kind: 'denied' },
    ]);
    expect(
      inv.notes.map((n) => `${n.kind} ${n.service}:${n.api} ${n.region} ${n.errorCode} ${n.address}`),
    ).toEqual([
      'denied s3:GetBucketPolicy eu-west-1 AccessDenied arn:aws:s3:::model-bucket',
      'denied iam:GetRole us-east-1 AccessDenied arn:aws:iam::111111111111:role/alice-studio',
      'denied iam:GetRole us-east-1 AccessDenied arn:aws:iam::111111111111:role/sm-exec',
      'denied iam:GetRole us-east-1 AccessDenied arn:aws:iam::111111111111:role/train-role',
      'denied s3:GetBucketPolicy us-east-1 AccessDenied arn:aws:s3:::capture-bucket',
      'denied s3:GetBucketPolicy us-east-1 AccessDenied arn:aws:s3:::training-data',
    ]);
    const buckets = ['capture-bucket', 'model-bucket', 'training-data'];
    const policyFacts = ['anonymousRead', 'anonymousWrite', 'crossAccountAccess', 'crossAccountWrite'];
    expect(changes(inv)).toEqual(
      [
        `${role('alice-studio')} externalTrust`,
        `${role('sm-exec')} externalTrust`,
        `${role('train-role')} externalTrust`,
        ...buckets.flatMap((b) => policyFacts.map((f) => `arn:aws:s3:::${b} ${f}`)),
      ].sort(),
    );
    expect(facts(inv, 'arn:aws:s3:::training-data').crossAccountWrite).toEqual([
      'unknown',
      undefined,
      's3:GetBucketPolicy denied (AccessDenied)',
    ]);
    // The role's policies were still read.
    expect(facts(inv, role('train-role')).adminPrivileges?.slice(0, 2)).toEqual(['explicit', true]);
  });
});

describe('pagination', () => {
  it('stops a listing whose page token repeats, keeping what it read', async () => {
    const { inv } = await withFaults([{ operation: 'ListEndpoints', kind: 'loop' }]);
    expect(inv.notes).toEqual([
      note({
        kind: 'skipped',
        service: 'sagemaker',
        api: 'ListEndpoints',
        region: 'us-east-1',
        errorCode: 'RepeatedPageToken',
        message:
          'sagemaker:ListEndpoints in us-east-1 of account 111111111111 returned a page token it had returned before; the listing stopped after 2 pages',
      }),
    ]);
    expect(changes(inv)).toEqual([]);
  });
});

describe('a long throttled scan', () => {
  it('still retries after thousands of throttled calls on one service and region', async () => {
    // 400 buckets, the first attempt of each of their configuration calls throttled: 2,000 throttled calls on one
    // client, twenty times what the SDK's retry token bucket (500 tokens, 5 a throttling retry) lets through.
    const org = loadOrg('small');
    const base = org.accounts[A];
    const buckets = Array.from({ length: 400 }, (_, i) => ({
      name: `bulk-${String(i).padStart(4, '0')}`,
      region: 'us-east-1',
    }));
    const fake = new FakeAws({ accounts: { [A]: { ...base, s3: { buckets } } } });
    fake.pageSize = 1000;
    await fake.start();
    try {
      for (const operation of [
        'GetPublicAccessBlock',
        'GetBucketPolicy',
        'GetBucketEncryption',
        'GetBucketVersioning',
        'GetBucketLogging',
      ])
        fake.faults.push({ service: 's3', operation, kind: 'throttle', firstAttemptOnly: true });
      const inv = await collect(fake, { concurrency: 16 });
      expect(inv.notes).toEqual([]);
      expect(inv.assets.filter((a) => a.kind === 'object-store')).toHaveLength(400);
      const throttled = fake.log.filter(
        (c) => c.service === 's3' && c.operation !== 'ListBuckets' && c.operation !== 'GetBucketLocation',
      );
      // Nine configuration calls per bucket, and a retry of each of the 2,000 throttled ones.
      expect(throttled).toHaveLength(5600);
    } finally {
      await fake.stop();
    }
  }, 60_000);
});
