import { byDefault, explicit, unknown, type Evidence, type Fact } from '../../../src/model/index.js';
import {
  bool,
  boolFact,
  enumFact,
  isUnknownAt,
  list,
  object,
  presenceFact,
  str,
  unknownReason,
} from '../attributes.js';
import type { MapFn, MapperContext } from '../context.js';
import { imagePinnedFact, type ImageRef } from '../image.js';
import type { TfResource } from '../types.js';
import {
  assumeRole,
  attachTargets,
  encryptWith,
  KMS_KEY,
  s3Targets,
  setOrLinked,
  unlessComputed,
} from './common.js';

const FUNCTION = ['aws_lambda_function'] as const;
const SECRET_NAME = /(secret|password|passwd|token|api_?key|access_?key|private_?key|credential)/i;

/** aws_lambda_function: invoked through the Lambda API (SigV4) unless a function URL or permission opens it. */
export const mapFunction: MapFn = (r, ctx) => {
  const image = functionImage(ctx, r);
  const id = ctx.asset(r, {
    kind: 'function',
    facts: {
      internetReachable: byDefault(false, 'aws_lambda_function_url'),
      requiresAuthentication: byDefault(true, 'aws_lambda_function_url.authorization_type'),
      authMethod: byDefault('IAM', 'aws_lambda_function_url.authorization_type'),
      privateNetwork: presenceFact(r, 'vpc_config.0.subnet_ids'),
      plaintextSecrets: plaintextSecrets(r),
      ...(image === undefined ? {} : { imagePinned: image }),
    },
  });
  assumeRole(ctx, r, 'role');
  encryptWith(ctx, r, 'kms_key_arn');
  for (const s of ctx.linked(r, 'vpc_config.0.subnet_ids', ['aws_subnet'])) {
    ctx.flow(id, s.resource.address, 'network', ctx.evidence(r, 'vpc_config.0.subnet_ids', s.via));
  }
  // Code deployed from S3 is whatever object holds the key when the function is next updated, unless
  // s3_object_version pins one version.
  if (str(r, 's3_object_version') === undefined && !isUnknownAt(r, 's3_object_version')) {
    for (const b of s3Targets(ctx, r, 's3_bucket'))
      ctx.flow(id, b.resource.address, 'load-code', ctx.evidence(r, 's3_bucket', b.via));
  }
};

const ECR_REPOSITORY = ['aws_ecr_repository'] as const;
const ECR_HOST = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/**
 * Whether a container-image function's image is pinned: by digest, or by a tag of an ECR repository of the plan
 * with image_tag_mutability = IMMUTABLE (also when image_uri is known only after apply but built from that
 * repository's URL). Absent for zip functions.
 */
function functionImage(ctx: MapperContext, r: TfResource): Fact<boolean> | undefined {
  if (str(r, 'package_type') !== 'Image' && str(r, 'image_uri') === undefined && !isUnknownAt(r, 'image_uri'))
    return undefined;
  const immutable = (repos: readonly TfResource[]): Fact<boolean> | undefined => {
    const [repo] = repos;
    if (repo === undefined) return undefined;
    const f = enumFact(repo, 'image_tag_mutability', ['IMMUTABLE'], 'MUTABLE');
    return f.state === 'unknown' ? f : { ...f, attribute: `${repo.address}.${f.attribute}` };
  };
  if (isUnknownAt(r, 'image_uri')) {
    const linked = immutable(ctx.linked(r, 'image_uri', ECR_REPOSITORY, []).map((l) => l.resource));
    if (linked !== undefined && linked.state !== 'unknown' && linked.value) return linked;
  }
  const byName = (image: ImageRef) =>
    ECR_HOST.test(image.registry)
      ? immutable(ctx.byValue(ECR_REPOSITORY, image.repository, ['name']))
      : undefined;
  return (
    imagePinnedFact(r, 'image_uri', byName) ?? unknown('image_uri', 'package_type Image without image_uri')
  );
}

/** Whether a variable whose name says it holds a secret has a literal value (not an ARN of a secret store). */
export function hasPlaintextSecret(vars: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(vars).some(
    ([k, v]) => SECRET_NAME.test(k) && typeof v === 'string' && v !== '' && !v.startsWith('arn:'),
  );
}

/** Environment variables whose names say they hold a secret, with a literal (non-sensitive) value. */
function plaintextSecrets(r: TfResource): Fact<boolean> {
  const path = 'environment.0.variables';
  if (isUnknownAt(r, path)) return unknown('environment[0].variables', 'known only after apply');
  return hasPlaintextSecret(object(r, path) ?? {})
    ? explicit(true, 'environment[0].variables')
    : byDefault(false, 'environment[0].variables');
}

export const mapFunctionUrl: MapFn = (r, ctx) => {
  const auth = enumFact(r, 'authorization_type', ['AWS_IAM'], undefined);
  for (const f of attachTargets(
    ctx,
    r,
    'function_name',
    FUNCTION,
    ['internetReachable', 'requiresAuthentication'],
    ['function_name', 'arn', 'id'],
  )) {
    ctx.patch(f.resource.address, {
      internetReachable: explicit(true, 'aws_lambda_function_url'),
      requiresAuthentication: auth,
      ...(str(r, 'authorization_type') === undefined
        ? {}
        : {
            authMethod: explicit(
              str(r, 'authorization_type') === 'AWS_IAM' ? 'IAM' : 'NONE',
              'authorization_type',
            ),
          }),
    });
  }
};

/** aws_lambda_permission with principal "*" and no source restriction lets anyone invoke the function. */
export const mapLambdaPermission: MapFn = (r, ctx) => {
  if (
    str(r, 'principal') !== '*' ||
    str(r, 'source_arn') !== undefined ||
    str(r, 'source_account') !== undefined
  )
    return;
  for (const f of attachTargets(
    ctx,
    r,
    'function_name',
    FUNCTION,
    ['requiresAuthentication'],
    ['function_name', 'arn', 'id'],
  )) {
    ctx.patch(f.resource.address, {
      requiresAuthentication: explicit(false, 'aws_lambda_permission.principal'),
    });
  }
};

/** aws_instance: a self-hosted model or GPU host. */
export const mapInstance: MapFn = (r, ctx) => {
  const subnets = ctx.linked(r, 'subnet_id', ['aws_subnet']);
  const id = ctx.asset(r, {
    kind: 'compute-instance',
    facts: {
      internetReachable: publicIp(r, subnets[0]?.resource),
      // metadata_options and root_block_device are computed when not configured: provider/EBS defaults apply.
      metadataTokensRequired: unlessComputed(r, 'metadata_options.0.http_tokens', false, () =>
        enumFact(r, 'metadata_options.0.http_tokens', ['required'], 'optional'),
      ),
      customerManagedKey: unlessComputed(r, 'root_block_device.0.kms_key_id', false, () =>
        setOrLinked(ctx, r, 'root_block_device.0.kms_key_id', KMS_KEY),
      ),
      privateNetwork: explicit(true, 'subnet_id'),
    },
  });
  for (const s of subnets) ctx.flow(id, s.resource.address, 'network', ctx.evidence(r, 'subnet_id', s.via));
  for (const p of ctx.linked(
    r,
    'iam_instance_profile',
    ['aws_iam_instance_profile'],
    ['name', 'id', 'arn'],
  )) {
    assumeRole(ctx, p.resource, 'role', id);
  }
  encryptWith(ctx, r, 'root_block_device.0.kms_key_id', id);
};

/**
 * A public IP from the attribute; when it is left to the subnet, the subnet's map_public_ip_on_launch. In a plan
 * the attribute is computed (unknown) when not configured; from source it is absent, and an unknown value is one
 * the configuration wrote (a variable without a value), which the subnet does not decide.
 */
function publicIp(r: TfResource, subnet: TfResource | undefined): Fact<boolean> {
  const path = 'associate_public_ip_address';
  const set = bool(r, path);
  if (set !== undefined) return explicit(set, path);
  if (isUnknownAt(r, path)) {
    if (r.reasons !== undefined && Object.hasOwn(r.reasons, path))
      return unknown(path, unknownReason(r, path));
  } else if (Object.hasOwn(r.values, path)) return presenceFact(r, 'public_ip');
  if (subnet === undefined)
    return unknown('associate_public_ip_address', 'known only after apply; the subnet is not in the plan');
  const fromSubnet = boolFact(subnet, 'map_public_ip_on_launch', false);
  return fromSubnet.state === 'unknown'
    ? fromSubnet
    : explicit(fromSubnet.value, `${subnet.address}.map_public_ip_on_launch`);
}

/** aws_lb / aws_alb: internet-facing unless `internal`. */
export const mapLoadBalancer: MapFn = (r, ctx) => {
  ctx.asset(r, {
    kind: 'load-balancer',
    facts: {
      internetReachable: boolFact(r, 'internal', false, true),
      requiresAuthentication: byDefault(false, 'aws_lb_listener.default_action'),
      throttling: byDefault(false, 'aws_wafv2_web_acl_association'),
      wafProtected: byDefault(false, 'aws_wafv2_web_acl_association'),
      invocationLogging:
        list(r, 'access_logs').length > 0
          ? boolFact(r, 'access_logs.0.enabled', false)
          : byDefault(false, 'access_logs'),
      encryptedInTransit: byDefault(false, 'aws_lb_listener.protocol'),
    },
  });
};

export const mapListener: MapFn = (r, ctx) => {
  const lbs = attachTargets(
    ctx,
    r,
    'load_balancer_arn',
    ['aws_lb', 'aws_alb'],
    ['requiresAuthentication', 'encryptedInTransit'],
    ['arn', 'id'],
  );
  const actions = list(r, 'default_action').map((_, i) => `default_action.${i}`);
  const auth = actions.find(
    (a) => list(r, `${a}.authenticate_cognito`).length > 0 || list(r, `${a}.authenticate_oidc`).length > 0,
  );
  const targets = forwardedTargets(ctx, r, actions);
  // A listener that only redirects (HTTP to HTTPS) or answers itself serves nothing behind the load balancer;
  // every other listener must encrypt and authenticate for the load balancer to.
  const serving =
    actions.length === 0 || actions.some((a) => !PASSIVE_ACTIONS.includes(str(r, `${a}.type`) ?? 'forward'));
  for (const lb of lbs) {
    const id = lb.resource.address;
    for (const t of targets) ctx.flow(id, t.to, 'invoke', t.evidence);
    if (!serving) continue;
    ctx.patch(id, { encryptedInTransit: enumFact(r, 'protocol', ['HTTPS', 'TLS'], 'HTTP') }, 'and');
    ctx.patch(
      id,
      {
        requiresAuthentication: auth === undefined ? explicit(false, 'default_action') : explicit(true, auth),
      },
      'and',
    );
    if (auth !== undefined) {
      for (const p of ctx.linked(
        r,
        `${auth}.authenticate_cognito.0.user_pool_arn`,
        ['aws_cognito_user_pool'],
        ['arn'],
      )) {
        ctx.flow(
          id,
          p.resource.address,
          'authenticate',
          ctx.evidence(r, `${auth}.authenticate_cognito.0.user_pool_arn`, p.via),
        );
      }
    }
  }
};

/** Listener actions that reach no target: `redirect` and `fixed-response`. */
const PASSIVE_ACTIONS: readonly string[] = ['redirect', 'fixed-response'];

const TARGET_GROUP = ['aws_lb_target_group', 'aws_alb_target_group'] as const;
const ATTACHMENTS = ['aws_lb_target_group_attachment', 'aws_alb_target_group_attachment'] as const;

/**
 * The instances and functions a listener forwards to: the targets registered (aws_lb_target_group_attachment)
 * in the target groups of its forward actions (target_group_arn, or forward.target_group).
 */
function forwardedTargets(
  ctx: MapperContext,
  r: TfResource,
  actions: readonly string[],
): { to: string; evidence: Evidence }[] {
  const paths = actions.flatMap((a) => [
    `${a}.target_group_arn`,
    ...list(r, `${a}.forward.0.target_group`).map((_, j) => `${a}.forward.0.target_group.${j}.arn`),
  ]);
  const groups = new Set(
    paths.flatMap((p) => ctx.linked(r, p, TARGET_GROUP, ['arn', 'id']).map((l) => l.resource.address)),
  );
  if (groups.size === 0) return [];
  const out: { to: string; evidence: Evidence }[] = [];
  for (const att of ATTACHMENTS.flatMap((t) => ctx.resources(t))) {
    const inGroup = ctx
      .linked(att, 'target_group_arn', TARGET_GROUP, ['arn', 'id'])
      .some((l) => groups.has(l.resource.address));
    if (!inGroup) continue;
    for (const t of ctx.linked(att, 'target_id', ['aws_instance', 'aws_lambda_function'], ['id', 'arn'])) {
      out.push({ to: t.resource.address, evidence: ctx.evidence(att, 'target_id', t.via) });
    }
  }
  return out;
}
