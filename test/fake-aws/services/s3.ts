import { Failure, jsonReply, xmlReply, type FakeService } from '../protocol.js';
import { esc, toXml } from '../xml.js';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Bucket sub-resources by query key, in the order S3 checks them. */
const SUBRESOURCES: readonly [string, string][] = [
  ['location', 'GetBucketLocation'],
  ['publicAccessBlock', 'GetPublicAccessBlock'],
  ['policy', 'GetBucketPolicy'],
  ['encryption', 'GetBucketEncryption'],
  ['versioning', 'GetBucketVersioning'],
  ['logging', 'GetBucketLogging'],
  ['lifecycle', 'GetBucketLifecycleConfiguration'],
  ['object-lock', 'GetObjectLockConfiguration'],
  ['policyStatus', 'GetBucketPolicyStatus'],
  ['replication', 'GetBucketReplication'],
];

export const s3: FakeService = {
  protocol: 'rest-xml',
  operation(req) {
    const [, bucket] = req.url.pathname.split('/');
    if (bucket === undefined || bucket === '') return 'ListBuckets';
    const hit = SUBRESOURCES.find(([q]) => req.url.searchParams.has(q));
    return hit?.[1] ?? `${req.method} ${req.url.search}`;
  },
  answer(ctx, call) {
    const a = ctx.account(call);
    const [, name] = call.path.split('/');
    if (name === undefined || name === '') {
      const pg = ctx.page(call, a.s3?.buckets ?? [], call.query.get('continuation-token') ?? undefined);
      const buckets = pg.items
        .map(
          (b) =>
            `<Bucket><Name>${esc(b.name)}</Name><CreationDate>2025-01-01T00:00:00.000Z</CreationDate><BucketRegion>${esc(b.region)}</BucketRegion></Bucket>`,
        )
        .join('');
      const next = pg.next === undefined ? '' : `<ContinuationToken>${esc(pg.next)}</ContinuationToken>`;
      return xmlReply(
        `<ListAllMyBucketsResult xmlns="${S3_NS}"><Owner><ID>owner</ID></Owner><Buckets>${buckets}</Buckets>${next}</ListAllMyBucketsResult>`,
      );
    }
    const b = (a.s3?.buckets ?? []).find((x) => x.name === name);
    if (b === undefined) throw new Failure(404, 'NoSuchBucket');
    switch (call.operation) {
      case 'GetBucketLocation':
        return xmlReply(
          b.region === 'us-east-1'
            ? `<LocationConstraint xmlns="${S3_NS}"/>`
            : `<LocationConstraint xmlns="${S3_NS}">${esc(b.region)}</LocationConstraint>`,
        );
      case 'GetPublicAccessBlock':
        if (b.publicAccessBlock === undefined) throw new Failure(404, 'NoSuchPublicAccessBlockConfiguration');
        return xmlReply(
          `<PublicAccessBlockConfiguration xmlns="${S3_NS}">${toXml(b.publicAccessBlock, 'member')}</PublicAccessBlockConfiguration>`,
        );
      case 'GetBucketPolicy':
        if (b.policy === undefined) throw new Failure(404, 'NoSuchBucketPolicy');
        return jsonReply(b.policy);
      case 'GetBucketEncryption':
        if (b.encryption === undefined)
          throw new Failure(404, 'ServerSideEncryptionConfigurationNotFoundError');
        return xmlReply(
          `<ServerSideEncryptionConfiguration xmlns="${S3_NS}"><Rule><ApplyServerSideEncryptionByDefault>${toXml(b.encryption, 'member')}</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>`,
        );
      case 'GetBucketVersioning':
        return xmlReply(
          `<VersioningConfiguration xmlns="${S3_NS}">${b.versioning === undefined ? '' : `<Status>${esc(b.versioning)}</Status>`}</VersioningConfiguration>`,
        );
      case 'GetBucketLogging':
        return xmlReply(
          `<BucketLoggingStatus xmlns="${S3_NS}">${b.logging === undefined ? '' : `<LoggingEnabled>${toXml(b.logging, 'member')}</LoggingEnabled>`}</BucketLoggingStatus>`,
        );
      case 'GetBucketLifecycleConfiguration':
        if (b.lifecycle === undefined) throw new Failure(404, 'NoSuchLifecycleConfiguration');
        return xmlReply(
          `<LifecycleConfiguration xmlns="${S3_NS}">${toXml({ Rule: b.lifecycle }, 'member', FLAT)}</LifecycleConfiguration>`,
        );
      case 'GetObjectLockConfiguration':
        if (b.objectLock !== true) throw new Failure(404, 'ObjectLockConfigurationNotFoundError');
        return xmlReply(
          `<ObjectLockConfiguration xmlns="${S3_NS}"><ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>`,
        );
      case 'GetBucketPolicyStatus':
        if (b.policy === undefined) throw new Failure(404, 'NoSuchBucketPolicy');
        return xmlReply(
          `<PolicyStatus xmlns="${S3_NS}"><IsPublic>${String(b.policyPublic ?? grantsEveryone(b.policy))}</IsPublic></PolicyStatus>`,
        );
      case 'GetBucketReplication':
        if (b.replication === undefined) throw new Failure(404, 'ReplicationConfigurationNotFoundError');
        return xmlReply(
          `<ReplicationConfiguration xmlns="${S3_NS}"><Role>${esc(b.replication.role)}</Role>${toXml({ Rule: b.replication.rules }, 'member', FLAT)}</ReplicationConfiguration>`,
        );
      default:
        throw new Failure(400, 'NotImplemented');
    }
  },
};

/** S3 lists rules as repeated `Rule` elements. */
const FLAT = new Set(['Rule']);

/** The fake's stand-in for S3's policy evaluation: an unconditional Allow to everyone is public. */
function grantsEveryone(policy: unknown): boolean {
  const statements = (policy as { Statement?: unknown }).Statement;
  return (Array.isArray(statements) ? statements : [statements]).some((st) => {
    const x = st as { Effect?: string; Principal?: unknown; Condition?: unknown };
    const p = x.Principal;
    const everyone =
      p === '*' || (typeof p === 'object' && p !== null && (p as { AWS?: unknown }).AWS === '*');
    return x.Effect === 'Allow' && everyone && x.Condition === undefined;
  });
}

/** S3 Control: only the account's public access block. */
export const s3control: FakeService = {
  protocol: 'rest-xml',
  operation: () => 'GetPublicAccessBlock',
  answer(ctx, call) {
    const a = ctx.account(call);
    if (call.headers['x-amz-account-id'] !== call.account) throw new Failure(403, 'AccessDenied');
    const block = a.s3?.accountPublicAccessBlock;
    if (block === undefined) throw new Failure(404, 'NoSuchPublicAccessBlockConfiguration');
    return xmlReply(
      `<PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">${toXml(block, 'member')}</PublicAccessBlockConfiguration>`,
    );
  },
};
