import { byDefault, explicit, unknown, type Fact, type Facts } from '../../../src/model/index.js';
import {
  AFTER_APPLY,
  attributeName,
  boolFact,
  enumFact,
  isUnknownAt,
  list,
  presenceFact,
  str,
} from '../attributes.js';
import type { MapFn, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { cmekFact, encryptsWith } from './common.js';
import { resourceIamMapper } from './iam.js';

export const BUCKET = ['google_storage_bucket'] as const;

/** Public access prevention values that block public grants, and the value a bucket has when none is set. */
export const PREVENTION_BLOCKS: readonly string[] = ['enforced'];
export const PREVENTION_DEFAULT = 'inherited';
/** The lifecycle action type that deletes objects. */
export const DELETE_ACTION = 'Delete';

/** A lifecycle rule whose action deletes objects. */
function deletionLifecycle(r: TfResource): Fact<boolean> {
  const path = 'lifecycle_rule';
  if (isUnknownAt(r, path)) return unknown(attributeName(path), AFTER_APPLY);
  const rules = list(r, path);
  const i = rules.findIndex((_, n) => str(r, `${path}.${n}.action.0.type`) === DELETE_ACTION);
  return i < 0
    ? byDefault(false, attributeName(path))
    : explicit(true, attributeName(`${path}.${i}.action.0.type`));
}

/** Immutability: a locked retention policy. */
function immutability(r: TfResource): Fact<boolean> {
  return list(r, 'retention_policy').length > 0 || isUnknownAt(r, 'retention_policy')
    ? boolFact(r, 'retention_policy.0.is_locked', false)
    : byDefault(false, 'retention_policy');
}

/** Facts of a bucket's own configuration (also used for log sinks that route into a bucket). */
export function bucketFacts(ctx: MapperContext, r: TfResource): Facts {
  return {
    anonymousRead: byDefault(false, 'iam'),
    anonymousWrite: byDefault(false, 'iam'),
    // `inherited` (the default) lets IAM make the bucket public unless an organization policy enforces prevention.
    publicAccessBlocked: enumFact(r, 'public_access_prevention', PREVENTION_BLOCKS, PREVENTION_DEFAULT),
    encryptedAtRest: byDefault(true, 'encryption'),
    customerManagedKey: cmekFact(ctx, r, 'encryption.0.default_kms_key_name'),
    versioning: boolFact(r, 'versioning.0.enabled', false),
    immutability: immutability(r),
    deletionLifecycle: deletionLifecycle(r),
    accessLogging: presenceFact(r, 'logging.0.log_bucket'),
  };
}

/** google_storage_bucket: an object store. Never internetReachable by itself; public access is anonymousRead/Write. */
export const mapBucket: MapFn = (r, ctx) => {
  ctx.asset(r, { kind: 'object-store', facts: bucketFacts(ctx, r) });
  encryptsWith(ctx, r, 'encryption.0.default_kms_key_name');
};

/** google_storage_bucket_iam_member / _binding / _policy. */
export const mapBucketIam: MapFn = resourceIamMapper({
  targetPath: 'bucket',
  targetTypes: BUCKET,
  matchOn: ['name', 'id'],
});

/** Buckets named by a `gs://bucket/prefix` URI in a string attribute (references first, then the bucket name). */
export function bucketOfUri(uri: string): string | undefined {
  const m = /^gs:\/\/([^/]+)/.exec(uri);
  return m?.[1];
}
