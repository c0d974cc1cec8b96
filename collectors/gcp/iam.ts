import {
  anyFact,
  byDefault,
  explicit,
  unknown,
  type Asset,
  type Fact,
  type FactName,
  type Facts,
} from '../../src/model/index.js';
import { canImpersonate } from '../terraform/google/roles.js';
import { projectGrantFacts, projectGrantFlows, trustsExternal } from '../terraform/google/iam.js';
import { auditEffects, auditLogs } from '../terraform/google/identity.js';
import type { GcpInventory } from './inventory.js';
import { evidence, present, resourceId, serviceAccountId, VERTEX_API } from './links.js';
import { memberAccount } from './policy.js';
import { jsonPage, postJson } from './rest.js';
import { inputOf, type Api, type GcpRuntime, type Listing, type ListOptions, type Scope } from './runtime.js';

/**
 * The IAM of a project: its service accounts (IAM API v1), who can act as each (each account's policy), and the
 * project's policy (Resource Manager v3) with the facts and flows the google mappers derive from
 * google_service_account, google_service_account_iam_*, google_project_iam_member/_binding,
 * google_project_iam_custom_role and google_project_iam_audit_config.
 */

const IAM_HOST = 'iam.googleapis.com';
const RM = 'cloudresourcemanager.googleapis.com';
const ACCOUNTS: Api = { service: IAM_HOST, operation: 'ListServiceAccounts' };
const ACCOUNT_POLICY: Api = { service: IAM_HOST, operation: 'GetServiceAccountIamPolicy' };
const PROJECT_POLICY: Api = { service: RM, operation: 'Projects.GetIamPolicy' };
const ROLES: Api = { service: IAM_HOST, operation: 'ListRoles' };
const EMAIL = /^[A-Za-z0-9][\w.+-]{0,99}@[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;
/** Where each resource type a project grant or audit config reaches is read live (the google mappers' types). */
const LIVE_TYPE: Readonly<Record<string, string>> = {
  google_storage_bucket: 'storage.googleapis.com/Bucket',
  google_vertex_ai_endpoint: `${VERTEX_API}/Endpoint`,
  google_vertex_ai_dataset: `${VERTEX_API}/Dataset`,
  google_vertex_ai_index_endpoint: `${VERTEX_API}/IndexEndpoint`,
};
const AT = {
  bindings: `${PROJECT_POLICY.operation}.bindings`,
  condition: `${PROJECT_POLICY.operation}.bindings.condition`,
  audit: `${PROJECT_POLICY.operation}.auditConfigs`,
};

/** One binding of a google.iam.v1.Policy, checked for shape. */
export interface Binding {
  readonly role: string;
  readonly members: readonly string[];
  readonly conditional: boolean;
}

interface AuditConfig {
  readonly service: string;
  readonly logTypes: readonly string[];
  readonly exempted: boolean;
}

interface ProjectPolicy {
  readonly bindings: readonly Binding[];
  readonly auditConfigs: readonly AuditConfig[];
}

/** google.iam.v1.AuditLogConfig.LogType, for a reply that gives the enum's number. */
const LOG_TYPES = ['LOG_TYPE_UNSPECIFIED', 'ADMIN_READ', 'DATA_WRITE', 'DATA_READ'];

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function objects(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v)
    ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
    : [];
}

/** The bindings of a policy reply; a binding with a condition (an object with an expression) is conditional. */
export function bindingsOf(policy: unknown): Binding[] {
  const p = (typeof policy === 'object' && policy !== null ? policy : {}) as { bindings?: unknown };
  return objects(p.bindings)
    .filter((b) => typeof b['role'] === 'string' && b['role'] !== '')
    .map((b) => ({
      role: String(b['role']),
      members: strings(b['members']),
      conditional: present((b['condition'] as { expression?: unknown } | null | undefined)?.expression),
    }));
}

function auditConfigsOf(policy: unknown): AuditConfig[] {
  const p = (typeof policy === 'object' && policy !== null ? policy : {}) as { auditConfigs?: unknown };
  return objects(p.auditConfigs)
    .filter((c) => typeof c['service'] === 'string')
    .map((c) => {
      const configs = objects(c['auditLogConfigs']);
      return {
        service: String(c['service']),
        logTypes: configs.map((l) =>
          typeof l['logType'] === 'number'
            ? (LOG_TYPES[l['logType']] ?? '')
            : typeof l['logType'] === 'string'
              ? l['logType']
              : '',
        ),
        exempted: configs.some((l) => strings(l['exemptedMembers']).length > 0),
      };
    });
}

const projectId = (project: string): string => resourceId(RM, `projects/${project}`);

/**
 * Reads the project's IAM (service accounts and their policies, the project policy, the custom roles it grants)
 * and adds the service accounts; the returned step applies the project policy once every module has added its
 * assets, since its grants and audit configs set facts on them.
 */
export async function collectIam(rt: GcpRuntime, inv: GcpInventory, project: string): Promise<() => void> {
  const scope: Scope = { project, location: '-' };
  const [accounts, policy] = await Promise.all([
    listAccounts(rt, scope),
    readProjectPolicy(rt, scope).then(async (p) => ({ ...p, roles: await customRoles(rt, scope, p.items) })),
  ]);
  const emails = [...new Set(accounts.map((a) => a.email))].sort();
  for (const a of accounts)
    inv.asset(project, {
      id: serviceAccountId(a.email),
      kind: 'identity',
      nativeType: `${IAM_HOST}/ServiceAccount`,
      name: a.email,
    });
  const trust = await Promise.all(emails.map((email) => readAccountPolicy(rt, inv, scope, email)));
  return () => {
    applyProjectPolicy(inv, project, emails, trust, policy);
  };
}

interface Account {
  readonly email: string;
}

async function listAccounts(rt: GcpRuntime, scope: Scope): Promise<Account[]> {
  const got = await rt.list<unknown>(scope, ACCOUNTS, (pageToken) =>
    jsonPage(
      rt,
      IAM_HOST,
      `/v1/projects/${scope.project}/serviceAccounts`,
      'accounts',
      { pageToken },
      'full',
    ),
  );
  // A disabled account keeps its grants and can be enabled again: it stays, with the facts the mapper gives.
  return objects(got.items)
    .map((a) => a['email'])
    .filter((e): e is string => typeof e === 'string' && EMAIL.test(e))
    .map((email) => ({ email }));
}

/**
 * Who can act as the account: `assume-identity` flows from the service accounts granted a role that
 * impersonates it, and `externalTrust` (GetServiceAccountIamPolicy.bindings) when an external member holds one
 * without a condition; unknown when the policy could not be read.
 */
async function readAccountPolicy(
  rt: GcpRuntime,
  inv: GcpInventory,
  scope: Scope,
  email: string,
): Promise<Fact<boolean>> {
  const id = serviceAccountId(email);
  const op = ACCOUNT_POLICY.operation;
  const got = await readPolicy(rt, scope, ACCOUNT_POLICY, id, async () =>
    postJson(
      rt,
      IAM_HOST,
      `/v1/projects/${scope.project}/serviceAccounts/${email}:getIamPolicy`,
      {},
      { options: { requestedPolicyVersion: 3 } },
      'full',
    ),
  );
  if (got.incomplete !== undefined)
    return unknown(`${op}.bindings`, `the service account IAM policy: ${got.incomplete.message}`);
  const grants = bindingsOf(got.items[0]).filter((b) => canImpersonate(b.role));
  for (const g of grants)
    for (const m of g.members) {
      const holder = memberAccount(m);
      if (holder !== undefined)
        inv.flow(
          'assume-identity',
          serviceAccountId(holder),
          id,
          evidence(id, op, 'bindings', `${g.role} via ${m}`),
        );
    }
  return grants.some((g) => trustsExternal(g.members, g.conditional))
    ? explicit(true, `${op}.bindings`)
    : byDefault(false, `${op}.bindings`);
}

/** One policy read (a single reply) through `rt.list`, so that a failure is a coverage note. */
function readPolicy(
  rt: GcpRuntime,
  scope: Scope,
  api: Api,
  resource: string,
  read: (options: ListOptions) => Promise<unknown>,
): Promise<Listing<unknown>> {
  return rt.list<unknown>(scope, api, async (_token, o) => [[await read(o)], null, undefined], resource);
}

function readProjectPolicy(rt: GcpRuntime, scope: Scope): Promise<Listing<unknown>> {
  return readPolicy(rt, scope, PROJECT_POLICY, projectId(scope.project), async (o) => {
    const client = await rt.projects();
    // Version 3, or a policy with conditional bindings is refused.
    const [p] = await client.getIamPolicy(
      { resource: `projects/${scope.project}`, options: { requestedPolicyVersion: 3 } },
      o,
    );
    return p;
  });
}

/**
 * The permissions of the project's custom roles (`view=FULL`), read only when the project policy grants one.
 * Undefined when they could not be read (noted); roles of an organization are not read.
 */
async function customRoles(
  rt: GcpRuntime,
  scope: Scope,
  policy: readonly unknown[],
): Promise<ReadonlyMap<string, readonly string[]> | undefined> {
  const prefix = `projects/${scope.project}/roles/`;
  if (!bindingsOf(policy[0]).some((b) => b.role.startsWith(prefix))) return new Map();
  const got = await rt.list<unknown>(scope, ROLES, (pageToken) =>
    jsonPage(
      rt,
      IAM_HOST,
      `/v1/projects/${scope.project}/roles`,
      'roles',
      { view: 'FULL', pageToken },
      'full',
    ),
  );
  if (got.incomplete !== undefined) return undefined;
  return new Map(
    objects(got.items)
      .filter((r) => typeof r['name'] === 'string')
      .map((r) => [String(r['name']), strings(r['includedPermissions'])]),
  );
}

/** Facts to set, merged as the mappers' `or` patches: true wins, then unknown, then a stated value. */
class Patches {
  private readonly out = new Map<string, Facts>();
  constructor(private readonly assets: ReadonlyMap<string, Asset>) {}

  private current(id: string): Facts | undefined {
    return this.out.get(id) ?? this.assets.get(id)?.facts;
  }

  set(id: string, facts: Facts): void {
    const base = this.current(id);
    if (base !== undefined) this.out.set(id, { ...base, ...facts });
  }

  or(id: string, facts: Facts): void {
    const base = this.current(id);
    if (base === undefined) return;
    const merged: Record<string, Fact> = { ...base };
    for (const [name, f] of Object.entries(facts) as [FactName, Fact<boolean>][]) {
      const was = base[name] as Fact<boolean> | undefined;
      merged[name] = was === undefined ? f : anyFact([was, f], f);
    }
    this.out.set(id, merged);
  }

  apply(inv: GcpInventory): void {
    for (const [id, facts] of this.out) inv.patch(id, facts);
  }
}

function applyProjectPolicy(
  inv: GcpInventory,
  project: string,
  emails: readonly string[],
  trust: readonly Fact<boolean>[],
  read: Listing<unknown> & { readonly roles: ReadonlyMap<string, readonly string[]> | undefined },
): void {
  const input = inputOf(project);
  const assets = new Map([...inv.all()].map((a) => [a.id, a]));
  const own = [...assets.values()].filter((a) => a.source.input === input);
  const patches = new Patches(assets);
  const failed =
    read.incomplete === undefined
      ? undefined
      : unknown(AT.bindings, `the project IAM policy: ${read.incomplete.message}`);
  // The service accounts' own facts, as mapServiceAccount gives them, before the grants are or-ed in.
  emails.forEach((email, i) => {
    patches.set(serviceAccountId(email), {
      adminPrivileges: failed ?? byDefault(false, AT.bindings),
      externalTrust: trust[i] ?? byDefault(false, `${ACCOUNT_POLICY.operation}.bindings`),
      wildcardModelAccess: failed ?? byDefault(false, AT.bindings),
    });
  });
  if (failed !== undefined) {
    // What the audit configs would have said is unknown wherever they decide a fact.
    const why = unknown(AT.audit, failed.reason ?? '');
    for (const e of auditEffects('allServices'))
      for (const a of own) if (a.nativeType === LIVE_TYPE[e.type]) patches.or(a.id, { [e.fact]: why });
    patches.apply(inv);
    return;
  }
  const policy: ProjectPolicy = {
    bindings: bindingsOf(read.items[0]),
    auditConfigs: auditConfigsOf(read.items[0]),
  };
  for (const g of policy.bindings) applyGrant(inv, patches, project, own, g, read.roles);
  for (const c of policy.auditConfigs)
    for (const e of auditEffects(c.service)) {
      const fact = explicit(auditLogs(c.logTypes, c.exempted, e.needs), AT.audit);
      for (const a of own) if (a.nativeType === LIVE_TYPE[e.type]) patches.or(a.id, { [e.fact]: fact });
    }
  patches.apply(inv);
}

/** One project grant: facts on the service accounts holding it, and flows to the resources its role reaches. */
function applyGrant(
  inv: GcpInventory,
  patches: Patches,
  project: string,
  own: readonly Asset[],
  g: Binding,
  roles: ReadonlyMap<string, readonly string[]> | undefined,
): void {
  const holders = g.members.flatMap((m) => {
    const email = memberAccount(m);
    return email === undefined ? [] : [{ member: m, id: serviceAccountId(email) }];
  });
  if (holders.length === 0) return;
  const custom = !g.role.startsWith('roles/');
  const permissions = custom ? roles?.get(g.role) : undefined;
  const facts: Facts =
    custom && permissions === undefined
      ? {
          wildcardModelAccess: unknown(
            AT.bindings,
            `the permissions of custom role ${g.role} are not read (${roles === undefined ? 'ListRoles failed' : 'a role of another project or the organization'})`,
          ),
        }
      : projectGrantFacts(g.role, permissions, g.conditional, { role: AT.bindings, condition: AT.condition });
  for (const h of holders) patches.or(h.id, facts);
  const source = projectId(project);
  for (const [type, kinds] of projectGrantFlows(g.role, permissions)) {
    const members = own.filter((a) => a.nativeType === LIVE_TYPE[type]).map((a) => a.id);
    const targets = inv.resourceSet(project, {
      key: `gcp:project:${project}:${type}`,
      name: `${type} resources of project ${project}`,
      members,
      source,
      // As the google mapper names a project's resources of a type.
      nativeType: 'google_project_resources',
    });
    for (const to of targets)
      for (const h of holders)
        for (const kind of kinds)
          inv.flow(
            kind,
            h.id,
            to,
            evidence(
              source,
              PROJECT_POLICY.operation,
              'bindings',
              `${g.role} on the project via ${h.member}${g.conditional ? ', under an IAM condition' : ''}`,
            ),
          );
  }
}
