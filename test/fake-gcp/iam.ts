import type { FakeGcp, Json, Reply } from './server.js';
import { rpcError } from './server.js';

/**
 * The fake's IAM surfaces: the IAM API v1 (service accounts of a project, paged in `accounts`; a service
 * account's policy, `POST …/serviceAccounts/{email}:getIamPolicy`; custom roles, `GET /v1/projects/{p}/roles`),
 * Resource Manager v3's project policy (`POST /v3/projects/{p}:getIamPolicy`, body `{options}`) and Vertex AI
 * v1beta1's endpoint policy (`POST /v1beta1/{endpoint}:getIamPolicy?options.requestedPolicyVersion=`). Policies
 * answer as google.iam.v1.Policy: `bindings` left out when empty, and a policy with a conditional binding refused
 * unless version 3 is asked for, as the real APIs do.
 */

export type IamCollection = 'serviceAccounts' | 'serviceAccountIam' | 'projectIam' | 'endpointIam' | 'roles';

export interface FakeBinding {
  readonly role: string;
  readonly members: readonly string[];
  readonly condition?: { readonly expression: string; readonly title?: string };
}

export interface FakeAuditConfig {
  readonly service: string;
  readonly auditLogConfigs: readonly {
    readonly logType: string;
    readonly exemptedMembers?: readonly string[];
  }[];
}

export interface FakeIam {
  /** Service accounts (the fake adds `name`, `projectId`, `uniqueId`, `etag`). */
  readonly serviceAccounts?: readonly {
    readonly email: string;
    readonly displayName?: string;
    readonly description?: string;
    readonly disabled?: boolean;
  }[];
  /** Each service account's policy bindings, by email (none: an empty policy). */
  readonly accountPolicies?: Readonly<Record<string, readonly FakeBinding[]>>;
  /** The project's policy. */
  readonly policy?: {
    readonly bindings?: readonly FakeBinding[];
    readonly auditConfigs?: readonly FakeAuditConfig[];
  };
  /** Each Vertex AI endpoint's policy bindings, by the endpoint's short id (none: an empty policy). */
  readonly endpointPolicies?: Readonly<Record<string, readonly FakeBinding[]>>;
  /** Custom roles of the project (`id` is the role id), as `view=FULL` lists them. */
  readonly roles?: readonly {
    readonly id: string;
    readonly title?: string;
    readonly includedPermissions: readonly string[];
  }[];
}

const ACCOUNTS = /^\/v1\/projects\/([^/]+)\/serviceAccounts$/;
const ACCOUNT_POLICY = /^\/v1\/projects\/([^/]+)\/serviceAccounts\/([^/:]+):getIamPolicy$/;
const PROJECT_POLICY = /^\/v3\/projects\/([^/:]+):getIamPolicy$/;
const ENDPOINT_POLICY =
  /^\/v1beta1\/projects\/([^/]+)\/locations\/([^/]+)\/endpoints\/([^/:]+):getIamPolicy$/;
const ROLES = /^\/v1\/projects\/([^/]+)\/roles$/;
/** The read-only RPCs the fake takes as POSTs. */
export const IAM_RPC = /:getIamPolicy$/;

export function isIamPath(path: string): boolean {
  return [ACCOUNTS, ACCOUNT_POLICY, PROJECT_POLICY, ENDPOINT_POLICY, ROLES].some((r) => r.test(path));
}

export function routeIam(fake: FakeGcp, url: URL, method: string, body: string): Reply {
  const path = url.pathname;
  const iamOf = (p: string): FakeIam | undefined => fake.projects[p]?.iam;
  let m = ACCOUNTS.exec(path);
  if (m !== null && method === 'GET') {
    const project = m[1] ?? '';
    const fault = fake.fault('serviceAccounts', path, project, 'iam.googleapis.com');
    if (fault !== undefined) return fault;
    const accounts = (iamOf(project)?.serviceAccounts ?? []).map((a, i) => ({
      name: `projects/${project}/serviceAccounts/${a.email}`,
      projectId: project,
      uniqueId: `1${String(i).padStart(20, '0')}`,
      etag: 'MDEwMjE5MjA=',
      oauth2ClientId: `1${String(i).padStart(20, '0')}`,
      ...a,
    }));
    return fake.page(url, 'accounts', accounts);
  }
  m = ROLES.exec(path);
  if (m !== null && method === 'GET') {
    const project = m[1] ?? '';
    const fault = fake.fault('roles', path, project, 'iam.googleapis.com');
    if (fault !== undefined) return fault;
    const full = url.searchParams.get('view') === 'FULL';
    const roles = (iamOf(project)?.roles ?? []).map(({ id, includedPermissions, ...r }) => ({
      name: `projects/${project}/roles/${id}`,
      ...r,
      ...(full ? { includedPermissions } : {}),
      etag: 'BwYfake=',
    }));
    return fake.page(url, 'roles', roles as unknown as Json[]);
  }
  if (method !== 'POST') return rpcError(405, 'UNIMPLEMENTED', 'The fake is read-only.');
  m = ACCOUNT_POLICY.exec(path);
  if (m !== null) {
    const project = m[1] ?? '';
    const email = decodeURIComponent(m[2] ?? '');
    const fault = fake.fault('serviceAccountIam', path, project, 'iam.googleapis.com');
    if (fault !== undefined) return fault;
    const iam = iamOf(project);
    if (!(iam?.serviceAccounts ?? []).some((a) => a.email === email))
      return rpcError(404, 'NOT_FOUND', `Unknown service account ${email}`);
    return policy(iam?.accountPolicies?.[email] ?? [], [], requestedVersion(body));
  }
  m = PROJECT_POLICY.exec(path);
  if (m !== null) {
    const project = m[1] ?? '';
    const fault = fake.fault('projectIam', path, project, 'cloudresourcemanager.googleapis.com');
    if (fault !== undefined) return fault;
    const iam = iamOf(project);
    if (!(project in fake.projects))
      return rpcError(403, 'PERMISSION_DENIED', 'The caller does not have permission');
    return policy(iam?.policy?.bindings ?? [], iam?.policy?.auditConfigs ?? [], requestedVersion(body));
  }
  m = ENDPOINT_POLICY.exec(path);
  if (m !== null) {
    const [, project = '', location = '', id = ''] = m;
    const fault = fake.fault('endpointIam', path, project, 'aiplatform.googleapis.com');
    if (fault !== undefined) return fault;
    const p = fake.projects[project];
    if (!(p?.vertex[location]?.endpoints ?? []).some((e) => e.name === id))
      return rpcError(404, 'NOT_FOUND', `Endpoint ${id} not found`);
    const version = Number(url.searchParams.get('options.requestedPolicyVersion') ?? '0');
    return policy(p?.iam?.endpointPolicies?.[id] ?? [], [], version);
  }
  return rpcError(404, 'NOT_FOUND', `no route for ${path}`);
}

/** The version the request body asks for (`{options: {requestedPolicyVersion}}`), 0 when none. */
function requestedVersion(body: string): number {
  try {
    const parsed = JSON.parse(body === '' ? '{}' : body) as {
      options?: { requestedPolicyVersion?: unknown };
    };
    return Number(parsed.options?.requestedPolicyVersion ?? 0);
  } catch {
    return 0;
  }
}

function policy(
  bindings: readonly FakeBinding[],
  auditConfigs: readonly FakeAuditConfig[],
  version: number,
): Reply {
  const conditional = bindings.some((b) => b.condition !== undefined);
  if (conditional && version !== 3)
    return rpcError(
      400,
      'INVALID_ARGUMENT',
      'The policy has conditional role bindings: request policy version 3 to read it.',
    );
  return {
    status: 200,
    body: {
      version: conditional ? 3 : 1,
      etag: 'BwXfake=',
      ...(bindings.length === 0 ? {} : { bindings: bindings as unknown as Json[] }),
      ...(auditConfigs.length === 0 ? {} : { auditConfigs: auditConfigs as unknown as Json[] }),
    },
  };
}
