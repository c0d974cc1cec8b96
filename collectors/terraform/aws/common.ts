import { byDefault, explicit, type Fact, type FactName, type FactValue } from '../../../src/model/index.js';
import { attributeName, isSetUntilApply, isUnknownAt, presenceFact, str, valueAt } from '../attributes.js';
import type { Link, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';

/** Resource types whose assets stand for an S3 bucket. */
export const BUCKET = ['aws_s3_bucket'] as const;
export const ROLE = ['aws_iam_role'] as const;
export const KMS_KEY = ['aws_kms_key'] as const;
export const LOG_GROUP = ['aws_cloudwatch_log_group'] as const;

/** `s3://bucket/key`, `arn:aws:s3:::bucket/key` or a bare bucket name → bucket name and key prefix. */
export function parseS3Location(value: string): { bucket: string; key: string } | undefined {
  const m = /^(?:s3:\/\/|arn:aws[\w-]*:s3:::)([^/*]+)\/?(.*)$/.exec(value);
  if (m?.[1] !== undefined) return { bucket: m[1], key: m[2] ?? '' };
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) ? { bucket: value, key: '' } : undefined;
}

/** Buckets an S3 URI/ARN attribute points to: configuration references first, then the bucket name in the value. */
export function s3Targets(ctx: MapperContext, r: TfResource, path: string): Link[] {
  // A known URI names exactly one bucket; references may also name a whole module (`module.data`).
  const value = isUnknownAt(r, path) ? undefined : str(r, path);
  const loc = value === undefined ? undefined : parseS3Location(value);
  const byName = loc === undefined ? [] : ctx.byValue(BUCKET, loc.bucket, ['bucket', 'id']);
  if (byName.length > 0) return byName.map((t) => ({ resource: t, via: `bucket name ${loc?.bucket ?? ''}` }));
  return ctx.linked(r, path, BUCKET, ['bucket', 'id', 'arn']);
}

/** Buckets named by an S3 URI held in a parsed JSON document (pipeline definitions). */
export function bucketsNamed(ctx: MapperContext, uri: string): TfResource[] {
  const loc = parseS3Location(uri);
  return loc === undefined ? [] : ctx.byValue(BUCKET, loc.bucket, ['bucket', 'id']);
}

/** Flow `from → role` (`assume-identity`) for every role the attribute references. */
export function assumeRole(ctx: MapperContext, r: TfResource, path: string, from: string = r.address): void {
  for (const l of ctx.linked(r, path, ROLE, ['arn', 'name', 'id'])) {
    ctx.flow(from, l.resource.address, 'assume-identity', ctx.evidence(r, path, l.via));
  }
}

/** Flow `from → key` (`encrypt-with`) for the KMS key the attribute names. */
export function encryptWith(ctx: MapperContext, r: TfResource, path: string, from: string = r.address): void {
  for (const l of ctx.linked(r, path, KMS_KEY, ['arn', 'key_id', 'id'])) {
    ctx.flow(from, l.resource.address, 'encrypt-with', ctx.evidence(r, path, l.via));
  }
}

/**
 * The targets an attaching resource (versioning, WAF association ...) configures. When none can be linked and
 * the target could still be one of the plan's resources, the facts it sets become unknown on all candidates.
 */
export function attachTargets(
  ctx: MapperContext,
  r: TfResource,
  path: string,
  types: readonly string[],
  facts: readonly FactName[],
  matchOn: readonly string[] = ['id', 'arn', 'bucket', 'name'],
  assetTypes: readonly string[] = types,
): Link[] {
  const linked = ctx.linked(r, path, types, matchOn);
  if (linked.length > 0) return linked;
  const value = valueAt(r, path);
  const candidates = types.flatMap((t) => ctx.resources(t));
  const someUnknown = (): boolean =>
    ctx.memo(`aws/common:unknown-id:${types.join(',')}:${matchOn.join(',')}`, () =>
      candidates.some((c) => matchOn.some((a) => isUnknownAt(c, a))),
    );
  const couldBeInPlan = typeof value !== 'string' || isUnknownAt(r, path) || someUnknown();
  if (couldBeInPlan && candidates.length > 0) ctx.unresolved(r, path, assetTypes, facts);
  else ctx.note('unresolved-link', `${attributeName(path)} names a resource outside this plan`, r.address);
  return [];
}

/**
 * Whether an optional+computed attribute or block was left out of the configuration: the provider then reports
 * the whole value as known only after apply (a configured block shows its structure, with only the unknown
 * attributes marked). Such a value is what the provider or a separate resource sets, so the default applies.
 */
export function computedOnly(r: TfResource, attribute: string): boolean {
  const u = r.unknown;
  return u !== null && typeof u === 'object' && !Array.isArray(u) && u[attribute] === true;
}

/**
 * Whether an optional+computed attribute was left out of the configuration of a plan: the plan shows it as known only
 * after apply. From source an unset attribute is absent, and an unknown value is one the configuration wrote (a
 * variable without a value), recorded with its reason. A configured value in a plan is a literal or a variable,
 * known at plan time, for the attributes this is used on.
 */
export function computedInPlan(r: TfResource, attribute: string): boolean {
  return r.reasons === undefined && computedOnly(r, attribute);
}

/** `fact` unless the block is computed-only, in which case the provider default `dflt` applies. */
export function unlessComputed<T extends FactValue>(
  r: TfResource,
  path: string,
  dflt: T,
  fact: () => Fact<T>,
): Fact<T> {
  const root = path.split('.')[0] ?? path;
  return computedOnly(r, root) ? byDefault(dflt, attributeName(path)) : fact();
}

/**
 * A key/destination attribute is set: true when it has a value, or when it is known only after apply but
 * references a resource of `types` (an ARN that will exist); default false when absent.
 */
export function setOrLinked(
  ctx: MapperContext,
  r: TfResource,
  path: string,
  types: readonly string[],
): Fact<boolean> {
  if (isSetUntilApply(r, path) && ctx.linked(r, path, types).length > 0)
    return explicit(true, attributeName(path));
  return presenceFact(r, path);
}
