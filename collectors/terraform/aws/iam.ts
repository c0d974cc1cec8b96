import {
  byDefault,
  explicit,
  unknown,
  type Evidence,
  type Fact,
  type FlowKind,
} from '../../../src/model/index.js';
import { attributeName, isUnknownAt, list, str, valueAt } from '../attributes.js';
import type { MapFn, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { attachTargets, ROLE } from './common.js';
import {
  globMatcher,
  trustsOutside,
  isWildcard,
  literalPrefix,
  ownAccounts,
  readPolicy,
  type Statement,
  type StatementResource,
} from './policy.js';

/** Which flow an action on a service gives, and which resource types the service's ARNs name. */
export interface Service {
  readonly types: readonly string[];
  /** The part of the ARN after the account that names the resource, and the attribute it matches. */
  readonly name?: { readonly re: RegExp; readonly attr: string };
  readonly kinds: (verb: string) => FlowKind[];
  /** The resource types an action applies to, when narrower than `types`. */
  readonly typesFor?: (verb: string) => readonly string[] | undefined;
  /** The attribute holding the resource's ARN, when the provider does not call it `arn`. */
  readonly arnAttr?: string;
  /**
   * Patterns that name every resource of the types, for resources whose ARN holds an id generated on create and
   * so cannot be matched before apply.
   */
  readonly every?: RegExp;
}

const readWrite = (verb: string): FlowKind[] => {
  if (verb === '*') return ['read', 'write'];
  if (/^(get|list|describe|query|scan|batchget|select|head)/i.test(verb)) return ['read'];
  if (/^(put|delete|update|create|batchwrite|restore|copy|upload|abort|replicate|transact)/i.test(verb))
    return ['write'];
  return verb.startsWith('*') ? ['read', 'write'] : [];
};

/** Whether an action's verb (a pattern: `*`, `Update*`) covers one of `actions` (lower case). */
const verbCovers = (verb: string, actions: readonly string[]): boolean => {
  const match = globMatcher(verb.toLowerCase());
  return actions.some(match);
};

/**
 * Bedrock guardrails: changing or deleting one is a write to it. A guardrail's ARN ends in an id generated on
 * create, so `*` or a wildcard for the id names every guardrail of the plan.
 */
const BEDROCK_GUARDRAILS: Service = {
  types: ['aws_bedrock_guardrail'],
  arnAttr: 'guardrail_arn',
  name: { re: /:guardrail\/([^/*?]+)$/, attr: 'guardrail_id' },
  every: /^\*$|^arn:aws[\w-]*:bedrock:[^:]*:[^:]*:(?:guardrail\/)?\*$/,
  kinds: (v) => (verbCovers(v, ['updateguardrail', 'deleteguardrail']) ? ['write'] : []),
};

const SERVICES: Readonly<Record<string, Service | readonly Service[]>> = {
  s3: {
    types: ['aws_s3_bucket'],
    name: { re: /^arn:aws[\w-]*:s3:::([^/]+)/, attr: 'bucket' },
    kinds: readWrite,
  },
  dynamodb: {
    types: ['aws_dynamodb_table'],
    name: { re: /:table\/([^/]+)/, attr: 'name' },
    kinds: readWrite,
  },
  logs: {
    types: ['aws_cloudwatch_log_group'],
    name: { re: /:log-group:(.+?)(?::log-stream:.*|:\*)?$/, attr: 'name' },
    kinds: (v) => (v === '*' || /^(put|create)/i.test(v) ? ['write'] : readWrite(v)),
  },
  kms: {
    types: ['aws_kms_key'],
    kinds: (v) =>
      v === '*' || /^(decrypt|encrypt|generatedatakey|reencrypt)/i.test(v) ? ['encrypt-with'] : [],
  },
  lambda: {
    types: ['aws_lambda_function'],
    name: { re: /:function:([^:]+)/, attr: 'function_name' },
    kinds: (v) => (v === '*' || /^invoke/i.test(v) ? ['invoke'] : []),
  },
  sagemaker: {
    types: [
      'aws_sagemaker_endpoint',
      'aws_sagemaker_model',
      'aws_sagemaker_model_package_group',
      'aws_sagemaker_feature_group',
    ],
    name: { re: /:(?:endpoint|model|model-package-group|feature-group)\/([^/]+)/, attr: 'name' },
    kinds: (v) => {
      if (v === '*') return ['invoke', 'read', 'write', 'deploy'];
      if (/^invoke/i.test(v)) return ['invoke'];
      if (/^(createmodel$|createendpoint|updateendpoint)/i.test(v)) return ['deploy'];
      if (/^(putrecord|createmodelpackage)/i.test(v)) return ['write'];
      if (/^(getrecord|batchgetrecord|describemodelpackage)/i.test(v)) return ['read'];
      return [];
    },
    typesFor: (v) => {
      if (/^invoke|^(createendpoint|updateendpoint)/i.test(v)) return ['aws_sagemaker_endpoint'];
      if (/^createmodel$/i.test(v)) return ['aws_sagemaker_model'];
      if (/record$/i.test(v)) return ['aws_sagemaker_feature_group'];
      if (/modelpackage/i.test(v)) return ['aws_sagemaker_model_package_group'];
      return undefined;
    },
  },
  bedrock: [
    {
      types: ['aws_bedrockagent_agent', 'aws_bedrockagent_knowledge_base', 'aws_bedrock_custom_model'],
      kinds: (v) => (v === '*' || /^(invoke|retrieve)/i.test(v) ? ['invoke'] : []),
    },
    BEDROCK_GUARDRAILS,
  ],
};

export const ADMIN_POLICY = /^arn:aws[\w-]*:iam::aws:policy\/(AdministratorAccess|.*FullAccess)$/;
/** AWS managed policies of the AI services that allow invoking every Bedrock model or SageMaker endpoint. */
export const ANY_MODEL_POLICY =
  /^arn:aws[\w-]*:iam::aws:policy\/(AmazonBedrockFullAccess|AmazonSageMakerFullAccess)$/;

/** Every action, or every IAM action (which can grant itself every other), on every resource. */
export function grantsAdmin(actions: readonly string[], s: Pick<Statement<unknown>, 'resources'>): boolean {
  return (
    actions.some((a) => a === '*' || a === '*:*' || a.toLowerCase() === 'iam:*') &&
    s.resources.some((x) => x.kind === 'arn' && x.arn === '*')
  );
}

/** Actions that call a model, per service (lower case): Converse and ConverseStream are authorized as these. */
const MODEL_INVOKE: Readonly<Record<string, readonly string[]>> = {
  bedrock: ['invokemodel', 'invokemodelwithresponsestream'],
  sagemaker: ['invokeendpoint', 'invokeendpointasync'],
};

/**
 * aws_iam_role: an identity; externalTrust from the trust policy, adminPrivileges and wildcardModelAccess from its
 * policies.
 */
export const mapRole: MapFn = (r, ctx) => {
  const id = ctx.asset(r, {
    kind: 'identity',
    facts: {
      adminPrivileges: byDefault(false, 'inline_policy'),
      externalTrust: externalTrust(ctx, r),
      wildcardModelAccess: byDefault(false, 'inline_policy'),
    },
  });
  list(r, 'inline_policy').forEach((_, i) => {
    grant(ctx, id, r, `inline_policy.${i}.policy`);
  });
  for (const arn of list(r, 'managed_policy_arns')) {
    if (typeof arn === 'string' && ADMIN_POLICY.test(arn)) {
      ctx.patch(id, { adminPrivileges: explicit(true, 'managed_policy_arns') }, 'or');
    }
    if (typeof arn === 'string' && ANY_MODEL_POLICY.test(arn)) {
      ctx.patch(id, { wildcardModelAccess: explicit(true, 'managed_policy_arns') }, 'or');
    }
  }
};

function externalTrust(
  ctx: MapperContext,
  r: TfResource,
): ReturnType<typeof explicit<boolean>> | ReturnType<typeof unknown> {
  const read = readPolicy(ctx, r, 'assume_role_policy');
  if (read.gaps.length > 0) return unknown('assume_role_policy', read.gaps.join('; '));
  const trusts = trustsOutside(read.statements, ownAccounts(ctx));
  if (trusts === undefined)
    return unknown(
      'assume_role_policy',
      'a trusted account cannot be compared with the account of this plan',
    );
  return explicit(trusts, 'assume_role_policy');
}

/** aws_iam_role_policy: inline policy of a role. */
export const mapRolePolicy: MapFn = (r, ctx) => {
  for (const role of attachTargets(ctx, r, 'role', ROLE, ['adminPrivileges'], ['id', 'name'])) {
    grant(ctx, role.resource.address, r, 'policy');
  }
};

/** aws_iam_role_policy_attachment: a managed or customer policy attached to a role. */
export const mapPolicyAttachment: MapFn = (r, ctx) => {
  const roles = attachTargets(
    ctx,
    r,
    'role',
    ROLE,
    ['adminPrivileges', 'wildcardModelAccess'],
    ['id', 'name'],
  );
  if (roles.length === 0) return;
  const arn = str(r, 'policy_arn');
  const policies = ctx.linked(r, 'policy_arn', ['aws_iam_policy'], ['arn']);
  for (const role of roles) {
    if (arn !== undefined && ADMIN_POLICY.test(arn)) {
      ctx.patch(role.resource.address, { adminPrivileges: explicit(true, 'policy_arn') }, 'or');
    }
    if (arn !== undefined && ANY_MODEL_POLICY.test(arn)) {
      ctx.patch(role.resource.address, { wildcardModelAccess: explicit(true, 'policy_arn') }, 'or');
    }
    for (const p of policies) grant(ctx, role.resource.address, p.resource, 'policy');
    if (policies.length === 0 && isUnknownAt(r, 'policy_arn')) {
      const why = unknown('policy_arn', 'attached policy known only after apply');
      ctx.patch(role.resource.address, { adminPrivileges: why, wildcardModelAccess: why }, 'or');
    }
  }
};

/**
 * Turns the statements of a policy held by identity `identityId` into flows and the adminPrivileges and
 * wildcardModelAccess facts.
 */
export function grant(ctx: MapperContext, identityId: string, r: TfResource, path: string): void {
  const read = readPolicy(ctx, r, path);
  if (read.gaps.length > 0) {
    const why = unknown(attributeName(path), read.gaps.join('; '));
    ctx.patch(identityId, { adminPrivileges: why, wildcardModelAccess: why }, 'or');
    ctx.note(
      'unknown-value',
      `policy of ${identityId} is known only after apply; its grants are not modelled`,
      r.address,
    );
  }
  const anyModel = anyModelAccess(read.statements);
  if (anyModel !== undefined) ctx.patch(identityId, { wildcardModelAccess: anyModel }, 'or');
  for (const s of read.statements) {
    if (s.effect !== 'Allow' || s.notActions) continue;
    if (s.actions === undefined) {
      ctx.patch(
        identityId,
        { adminPrivileges: unknown(attributeName(s.path), 'actions known only after apply') },
        'or',
      );
      continue;
    }
    if (grantsAdmin(s.actions, s)) {
      ctx.patch(identityId, { adminPrivileges: explicit(true, attributeName(s.path)) }, 'or');
    }
    grantFlows(ctx, identityId, s);
  }
}

/**
 * The AI service whose model invocation an action (`bedrock:Invoke*`, `sagemaker:*`) covers. `*` on every
 * service is an administrator grant (adminPrivileges), not a grant of the AI service.
 */
function modelInvokeService(action: string): string | undefined {
  const [service, verb] = action.toLowerCase().split(':', 2);
  const actions = service === undefined ? undefined : MODEL_INVOKE[service];
  return actions !== undefined && verb !== undefined && verbCovers(verb, actions) ? service : undefined;
}

/**
 * Whether a Resource pattern names more than one model of `service`: `*`, or a wildcard in the service or the
 * resource id of the ARN (`foundation-model/*`, `endpoint/prod-*`). A wildcard for region or account alone
 * still names one model.
 */
function namesEveryModel(pattern: string, service: string): boolean {
  if (!isWildcard(pattern)) return false;
  const parts = pattern.split(':');
  if (parts.length < 6) return true;
  const arnService = parts[2] ?? '';
  if (!isWildcard(arnService) && arnService.toLowerCase() !== service) return false;
  return isWildcard(arnService) || isWildcard(parts.slice(5).join(':'));
}

/**
 * wildcardModelAccess from one policy: true when an Allow statement lets the identity invoke models on a
 * pattern naming them all; unknown when such a statement has a condition or the policy has a Deny on model
 * invocation (either may narrow it), or when an invoking statement's actions or resources are known only after
 * apply; undefined when no statement invokes models on every model.
 */
export function anyModelAccess(statements: readonly Statement<unknown>[]): Fact<boolean> | undefined {
  let found: Fact<boolean> | undefined;
  let open: Fact<boolean> | undefined;
  let denied = false;
  for (const s of statements) {
    if (s.notActions) continue;
    const at = attributeName(s.path);
    if (s.actions === undefined) {
      if (s.effect === 'Allow') open ??= unknown(at, 'actions known only after apply');
      continue;
    }
    const services = s.actions.flatMap((a) => modelInvokeService(a) ?? []);
    if (services.length === 0) continue;
    if (s.effect === 'Deny') {
      denied = true;
      continue;
    }
    const every = s.resources.some(
      (res) => res.kind === 'arn' && services.some((svc) => namesEveryModel(res.arn, svc)),
    );
    if (every && s.conditionKeys.length > 0)
      open ??= unknown(at, `a condition (${s.conditionKeys.join(', ')}) may narrow the models`);
    else if (every) found ??= explicit(true, at);
    else if (s.resourcesUnknown) open ??= unknown(at, 'resources known only after apply');
  }
  if (found !== undefined && denied)
    return unknown(found.attribute, 'a Deny statement of the policy may narrow the models');
  return found ?? open;
}

function grantFlows(ctx: MapperContext, identityId: string, s: Statement): void {
  const path = s.path.split('#')[0] ?? s.path;
  // The statement's evidence is the same for each of its grants but for the note: read the attribute once.
  let base: Evidence | undefined;
  for (const action of s.actions ?? []) {
    const [service, verb] = action === '*' ? ['*', '*'] : action.split(':', 2);
    for (const grant of grantsFor(service ?? '', verb ?? '')) {
      for (const target of s.resources.flatMap((res) => targetsOf(ctx, grant, res, s.source))) {
        base ??= ctx.evidence(s.source, path);
        const evidence: Evidence = { ...base, note: `${action} on ${target}` };
        for (const kind of grant.kinds) ctx.flow(identityId, target, kind, evidence);
      }
    }
  }
}

/** What an action (`service`, `verb`) grants on one service: the flow kinds and the resource types it names. */
export interface Grant {
  readonly svc: Service;
  readonly kinds: readonly FlowKind[];
  /** Sorted. */
  readonly types: readonly string[];
  readonly typesKey: string;
}

const grantCache = new Map<string, readonly Grant[]>();

/** The grants of an action, per service it names (every service for `*`); computed once per distinct action. */
export function grantsFor(service: string, verb: string): readonly Grant[] {
  const key = `${service}:${verb}`;
  const cached = grantCache.get(key);
  if (cached === undefined) {
    const grants: Grant[] = [];
    for (const name of service === '*' ? Object.keys(SERVICES) : [service]) {
      const entry = Object.hasOwn(SERVICES, name) ? SERVICES[name] : undefined;
      for (const svc of entry === undefined ? [] : ([] as Service[]).concat(entry)) {
        const kinds = svc.kinds(verb);
        if (kinds.length === 0) continue;
        const types = [...(svc.typesFor?.(verb) ?? svc.types)].sort();
        grants.push({ svc, kinds, types, typesKey: types.join(',') });
      }
    }
    // Actions come from the plan: bound the cache so that a plan of random action names cannot grow it forever.
    if (grantCache.size < 10_000) grantCache.set(key, grants);
    return grants;
  }
  return cached;
}

/**
 * The assets a statement resource names for a service: the linked resource, the resources an exact ARN or name
 * matches, or, for a wildcard matching several resources, one resource set standing for them all (so that a
 * role with `s3:*` on `*` is one flow, not one per bucket of the account).
 */
function targetsOf(
  ctx: MapperContext,
  grant: Grant,
  res: StatementResource,
  source: TfResource,
): readonly string[] {
  const { types, typesKey } = grant;
  if (res.kind === 'link') return types.includes(res.target.type) ? [res.target.address] : [];
  const pattern = res.arn;
  // Every role of a plan may hold the same pattern (`*`): match it once. Keyed by types, then pattern, so that a
  // look-up builds no key string.
  const byTypes = ctx.memo('aws/iam:targets', () => new Map<string, Map<string, readonly string[]>>());
  let byPattern = byTypes.get(typesKey);
  if (byPattern === undefined) byTypes.set(typesKey, (byPattern = new Map<string, readonly string[]>()));
  const known = byPattern.get(pattern);
  if (known !== undefined) return known;
  const found = matchPattern(ctx, grant, pattern, source);
  byPattern.set(pattern, found);
  return found;
}

/** The targets of one pattern: the resources it names, or the set standing for those a wildcard names. */
function matchPattern(
  ctx: MapperContext,
  grant: Grant,
  pattern: string,
  source: TfResource,
): readonly string[] {
  const { svc, types, typesKey } = grant;
  const matched = new Set<string>();
  const wanted = svc.name?.re.exec(pattern)?.[1];
  const every = svc.every?.test(pattern) === true;
  for (const type of types) {
    for (const address of arnIndex(ctx, type, svc.arnAttr ?? 'arn').matching(pattern)) matched.add(address);
    if (every) for (const t of ctx.resources(type)) if (t.action !== 'delete') matched.add(t.address);
    if (svc.name !== undefined && wanted !== undefined) {
      for (const address of nameIndex(ctx, type, svc.name.attr).matching(wanted)) matched.add(address);
    }
  }
  if (!isWildcard(pattern)) return [...matched];
  return ctx.resourceSet({
    provider: 'aws',
    key: `aws:${typesKey}:${pattern}`,
    name: `${types.join(', ')} matching ${pattern}`,
    nativeType: 'aws_iam_resource_pattern',
    members: [...matched],
    source,
  });
}

/** Addresses of the resources of a type, sorted by a string key, for exact and prefix look-ups. */
interface SortedIndex {
  matching(pattern: string): string[];
}

function arnIndex(ctx: MapperContext, type: string, attr: string): SortedIndex {
  return ctx.memo(`aws/iam:arn:${type}:${attr}`, () => sortedIndex(ctx.resources(type), (t) => str(t, attr)));
}

function nameIndex(ctx: MapperContext, type: string, attr: string): SortedIndex {
  return ctx.memo(`aws/iam:name:${type}:${attr}`, () =>
    sortedIndex(ctx.resources(type), (t) => {
      const v = valueAt(t, attr);
      return typeof v === 'string' ? v : undefined;
    }),
  );
}

/** Binary search over keys sorted once: a pattern costs its literal prefix's range, not every resource. */
function sortedIndex(
  resources: readonly TfResource[],
  keyOf: (t: TfResource) => string | undefined,
): SortedIndex {
  const entries = resources
    .flatMap((t) => {
      const key = keyOf(t);
      return key === undefined ? [] : [{ key, address: t.address }];
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const firstAtLeast = (prefix: string): number => {
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((entries[mid] as { key: string }).key < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    matching(pattern) {
      const prefix = literalPrefix(pattern);
      // Compiled only when some key shares the literal prefix: most patterns name one resource's objects.
      let match: ((value: string) => boolean) | undefined;
      const out: string[] = [];
      for (let i = firstAtLeast(prefix); i < entries.length; i++) {
        const e = entries[i] as { key: string; address: string };
        if (!e.key.startsWith(prefix)) break;
        match ??= globMatcher(pattern);
        if (match(e.key)) out.push(e.address);
      }
      return out;
    },
  };
}

/** aws_iam_policy and policy documents are read by the resources that attach or reference them. */
export const consumed: MapFn = () => undefined;
