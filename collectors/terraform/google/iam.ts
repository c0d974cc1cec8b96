import { explicit, unknown, type FactName, type Facts, type FlowKind } from '../../../src/model/index.js';
import {
  AFTER_APPLY,
  attributeName,
  hasUnknownBelow,
  isUnknownAt,
  list,
  str,
  strings,
  valueAt,
} from '../attributes.js';
import type { Link, MapFn, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { SERVICE_ACCOUNT, SERVICE_ACCOUNT_MATCH, linkByName, memberEmail, sameProject } from './common.js';
import {
  ANONYMOUS_MEMBERS,
  anonymousFactsOf,
  canImpersonate,
  grantsInvoke,
  invokesAnonymously,
  invokesEveryModel,
  isAdminRole,
  permissionFlows,
  permissionsInvokeEveryModel,
  projectRoleTargets,
  roleFlows,
  roleFlowsOn,
} from './roles.js';

/** Resources whose attributes name Google-managed identities (never anonymous principals). */
const SERVICE_AGENTS = [
  'google_logging_project_sink',
  'google_project_service_identity',
  'google_storage_project_service_account',
  'google_bigquery_default_service_account',
];

/** One role granted to some members, as read from an IAM member, binding or policy resource. */
export interface Grant {
  /** The resource the grant was read from (a policy data source for google_iam_policy). */
  readonly source: TfResource;
  readonly role: string;
  readonly rolePath: string;
  readonly memberPath: string;
  /** Member strings known at plan time. */
  readonly members: readonly string[];
  /** Service accounts among the members, through references or their email. */
  readonly holders: readonly Link[];
  /** Some member is known only after apply and no reference names it. */
  readonly membersUnknown: boolean;
  /** The grant has an IAM condition. */
  readonly conditional: boolean;
  /** The permissions of the custom role granted (google_project_iam_custom_role), when it is in the plan. */
  readonly permissions?: readonly string[];
}

const CUSTOM_ROLE = ['google_project_iam_custom_role'] as const;

function holdersAt(ctx: MapperContext, r: TfResource, path: string, members: readonly string[]): Link[] {
  const out = new Map<string, Link>();
  for (const l of ctx.linked(r, path, SERVICE_ACCOUNT, SERVICE_ACCOUNT_MATCH)) out.set(l.resource.address, l);
  for (const m of members) {
    if (!m.startsWith('serviceAccount:')) continue;
    for (const t of ctx.byValue(SERVICE_ACCOUNT, memberEmail(m), ['email'])) {
      if (!out.has(t.address)) out.set(t.address, { resource: t, via: `member "${m}" matches ${t.address}` });
    }
  }
  return [...out.values()];
}

function grant(
  ctx: MapperContext,
  r: TfResource,
  role: string,
  rolePath: string,
  memberPath: string,
  members: string[],
): Grant {
  const holders = holdersAt(ctx, r, memberPath, members);
  return {
    source: r,
    role,
    rolePath,
    memberPath,
    members,
    holders,
    membersUnknown:
      hasUnknownBelow(r, memberPath) &&
      holders.length === 0 &&
      ctx.linked(r, memberPath, SERVICE_AGENTS).length === 0,
    conditional: list(r, 'condition').length > 0,
  };
}

interface PolicyBinding {
  role?: unknown;
  members?: unknown;
  condition?: unknown;
}

/** Grants of an `_iam_member`, `_iam_binding` or `_iam_policy` resource. */
export function grantsOf(ctx: MapperContext, r: TfResource, notes = true): Grant[] {
  if (valueAt(r, 'policy_data') !== undefined || isUnknownAt(r, 'policy_data'))
    return policyGrants(ctx, r, notes);
  const custom = ctx.linked(r, 'role', CUSTOM_ROLE, ['id', 'name'])[0]?.resource;
  // A custom role created in the same plan has a name known only after apply: the reference names it.
  const role = str(r, 'role') ?? custom?.address;
  if (role === undefined) {
    if (isUnknownAt(r, 'role'))
      ctx.note('unknown-value', 'role is known only after apply; the grant is not modelled', r.address);
    return [];
  }
  const permissions = custom === undefined ? {} : { permissions: strings(custom, 'permissions') };
  if (valueAt(r, 'members') !== undefined || isUnknownAt(r, 'members')) {
    return [{ ...grant(ctx, r, role, 'role', 'members', strings(r, 'members')), ...permissions }];
  }
  const member = str(r, 'member');
  return [{ ...grant(ctx, r, role, 'role', 'member', member === undefined ? [] : [member]), ...permissions }];
}

function policyGrants(ctx: MapperContext, r: TfResource, notes: boolean): Grant[] {
  const data = str(r, 'policy_data');
  if (data !== undefined && !isUnknownAt(r, 'policy_data')) {
    let bindings: PolicyBinding[] = [];
    try {
      const parsed = JSON.parse(data) as { bindings?: unknown };
      bindings = Array.isArray(parsed.bindings) ? (parsed.bindings as PolicyBinding[]) : [];
    } catch {
      if (notes)
        ctx.note('unknown-value', 'policy_data is not valid JSON; the policy is not modelled', r.address);
    }
    return bindings
      .filter((b): b is PolicyBinding & { role: string } => typeof b.role === 'string')
      .map((b) => {
        const members = Array.isArray(b.members)
          ? b.members.filter((m): m is string => typeof m === 'string')
          : [];
        return {
          ...grant(ctx, r, b.role, 'policy_data', 'policy_data', members),
          conditional: b.condition !== undefined,
        };
      });
  }
  // Unknown policy_data: read the google_iam_policy data source it is built from.
  const out: Grant[] = [];
  for (const link of ctx.linked(r, 'policy_data', ['google_iam_policy'])) {
    const d = link.resource;
    list(d, 'binding').forEach((_, i) => {
      const role = str(d, `binding.${i}.role`);
      if (role !== undefined)
        out.push(
          grant(
            ctx,
            d,
            role,
            `binding.${i}.role`,
            `binding.${i}.members`,
            strings(d, `binding.${i}.members`),
          ),
        );
    });
  }
  if (out.length === 0)
    ctx.note('unknown-value', 'policy_data is known only after apply; the policy is not modelled', r.address);
  return out;
}

export interface ResourceIamSpec {
  /** Attribute of the IAM resource naming its target (`bucket`, `endpoint`, `name` ...). */
  readonly targetPath: string;
  readonly targetTypes: readonly string[];
  readonly matchOn?: readonly string[];
}

/** Facts a grant to anonymous principals sets on its target. */
function anonymousFacts(g: Grant, value: boolean | 'unknown'): Facts {
  const attribute = attributeName(g.memberPath);
  const fact = value === 'unknown' ? unknown(attribute, AFTER_APPLY) : explicit(value, attribute);
  const { read, write } = anonymousFactsOf(g.role);
  return { ...(read ? { anonymousRead: fact } : {}), ...(write ? { anonymousWrite: fact } : {}) };
}

function anonymousFactNames(g: Grant): FactName[] {
  const names: FactName[] = [];
  const { read, write } = anonymousFactsOf(g.role);
  if (read) names.push('anonymousRead');
  if (write) names.push('anonymousWrite');
  if (grantsInvoke(g.role)) names.push('requiresAuthentication');
  return names;
}

/** Applies the grants of one IAM resource to its target: flows from service accounts, anonymous facts. */
export function applyGrants(ctx: MapperContext, target: string, grants: readonly Grant[]): void {
  for (const g of grants) {
    for (const holder of g.holders) {
      for (const kind of roleFlows(g.role)) {
        ctx.flow(
          holder.resource.address,
          target,
          kind,
          ctx.evidence(g.source, g.rolePath, `${g.role} via ${holder.via}`),
        );
      }
    }
    const anonymous = g.members.some((m) => ANONYMOUS_MEMBERS.has(m));
    if (anonymous) {
      ctx.patch(target, anonymousFacts(g, true), 'or');
      if (invokesAnonymously(g.role, g.members)) {
        ctx.patch(target, { requiresAuthentication: explicit(false, attributeName(g.memberPath)) });
      }
    } else if (g.membersUnknown) {
      ctx.patch(target, anonymousFacts(g, 'unknown'), 'or');
      if (grantsInvoke(g.role)) {
        ctx.patch(target, { requiresAuthentication: unknown(attributeName(g.memberPath), AFTER_APPLY) });
      }
    }
  }
}

/** Mapper for `google_<x>_iam_member/_binding/_policy` resources granting roles on one target resource. */
export function resourceIamMapper(spec: ResourceIamSpec): MapFn {
  return (r, ctx) => {
    const grants = grantsOf(ctx, r);
    const targets = linkByName(ctx, r, spec.targetPath, spec.targetTypes, spec.matchOn ?? ['id', 'name']);
    if (targets.length === 0) {
      const facts = new Set<FactName>();
      for (const g of grants) {
        if (g.membersUnknown || g.members.some((m) => ANONYMOUS_MEMBERS.has(m)))
          for (const f of anonymousFactNames(g)) facts.add(f);
      }
      ctx.unresolved(r, spec.targetPath, spec.targetTypes, [...facts]);
      return;
    }
    for (const t of targets) applyGrants(ctx, t.resource.address, grants);
  };
}

/** Grants by target address, per IAM resource types, computed once per mapping run. */
const grantIndexes = new WeakMap<MapperContext, Map<string, Map<string, Grant[]>>>();

function grantIndex(
  ctx: MapperContext,
  iamTypes: readonly string[],
  spec: ResourceIamSpec,
): Map<string, Grant[]> {
  let perCtx = grantIndexes.get(ctx);
  if (perCtx === undefined) {
    perCtx = new Map();
    grantIndexes.set(ctx, perCtx);
  }
  const key = `${iamTypes.join(',')}|${spec.targetPath}`;
  let index = perCtx.get(key);
  if (index === undefined) {
    index = new Map();
    for (const type of iamTypes) {
      for (const r of ctx.resources(type)) {
        if (r.action === 'delete') continue;
        const grants = grantsOf(ctx, r, false);
        for (const l of linkByName(
          ctx,
          r,
          spec.targetPath,
          spec.targetTypes,
          spec.matchOn ?? ['id', 'name'],
        )) {
          const list = index.get(l.resource.address);
          if (list === undefined) index.set(l.resource.address, [...grants]);
          else list.push(...grants);
        }
      }
    }
    perCtx.set(key, index);
  }
  return index;
}

/** The grants on `target` made by IAM resources of `iamTypes` (whose `spec.targetPath` links to it). */
export function grantsOn(
  ctx: MapperContext,
  target: TfResource,
  iamTypes: readonly string[],
  spec: ResourceIamSpec,
): Grant[] {
  return grantIndex(ctx, iamTypes, spec).get(target.address) ?? [];
}

export const CONDITION_NOTE = 'an IAM condition may narrow the grant';

/**
 * The facts a role granted on the project sets on each identity holding it: administrator roles, and roles (or
 * a custom role's permissions) that call every model of the project, which a condition may narrow.
 */
export function projectGrantFacts(
  role: string,
  permissions: readonly string[] | undefined,
  conditional: boolean,
  at: { readonly role: string; readonly condition: string },
): Facts {
  const facts: Facts = {};
  if (isAdminRole(role)) facts.adminPrivileges = explicit(true, at.role);
  if (invokesEveryModel(role) || permissionsInvokeEveryModel(permissions ?? []))
    facts.wildcardModelAccess = conditional ? unknown(at.condition, CONDITION_NOTE) : explicit(true, at.role);
  return facts;
}

/** The flows a project-level grant gives on the project's resources, by resource type. */
export function projectGrantFlows(
  role: string,
  permissions: readonly string[] | undefined,
): ReadonlyMap<string, readonly FlowKind[]> {
  return permissions === undefined
    ? new Map(projectRoleTargets(role).map((type) => [type, roleFlowsOn(role, type)]))
    : permissionFlows(permissions);
}

/** google_project_iam_member / _binding: admin roles, project-wide model access and data-plane roles. */
export const mapProjectIam: MapFn = (r, ctx) => {
  for (const g of grantsOf(ctx, r)) {
    const facts = projectGrantFacts(g.role, g.permissions, g.conditional, {
      role: `${r.address}.${attributeName(g.rolePath)}`,
      condition: `${r.address}.condition`,
    });
    for (const name of Object.keys(facts) as FactName[]) {
      for (const h of g.holders) ctx.patch(h.resource.address, { [name]: facts[name] }, 'or');
      if (g.membersUnknown) ctx.unresolved(r, g.memberPath, SERVICE_ACCOUNT, [name]);
    }
    for (const [type, kinds] of projectGrantFlows(g.role, g.permissions)) {
      for (const to of projectTargets(ctx, r, type)) {
        for (const h of g.holders) {
          for (const kind of kinds) {
            ctx.flow(
              h.resource.address,
              to,
              kind,
              ctx.evidence(r, g.rolePath, `${g.role} on the project via ${h.via}`),
            );
          }
        }
      }
    }
  }
};

/**
 * What a project-level grant reaches for a resource type: the one resource of the type in the project, or the
 * set of them all (one flow per holder however many there are).
 */
function projectTargets(ctx: MapperContext, r: TfResource, type: string): readonly string[] {
  const project = str(r, 'project');
  return ctx.memo(`google/iam:project:${project ?? '(any)'}:${type}`, () =>
    ctx.resourceSet({
      provider: 'gcp',
      key: `gcp:project:${project ?? '(any)'}:${type}`,
      name: `${type} resources of project ${project ?? '(this plan)'}`,
      nativeType: 'google_project_resources',
      members: ctx
        .resources(type)
        .filter((t) => t.action !== 'delete' && sameProject(r, t))
        .map((t) => t.address),
      source: r,
    }),
  );
}

const EXTERNAL_MEMBER = /^(allUsers|allAuthenticatedUsers|principal:\/\/|principalSet:\/\/)/;

/** Anyone, or principals of a workload identity pool (identities from outside Google's directory). */
export function isExternalMember(member: string): boolean {
  return EXTERNAL_MEMBER.test(member);
}

/** A grant on a service account trusts outsiders when it names an external member without a condition. */
export function trustsExternal(members: readonly string[], conditional: boolean): boolean {
  return !conditional && members.some(isExternalMember);
}

/** google_service_account_iam_member / _binding / _policy: who can act as the service account. */
export const mapServiceAccountIam: MapFn = (r, ctx) => {
  const grants = grantsOf(ctx, r).filter((g) => canImpersonate(g.role));
  const targets = linkByName(ctx, r, 'service_account_id', SERVICE_ACCOUNT, ['name', 'id', 'email']);
  if (targets.length === 0) {
    const external = grants.some((g) => g.membersUnknown || g.members.some(isExternalMember));
    ctx.unresolved(r, 'service_account_id', SERVICE_ACCOUNT, external ? ['externalTrust'] : []);
    return;
  }
  for (const t of targets) {
    for (const g of grants) {
      for (const h of g.holders) {
        ctx.flow(
          h.resource.address,
          t.resource.address,
          'assume-identity',
          ctx.evidence(r, g.rolePath, `${g.role} via ${h.via}`),
        );
      }
      if (trustsExternal(g.members, g.conditional)) {
        ctx.patch(t.resource.address, { externalTrust: explicit(true, attributeName(g.memberPath)) }, 'or');
      } else if (g.membersUnknown && !g.conditional) {
        ctx.patch(
          t.resource.address,
          { externalTrust: unknown(attributeName(g.memberPath), AFTER_APPLY) },
          'or',
        );
      }
    }
  }
};
