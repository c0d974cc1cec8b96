import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../../src/model/index.js';
import { cleanAwsEnvironment } from '../../fake-aws/client.js';
import type { LoggedCall } from '../../fake-aws/server.js';
import { A, B, collect, facts, role, sm, withFake } from './scan.js';

/** A full scan of two accounts through AssumeRole, every region: what it calls and what it reads. */

const SCANNER = (account: string) => `arn:aws:iam::${account}:role/scanner`;
let inv: Inventory;
let log: LoggedCall[];

beforeAll(async () => {
  cleanAwsEnvironment();
  await withFake('small', async (fake) => {
    inv = await collect(fake, {
      regions: 'all',
      assumeRoles: [SCANNER(A), SCANNER(B)],
      externalId: 'ext-42',
    });
    log = [...fake.log];
  });
});

describe('multi-account scans', () => {
  it('assumes each role with the external id and reads each account with its credentials', () => {
    expect(inv.inputs.map((i) => [i.path, i.account, i.regions])).toEqual([
      [`aws://${A}`, A, ['af-south-1', 'eu-west-1', 'us-east-1']],
      // ap-east-1 is not opted in.
      [`aws://${B}`, B, ['us-east-1']],
    ]);
    expect(log.filter((c) => c.operation === 'AssumeRole').map((c) => c.account)).toEqual([A, A]);
    expect(facts(inv, sm('endpoint', 'partner', B))).toBeDefined();
    expect(inv.assets.find((a) => a.id === sm('endpoint', 'partner', B))?.source.input).toBe(`aws://${B}`);
  });

  it('assumes a role again when its session nears expiry, and reads the same account', async () => {
    const run = async (sessionSeconds: number | undefined) =>
      withFake('small', async (fake) => {
        fake.sessionSeconds = sessionSeconds;
        const got = await collect(fake, { assumeRoles: [SCANNER(B)], externalId: 'ext-42' });
        return { got, assumed: fake.log.filter((c) => c.operation === 'AssumeRole').length };
      });
    const long = await run(undefined);
    // Sessions of two minutes are always within the five-minute renewal margin: every signing renews.
    const short = await run(120);
    expect(long.assumed).toBe(1);
    expect(short.assumed).toBeGreaterThan(1);
    expect(short.got.notes).toEqual([]);
    expect(JSON.stringify(short.got)).toBe(JSON.stringify(long.got));
  });

  it('keys assets by account and region', () => {
    const partner = inv.assets.filter((a) => a.id.includes(`:${B}:`));
    expect(partner.map((a) => a.id)).toEqual(
      [role('partner-exec', B), sm('endpoint', 'partner', B), sm('model', 'partner-model', B)].sort(),
    );
    expect(log.some((c) => c.account === B && c.operation === 'GetRole')).toBe(true);
  });

  it('a wrong external id is a denied AssumeRole, and the other account is still scanned', async () => {
    const other = await withFake('small', (fake) =>
      collect(fake, { assumeRoles: [SCANNER(A), SCANNER(B)], externalId: 'wrong' }),
    );
    expect(other.inputs.map((i) => i.account)).toEqual([A]);
    expect(other.notes).toEqual([
      expect.objectContaining({
        kind: 'denied',
        service: 'sts',
        api: 'AssumeRole',
        account: A,
        errorCode: 'AccessDenied',
        address: SCANNER(B),
      }),
    ]);
  });
});

/** IAM actions whose names differ from the API operation they authorise (S3, Bedrock Agents, API Gateway). */
const actionOf = (c: LoggedCall): string =>
  c.service === 'apigateway' || c.service === 'apigatewayv2'
    ? 'apigateway:GET'
    : c.service === 'bedrock-agent'
      ? `bedrock:${c.operation}`
      : (ACTION_OF[`${c.service}:${c.operation}`] ?? `${c.service}:${c.operation}`);
const ACTION_OF: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  's3:GetBucketReplication': 's3:GetReplicationConfiguration',
};

describe('read-only by construction', () => {
  it('makes only List, Describe and Get calls, and STS GetCallerIdentity and AssumeRole', () => {
    const ops = [...new Set(log.map((c) => `${c.service}:${c.operation}`))].sort();
    expect(ops.filter((o) => !/^[\w-]+:(List|Describe|Get)[A-Z]/.test(o))).toEqual(['sts:AssumeRole']);
    // Every service of the slice was called.
    expect(new Set(log.map((c) => c.service))).toEqual(
      new Set([
        ...['sts', 'ec2', 'sagemaker', 'lambda', 's3', 's3control', 'iam', 'kms'],
        ...['bedrock', 'bedrock-agent', 'apigateway', 'apigatewayv2', 'cognito-idp', 'wafv2'],
        ...['logs', 'cloudtrail'],
      ]),
    );
  });

  it('docs/aws-permissions.json allows every action the scan called, and nothing else', () => {
    const doc = JSON.parse(readFileSync('docs/aws-permissions.json', 'utf8')) as {
      Statement: { Effect: string; Action: string[] }[];
    };
    const allowed = new Set(doc.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action));
    const called = new Set(log.map(actionOf));
    expect([...called].filter((a) => !allowed.has(a))).toEqual([]);
    expect([...allowed].filter((a) => !called.has(a))).toEqual([]);
    expect(
      [...allowed].every((a) =>
        /^[a-z0-9-]+:(List|Describe|Get)[A-Za-z]+$|^sts:AssumeRole$|^apigateway:GET$/.test(a),
      ),
    ).toBe(true);
  });
});
