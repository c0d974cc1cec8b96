import type { FlowKind } from '../../../src/model/index.js';

/** Principals that stand for anyone: grants to them are facts on the target, not flows. */
export const ANONYMOUS_MEMBERS: ReadonlySet<string> = new Set(['allUsers', 'allAuthenticatedUsers']);

/** What a predefined role lets its holder do to the resource it is granted on. */
const ROLE_FLOWS: Readonly<Record<string, readonly FlowKind[]>> = {
  'roles/storage.objectViewer': ['read'],
  'roles/storage.legacyObjectReader': ['read'],
  'roles/storage.legacyBucketReader': ['read'],
  'roles/storage.objectCreator': ['write'],
  'roles/storage.legacyBucketWriter': ['read', 'write'],
  'roles/storage.legacyBucketOwner': ['read', 'write'],
  'roles/storage.legacyObjectOwner': ['read', 'write'],
  'roles/storage.objectUser': ['read', 'write'],
  'roles/storage.objectAdmin': ['read', 'write'],
  'roles/storage.admin': ['read', 'write'],
  'roles/aiplatform.user': ['invoke', 'deploy'],
  'roles/aiplatform.admin': ['invoke', 'deploy'],
  'roles/aiplatform.viewer': [],
  'roles/run.invoker': ['invoke'],
  'roles/run.developer': ['deploy'],
  'roles/run.admin': ['invoke', 'deploy'],
  'roles/cloudfunctions.invoker': ['invoke'],
  'roles/cloudfunctions.developer': ['deploy'],
  'roles/cloudfunctions.admin': ['invoke', 'deploy'],
  'roles/bigquery.dataViewer': ['read'],
  'roles/bigquery.dataEditor': ['read', 'write'],
  'roles/bigquery.dataOwner': ['read', 'write'],
  'roles/bigquery.admin': ['read', 'write'],
  // Firestore (native and Datastore mode) document access; granted on the project.
  'roles/datastore.viewer': ['read'],
  'roles/datastore.user': ['read', 'write'],
  'roles/datastore.owner': ['read', 'write'],
  'roles/datastore.admin': ['read', 'write'],
  // Create, update and delete Model Armor templates (the guardrails), besides using them.
  'roles/modelarmor.admin': ['write'],
  'roles/modelarmor.editor': ['write'],
  'roles/owner': ['read', 'write', 'invoke', 'deploy'],
  'roles/editor': ['read', 'write', 'invoke', 'deploy'],
};

export function roleFlows(role: string): readonly FlowKind[] {
  return ROLE_FLOWS[role] ?? [];
}

/** The role lets its holder call the resource (roles/run.invoker, roles/cloudfunctions.invoker ...). */
export function grantsInvoke(role: string): boolean {
  return roleFlows(role).includes('invoke');
}

/** The grant lets anyone call the resource: an invoking role granted to allUsers or allAuthenticatedUsers. */
export function invokesAnonymously(role: string, members: readonly string[]): boolean {
  return grantsInvoke(role) && members.some((m) => ANONYMOUS_MEMBERS.has(m));
}

/**
 * Permissions of custom roles (google_project_iam_custom_role) granted on the project: the resource type each
 * reaches and the flow it gives. A custom role with only `aiplatform.reasoningEngines.query` lets a front end
 * query its agent without roles/aiplatform.user, which can call every model of the project.
 */
const PERMISSION_FLOWS: Readonly<Record<string, { readonly type: string; readonly kind: FlowKind }>> = {
  'aiplatform.reasoningEngines.query': { type: 'google_vertex_ai_reasoning_engine', kind: 'invoke' },
  'aiplatform.endpoints.predict': { type: 'google_vertex_ai_endpoint', kind: 'invoke' },
  'aiplatform.endpoints.deploy': { type: 'google_vertex_ai_endpoint', kind: 'deploy' },
  'aiplatform.endpoints.update': { type: 'google_vertex_ai_endpoint', kind: 'deploy' },
};

/** The flows a custom role's permissions give on the project's resources, by resource type. */
export function permissionFlows(permissions: readonly string[]): Map<string, FlowKind[]> {
  const out = new Map<string, FlowKind[]>();
  for (const p of permissions) {
    const flow = Object.hasOwn(PERMISSION_FLOWS, p) ? PERMISSION_FLOWS[p] : undefined;
    if (flow === undefined) continue;
    const kinds = out.get(flow.type) ?? [];
    if (!kinds.includes(flow.kind)) kinds.push(flow.kind);
    out.set(flow.type, kinds);
  }
  return out;
}

/** Prediction checked on the project: the project's endpoints and every publisher model (Gemini). */
export function permissionsInvokeEveryModel(permissions: readonly string[]): boolean {
  return permissions.includes('aiplatform.endpoints.predict');
}

/** Roles that read or write objects: the anonymous fact a grant to allUsers sets. */
export function anonymousFactsOf(role: string): { read: boolean; write: boolean } {
  const kinds = roleFlows(role);
  return { read: kinds.includes('read'), write: kinds.includes('write') };
}

/** Project-level roles that amount to administrator privileges. */
const ADMIN_ROLES: ReadonlySet<string> = new Set([
  'roles/owner',
  'roles/editor',
  'roles/aiplatform.admin',
  'roles/resourcemanager.projectIamAdmin',
  'roles/iam.securityAdmin',
  'roles/iam.serviceAccountAdmin',
  'roles/iam.serviceAccountTokenCreator',
  'roles/iam.serviceAccountUser',
]);

export function isAdminRole(role: string): boolean {
  return ADMIN_ROLES.has(role);
}

/**
 * Vertex AI roles that, granted on the project, let the member call every model of it: the project's endpoints
 * and the publisher models such as Gemini, whose `aiplatform.endpoints.predict` is checked on the project.
 * roles/owner and roles/editor can as well; they are administrator roles.
 */
const ANY_MODEL_ROLES: ReadonlySet<string> = new Set(['roles/aiplatform.user', 'roles/aiplatform.admin']);

export function invokesEveryModel(role: string): boolean {
  return ANY_MODEL_ROLES.has(role);
}

/** Roles on a service account that let the member act as it. */
const IMPERSONATION_ROLES: ReadonlySet<string> = new Set([
  'roles/iam.serviceAccountUser',
  'roles/iam.serviceAccountTokenCreator',
  'roles/iam.workloadIdentityUser',
  'roles/owner',
  'roles/editor',
]);

export function canImpersonate(role: string): boolean {
  return IMPERSONATION_ROLES.has(role);
}

/** Vertex AI data resources: what aiplatform roles allow on them is reading and writing data, not invoking. */
const AI_DATA: ReadonlySet<string> = new Set(['google_vertex_ai_dataset']);

/** Flow kinds a role grants on a resource of `targetType` (for roles granted at project level). */
export function roleFlowsOn(role: string, targetType: string): readonly FlowKind[] {
  const kinds = roleFlows(role);
  if (!AI_DATA.has(targetType)) return kinds;
  const out = new Set<FlowKind>();
  for (const k of kinds) out.add(k === 'invoke' ? 'read' : k === 'deploy' ? 'write' : k);
  return [...out];
}

/** Resource types a project-level grant of `role` reaches, by the role's service. */
export function projectRoleTargets(role: string): readonly string[] {
  const service = /^roles\/([a-zA-Z0-9]+)\./.exec(role)?.[1];
  switch (service) {
    case 'storage':
      return ['google_storage_bucket'];
    case 'aiplatform':
      return [
        'google_vertex_ai_endpoint',
        'google_vertex_ai_dataset',
        'google_vertex_ai_index_endpoint',
        'google_vertex_ai_reasoning_engine',
      ];
    case 'run':
      return ['google_cloud_run_v2_service'];
    case 'cloudfunctions':
      return ['google_cloudfunctions2_function'];
    case 'bigquery':
      return ['google_bigquery_dataset'];
    case 'datastore':
      return ['google_firestore_database'];
    case 'modelarmor':
      return ['google_model_armor_template'];
    default:
      return [];
  }
}
