import { byDefault, explicit, unknown, type Fact, type Facts } from '../../../src/model/index.js';
import {
  attributeName,
  boolFact,
  enumFact,
  isUnknownAt,
  list,
  presenceFact,
  str,
  valueAt,
} from '../attributes.js';
import type { MapFn, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { attachTargets, BUCKET, computedOnly, encryptWith, KMS_KEY, setOrLinked } from './common.js';
import { isForeignPrincipal, ownAccounts, readPolicy, type Statement } from './policy.js';

/**
 * S3 buckets and the resources that configure them. Since provider v4 the inline blocks of aws_s3_bucket
 * (`versioning`, `logging` ...) are computed: a new bucket shows them as known only after apply, and their
 * value is whatever the separate aws_s3_bucket_* resources set. An unknown inline block therefore falls back to
 * the AWS default, which the separate resources then replace; a known inline block (v3 plans) is read.
 * `object_lock_enabled` is optional and computed in the same way (off unless set when the bucket is created).
 */

const BUCKET_FACTS = ['bucket', 'id', 'arn'] as const;

export const mapBucket: MapFn = (r, ctx) => {
  ctx.asset(r, {
    kind: 'object-store',
    facts: {
      anonymousRead: byDefault(false, 'policy'),
      anonymousWrite: byDefault(false, 'policy'),
      crossAccountAccess: byDefault(false, 'policy'),
      crossAccountWrite: byDefault(false, 'policy'),
      publicAccessBlocked: byDefault(false, 'aws_s3_bucket_public_access_block'),
      // Since January 2023 S3 encrypts every new object with SSE-S3 by default.
      encryptedAtRest: byDefault(true, 'server_side_encryption_configuration'),
      customerManagedKey: legacy(
        r,
        'server_side_encryption_configuration.0.rule.0.apply_server_side_encryption_by_default.0.kms_master_key_id',
        (p) => presenceFact(r, p),
      ),
      versioning: legacy(r, 'versioning.0.enabled', (p) => boolFact(r, p, false)),
      immutability: legacy(r, 'object_lock_enabled', (p) => boolFact(r, p, false)),
      deletionLifecycle: legacy(r, 'lifecycle_rule.0.enabled', (p) => boolFact(r, p, false)),
      accessLogging: legacy(r, 'logging.0.target_bucket', (p) => presenceFact(r, p)),
    },
  });
  if (hasKnown(r, 'policy')) applyPolicy(ctx, r.address, r, 'policy');
  if (hasKnown(r, 'acl')) ctx.patch(r.address, aclFacts(r, 'acl'));
};

/** The fact from a legacy inline block when it is known and set; the AWS default otherwise (see above). */
function legacy(r: TfResource, path: string, read: (path: string) => Fact<boolean>): Fact<boolean> {
  const root = path.split('.')[0] ?? path;
  const value = valueAt(r, root);
  if (computedOnly(r, root) || value === undefined || (Array.isArray(value) && value.length === 0)) {
    return byDefault(false, attributeName(path));
  }
  return read(path);
}

function hasKnown(r: TfResource, path: string): boolean {
  return !isUnknownAt(r, path) && typeof valueAt(r, path) === 'string' && str(r, path) !== '';
}

function aclFacts(r: TfResource, path: string): Facts {
  return {
    anonymousRead: enumFact(r, path, ['public-read', 'public-read-write'], 'private'),
    anonymousWrite: enumFact(r, path, ['public-read-write'], 'private'),
  };
}

/** Anonymous and cross-account grants of a bucket policy. */
function applyPolicy(ctx: MapperContext, bucketId: string, r: TfResource, path: string): void {
  const read = readPolicy(ctx, r, path);
  const attribute = attributeName(path);
  if (read.gaps.length > 0) {
    const reason = read.gaps.join('; ');
    ctx.patch(bucketId, {
      anonymousRead: unknown(attribute, reason),
      anonymousWrite: unknown(attribute, reason),
      crossAccountAccess: unknown(attribute, reason),
      crossAccountWrite: unknown(attribute, reason),
    });
    return;
  }
  const own = ownAccounts(ctx);
  const allows = read.statements.filter((s) => s.effect === 'Allow' && !s.notActions);
  const anonymous = allows.filter(
    (s) => s.principals?.some((p) => p.type === '*') === true && !restricted(s),
  );
  const facts: Facts = {
    anonymousRead: explicit(
      anonymous.some((s) => grantsS3(s, 'read')),
      attribute,
    ),
    anonymousWrite: explicit(
      anonymous.some((s) => grantsS3(s, 'write')),
      attribute,
    ),
    crossAccountAccess: crossAccount(allows, own, attribute),
    crossAccountWrite: crossAccount(
      allows.filter((s) => grantsS3(s, 'write')),
      own,
      attribute,
    ),
  };
  ctx.patch(bucketId, facts, 'or');
  for (const s of allows) {
    for (const p of s.principals ?? []) {
      const roles = [...p.targets, ...ctx.byValue(['aws_iam_role'], p.id, ['arn'])];
      for (const role of roles) {
        for (const kind of ['read', 'write'] as const) {
          if (grantsS3(s, kind))
            ctx.flow(role.address, bucketId, kind, ctx.evidence(r, path, `bucket policy grants ${kind}`));
        }
      }
    }
  }
}

/** Conditions that narrow an anonymous grant to known callers. */
export function restricted(s: Pick<Statement<unknown>, 'conditionKeys'>): boolean {
  return s.conditionKeys.some((k) =>
    /^aws:(SourceVpce|SourceVpc|SourceIp|PrincipalOrgID|PrincipalAccount|PrincipalArn|SourceArn|SourceAccount)$/i.test(
      k,
    ),
  );
}

export function grantsS3(s: Pick<Statement<unknown>, 'actions'>, kind: 'read' | 'write'): boolean {
  const re =
    kind === 'read' ? /^s3:(\*|get|list|\*object)/i : /^s3:(\*|put|delete|\*object|abort|restore|replicate)/i;
  return (s.actions ?? []).some((a) => a === '*' || re.test(a));
}

export function crossAccount(
  allows: readonly Statement<unknown>[],
  own: ReadonlySet<string>,
  attribute: string,
): Fact<boolean> {
  let undecided = false;
  for (const s of allows) {
    for (const p of s.principals ?? []) {
      if (p.type === '*') continue;
      const foreign = isForeignPrincipal(p, own);
      if (foreign === true) return explicit(true, attribute);
      if (foreign === undefined) undecided = true;
    }
  }
  return undecided
    ? unknown(attribute, 'a principal account cannot be compared with the account of this plan')
    : explicit(false, attribute);
}

/** Runs `apply` on every bucket the attaching resource's `bucket` attribute names (unknown facts otherwise). */
function onBucket(
  ctx: MapperContext,
  r: TfResource,
  facts: (keyof Facts)[],
  apply: (bucketId: string) => void,
): void {
  for (const b of attachTargets(ctx, r, 'bucket', BUCKET, facts, BUCKET_FACTS)) apply(b.resource.address);
}

export const mapBucketPolicy: MapFn = (r, ctx) => {
  onBucket(ctx, r, ['anonymousRead', 'anonymousWrite', 'crossAccountAccess', 'crossAccountWrite'], (id) => {
    applyPolicy(ctx, id, r, 'policy');
  });
};

export const mapPublicAccessBlock: MapFn = (r, ctx) => {
  const parts = [
    'block_public_acls',
    'block_public_policy',
    'ignore_public_acls',
    'restrict_public_buckets',
  ].map((p) => boolFact(r, p, false));
  const all: Fact<boolean> = parts.some((f) => f.state === 'unknown')
    ? unknown('block_public_acls', 'known only after apply')
    : explicit(
        parts.every((f) => f.state !== 'unknown' && f.value),
        'block_public_acls,block_public_policy,ignore_public_acls,restrict_public_buckets',
      );
  onBucket(ctx, r, ['publicAccessBlocked'], (id) => {
    ctx.patch(id, { publicAccessBlocked: all });
  });
};

export const mapBucketEncryption: MapFn = (r, ctx) => {
  const base = 'rule.0.apply_server_side_encryption_by_default.0';
  const kmsAlgorithm = enumFact(r, `${base}.sse_algorithm`, ['aws:kms', 'aws:kms:dsse'], 'AES256');
  // aws:kms without kms_master_key_id uses the AWS managed key aws/s3, which is not customer-managed.
  const keyed = setOrLinked(ctx, r, `${base}.kms_master_key_id`, KMS_KEY);
  const cmk: Fact<boolean> =
    kmsAlgorithm.state === 'unknown'
      ? kmsAlgorithm
      : kmsAlgorithm.value
        ? keyed
        : explicit(false, kmsAlgorithm.attribute);
  onBucket(ctx, r, ['customerManagedKey'], (id) => {
    ctx.patch(id, {
      encryptedAtRest: explicit(true, attributeName(`${base}.sse_algorithm`)),
      customerManagedKey: cmk,
    });
    encryptWith(ctx, r, `${base}.kms_master_key_id`, id);
  });
};

export const mapBucketVersioning: MapFn = (r, ctx) => {
  const versioning = enumFact(r, 'versioning_configuration.0.status', ['Enabled'], 'Disabled');
  onBucket(ctx, r, ['versioning'], (id) => {
    ctx.patch(id, { versioning });
  });
};

export const mapBucketLifecycle: MapFn = (r, ctx) => {
  const rules = list(r, 'rule');
  const expiring = rules.map((_, i) => `rule.${i}`);
  let fact: Fact<boolean> = explicit(false, 'rule');
  if (isUnknownAt(r, 'rule')) fact = unknown('rule', 'known only after apply');
  else {
    for (const at of expiring) {
      const enabled = enumFact(r, `${at}.status`, ['Enabled'], 'Enabled');
      const expires =
        list(r, `${at}.expiration`).length > 0 || list(r, `${at}.noncurrent_version_expiration`).length > 0;
      if (enabled.state === 'unknown') fact = enabled;
      else if (enabled.value && expires) {
        fact = explicit(true, attributeName(`${at}.expiration`));
        break;
      }
    }
  }
  onBucket(ctx, r, ['deletionLifecycle'], (id) => {
    ctx.patch(id, { deletionLifecycle: fact });
  });
};

export const mapBucketLogging: MapFn = (r, ctx) => {
  const logging = setOrLinked(ctx, r, 'target_bucket', BUCKET);
  onBucket(ctx, r, ['accessLogging'], (id) => {
    ctx.patch(id, { accessLogging: logging });
    for (const target of ctx.linked(r, 'target_bucket', BUCKET, BUCKET_FACTS)) {
      ctx.flow(id, target.resource.address, 'log-to', ctx.evidence(r, 'target_bucket', target.via));
    }
  });
};

export const mapBucketAcl: MapFn = (r, ctx) => {
  const grantees = list(r, 'access_control_policy.0.grant').map(
    (_, i) => `access_control_policy.0.grant.${i}.grantee.0.uri`,
  );
  const allUsers = grantees.some((p) => /AllUsers$/.test(str(r, p) ?? ''));
  onBucket(ctx, r, ['anonymousRead', 'anonymousWrite'], (id) => {
    ctx.patch(id, aclFacts(r, 'acl'), 'or');
    if (allUsers) ctx.patch(id, { anonymousRead: explicit(true, 'access_control_policy') }, 'or');
  });
};

export const mapObjectLock: MapFn = (r, ctx) => {
  const lock = presenceFact(r, 'rule.0.default_retention');
  onBucket(ctx, r, ['immutability'], (id) => {
    ctx.patch(id, { immutability: lock }, 'or');
  });
};
