import type { S3Client } from '@aws-sdk/client-s3';
import { byDefault, explicit, unknown, type Fact, type Facts } from '../../../src/model/index.js';
import { parseJsonPolicy } from '../../terraform/aws/policy.js';
import { crossAccount, grantsS3, restricted } from '../../terraform/aws/s3.js';
import { bucketArn, fromApi, unknownFacts } from '../facts.js';
import type { LiveInventory } from '../inventory.js';
import type { AwsRuntime, CallResult, Scope } from '../runtime.js';
import { keyArn } from './sagemaker.js';

/**
 * S3 buckets with the facts of the Terraform S3 mapper. Each configuration call answers one group of facts; a
 * failed call makes just those unknown. A configuration that is not set is answered with a documented error
 * (NoSuchBucketPolicy ...), which is the provider default, not a failure.
 */

type Sdk = typeof import('@aws-sdk/client-s3');
type Block = {
  BlockPublicAcls?: boolean | undefined;
  IgnorePublicAcls?: boolean | undefined;
  BlockPublicPolicy?: boolean | undefined;
  RestrictPublicBuckets?: boolean | undefined;
};

const allBlocked = (b: Block | undefined): boolean =>
  b?.BlockPublicAcls === true &&
  b.IgnorePublicAcls === true &&
  b.BlockPublicPolicy === true &&
  b.RestrictPublicBuckets === true;

/** Whether the account's public access block blocks everything: explicit, default false when none, or unknown. */
export async function accountPublicAccessBlock(rt: AwsRuntime, scope: Scope): Promise<Fact<boolean>> {
  const sdk = await import('@aws-sdk/client-s3-control');
  const client = rt.client(scope, 's3-control', (c) => new sdk.S3ControlClient(c));
  const got = await rt.call(
    scope,
    's3control:GetPublicAccessBlock',
    () => client.send(new sdk.GetPublicAccessBlockCommand({ AccountId: scope.account.id })),
    {
      absent: ['NoSuchPublicAccessBlockConfiguration'],
    },
  );
  if (got.ok)
    return explicit(allBlocked(got.value.PublicAccessBlockConfiguration), 's3control:GetPublicAccessBlock');
  if (got.absent === true) return byDefault(false, 's3control:GetPublicAccessBlock');
  return unknown('s3control:GetPublicAccessBlock', got.message);
}

export async function collectS3(
  rt: AwsRuntime,
  inv: LiveInventory,
  scope: Scope,
  account: Fact<boolean>,
): Promise<void> {
  const sdk = await import('@aws-sdk/client-s3');
  const extra = rt.options.endpoint === undefined ? {} : { forcePathStyle: true };
  const clientIn = (region: string): S3Client =>
    rt.client({ ...scope, region }, 's3', (c) => new sdk.S3Client(c), extra);
  const home = clientIn(scope.region);
  const listed = await rt.list(
    scope,
    's3:ListBuckets',
    (token) => home.send(new sdk.ListBucketsCommand({ MaxBuckets: 1000, ContinuationToken: token })),
    (p) => ({ items: p.Buckets, next: p.ContinuationToken }),
  );
  await Promise.all(
    listed.items.map(async (b) => {
      if (b.Name === undefined) return;
      const name = b.Name;
      const located = await rt.call(
        scope,
        's3:GetBucketLocation',
        () => home.send(new sdk.GetBucketLocationCommand({ Bucket: name })),
        { resource: bucketArn(name) },
      );
      const region = located.ok ? regionOf(located.value.LocationConstraint) : scope.region;
      await bucket(rt, inv, { ...scope, region }, clientIn(region), sdk, name, account);
    }),
  );
  rt.progress(`${scope.account.id}: S3 read`);
}

/** GetBucketLocation answers null for us-east-1 and `EU` for eu-west-1. */
function regionOf(constraint: string | undefined): string {
  if (constraint === undefined || constraint === '') return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

async function bucket(
  rt: AwsRuntime,
  inv: LiveInventory,
  scope: Scope,
  client: S3Client,
  sdk: Sdk,
  name: string,
  account: Fact<boolean>,
): Promise<void> {
  const id = bucketArn(name);
  const call = <T>(
    api: string,
    send: () => Promise<T>,
    absent: readonly string[] = [],
  ): Promise<CallResult<T>> => rt.call(scope, `s3:${api}`, send, { resource: id, absent });
  const Bucket = name;
  const [block, policy, encryption, versioning, logging, lifecycle, lock, status, replication] =
    await Promise.all([
      call('GetPublicAccessBlock', () => client.send(new sdk.GetPublicAccessBlockCommand({ Bucket })), [
        'NoSuchPublicAccessBlockConfiguration',
      ]),
      call('GetBucketPolicy', () => client.send(new sdk.GetBucketPolicyCommand({ Bucket })), [
        'NoSuchBucketPolicy',
      ]),
      call('GetBucketEncryption', () => client.send(new sdk.GetBucketEncryptionCommand({ Bucket })), [
        'ServerSideEncryptionConfigurationNotFoundError',
      ]),
      call('GetBucketVersioning', () => client.send(new sdk.GetBucketVersioningCommand({ Bucket }))),
      call('GetBucketLogging', () => client.send(new sdk.GetBucketLoggingCommand({ Bucket }))),
      call(
        'GetBucketLifecycleConfiguration',
        () => client.send(new sdk.GetBucketLifecycleConfigurationCommand({ Bucket })),
        ['NoSuchLifecycleConfiguration'],
      ),
      call(
        'GetObjectLockConfiguration',
        () => client.send(new sdk.GetObjectLockConfigurationCommand({ Bucket })),
        ['ObjectLockConfigurationNotFoundError'],
      ),
      call('GetBucketPolicyStatus', () => client.send(new sdk.GetBucketPolicyStatusCommand({ Bucket })), [
        'NoSuchBucketPolicy',
      ]),
      call('GetBucketReplication', () => client.send(new sdk.GetBucketReplicationCommand({ Bucket })), [
        'ReplicationConfigurationNotFoundError',
      ]),
    ]);
  const bucketBlock: Fact<boolean> = block.ok
    ? explicit(allBlocked(block.value.PublicAccessBlockConfiguration), 'GetPublicAccessBlock')
    : block.absent === true
      ? byDefault(false, 'GetPublicAccessBlock')
      : unknown('GetPublicAccessBlock', block.message);
  const rule = encryption.ok
    ? encryption.value.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
    : undefined;
  const facts: Facts = {
    publicAccessBlocked: eitherBlocks(bucketBlock, account),
    ...publicUnlessStatusSays(policyFacts(policy, scope.account.id), status),
    // Since January 2023 S3 encrypts every new object with SSE-S3 by default.
    encryptedAtRest: encryption.ok
      ? explicit(true, 'GetBucketEncryption')
      : encryption.absent === true
        ? byDefault(true, 'GetBucketEncryption')
        : unknown('GetBucketEncryption', encryption.message),
    customerManagedKey: encryption.ok
      ? explicit(
          (rule?.KMSMasterKeyID ?? '') !== '',
          'GetBucketEncryption.Rules.ApplyServerSideEncryptionByDefault.KMSMasterKeyID',
        )
      : encryption.absent === true
        ? byDefault(false, 'GetBucketEncryption')
        : unknown('GetBucketEncryption', encryption.message),
    versioning: versioning.ok
      ? explicit(versioning.value.Status === 'Enabled', 'GetBucketVersioning.Status')
      : unknown('GetBucketVersioning', versioning.message),
    accessLogging: logging.ok
      ? explicit(logging.value.LoggingEnabled?.TargetBucket !== undefined, 'GetBucketLogging.LoggingEnabled')
      : unknown('GetBucketLogging', logging.message),
    deletionLifecycle: lifecycle.ok
      ? expiring(lifecycle.value.Rules ?? [])
      : lifecycle.absent === true
        ? byDefault(false, 'GetBucketLifecycleConfiguration')
        : unknown('GetBucketLifecycleConfiguration', lifecycle.message),
    immutability: lock.ok
      ? explicit(
          lock.value.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled',
          'GetObjectLockConfiguration.ObjectLockConfiguration.ObjectLockEnabled',
        )
      : lock.absent === true
        ? byDefault(false, 'GetObjectLockConfiguration')
        : unknown('GetObjectLockConfiguration', lock.message),
  };
  inv.asset(scope, { id, kind: 'object-store', nativeType: 'AWS::S3::Bucket', name, facts });
  // A replica is a copy the bucket writes: the destination holds the same data.
  if (replication.ok)
    for (const r of replication.value.ReplicationConfiguration?.Rules ?? []) {
      const to = r.Destination?.Bucket;
      if (r.Status === 'Enabled' && to !== undefined && to !== id)
        inv.flow('write', id, to, fromApi(id, 'GetBucketReplication', 'Rules.Destination.Bucket'));
    }
  const key = keyArn(scope, rule?.KMSMasterKeyID);
  if (key !== undefined)
    inv.flow('encrypt-with', id, key, fromApi(id, 'GetBucketEncryption', 'KMSMasterKeyID'));
}

/** Blocked when either the bucket's or the account's block blocks everything. */
function eitherBlocks(bucket: Fact<boolean>, account: Fact<boolean>): Fact<boolean> {
  if (bucket.state !== 'unknown' && bucket.value) return bucket;
  if (account.state !== 'unknown' && account.value) return account;
  if (bucket.state === 'unknown') return bucket;
  return account.state === 'unknown' ? account : bucket;
}

const POLICY_FACTS = ['anonymousRead', 'anonymousWrite', 'crossAccountAccess', 'crossAccountWrite'] as const;

function policyFacts(policy: CallResult<{ Policy?: string | undefined }>, account: string): Facts {
  if (!policy.ok) {
    return policy.absent === true
      ? Object.fromEntries(POLICY_FACTS.map((f) => [f, byDefault(false, 'GetBucketPolicy')]))
      : unknownFacts(POLICY_FACTS, 'GetBucketPolicy', policy.message);
  }
  const read = parseJsonPolicy('GetBucketPolicy', 'GetBucketPolicy.Policy', policy.value.Policy ?? '');
  if (read.gaps.length > 0) return unknownFacts(POLICY_FACTS, 'GetBucketPolicy', read.gaps.join('; '));
  const allows = read.statements.filter((s) => s.effect === 'Allow' && !s.notActions);
  const anonymous = allows.filter(
    (s) => s.principals?.some((p) => p.type === '*') === true && !restricted(s),
  );
  // Principals of the bucket's own account are not cross-account.
  const own = new Set([account]);
  return {
    anonymousRead: explicit(
      anonymous.some((s) => grantsS3(s, 'read')),
      'GetBucketPolicy.Policy',
    ),
    anonymousWrite: explicit(
      anonymous.some((s) => grantsS3(s, 'write')),
      'GetBucketPolicy.Policy',
    ),
    crossAccountAccess: crossAccount(allows, own, 'GetBucketPolicy.Policy'),
    crossAccountWrite: crossAccount(
      allows.filter((s) => grantsS3(s, 'write')),
      own,
      'GetBucketPolicy.Policy',
    ),
  };
}

/** A rule that is enabled and expires current or noncurrent versions, as the Terraform lifecycle mapper reads it. */
function expiring(
  rules: readonly {
    Status?: string | undefined;
    Expiration?: object | undefined;
    NoncurrentVersionExpiration?: object | undefined;
  }[],
): Fact<boolean> {
  const at = 'GetBucketLifecycleConfiguration.Rules';
  const hit = rules.some(
    (r) =>
      r.Status === 'Enabled' && (r.Expiration !== undefined || r.NoncurrentVersionExpiration !== undefined),
  );
  return explicit(hit, hit ? `${at}.Expiration` : at);
}

/**
 * S3's own evaluation of the policy (GetBucketPolicyStatus) knows conditions this reading does not: when it says
 * the policy is not public, no anonymous grant is taken from it.
 */
function publicUnlessStatusSays(
  facts: Facts,
  status: CallResult<{ PolicyStatus?: { IsPublic?: boolean | undefined } | undefined }>,
): Facts {
  if (!status.ok || status.value.PolicyStatus?.IsPublic !== false) return facts;
  const notPublic = explicit(false, 'GetBucketPolicyStatus.PolicyStatus.IsPublic');
  const out: Record<string, unknown> = { ...facts };
  for (const name of ['anonymousRead', 'anonymousWrite'] as const) {
    const f = facts[name];
    if (f === undefined || f.state === 'unknown' || f.value) out[name] = notPublic;
  }
  return out;
}
