import type { FakeProject } from '../../fake-gcp/server.js';
import { DEFAULT_SA, PROJECT, project, SERVING_SA, TRAINING_SA, ZONE } from './fixture.js';

export const OLD_SA = `old@${PROJECT}.iam.gserviceaccount.com`;
export const POOL_MEMBER = `principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/attribute.repository/acme/app`;
export const AGENT_ROLE = `projects/${PROJECT}/roles/agentQuery`;

/**
 * The test project (fixture.ts) with its IAM: four service accounts (two pages; one disabled, one the default
 * compute account), their policies (the training account may act as the serving one, a workload identity pool
 * may too, allUsers only under a condition), the project policy (roles/editor to the default account,
 * roles/aiplatform.user to the serving account and, under a condition, to the training one, object reads to
 * the training account, a custom role with prediction to the old account; Data Access logs of Vertex AI with
 * DATA_READ only), endpoint policies (the open endpoint invocable by allUsers, the locked one by the serving
 * account, the PSC one granting the custom role to allAuthenticatedUsers), and a Workbench instance that names no service account.
 */
export function iamProject(): FakeProject {
  const base = project();
  return {
    ...base,
    number: '123456789012',
    workbench: { [ZONE]: [...(base.workbench?.[ZONE] ?? []), { name: 'wb-default', gceSetup: {} }] },
    iam: {
      serviceAccounts: [
        { email: SERVING_SA, displayName: 'serving' },
        { email: TRAINING_SA, displayName: 'training' },
        { email: DEFAULT_SA, displayName: 'Compute Engine default service account' },
        { email: OLD_SA, disabled: true },
      ],
      accountPolicies: {
        [SERVING_SA]: [
          {
            role: 'roles/iam.serviceAccountUser',
            members: [`serviceAccount:${TRAINING_SA}`, 'user:ops@acme.test'],
          },
          { role: 'roles/iam.workloadIdentityUser', members: [POOL_MEMBER] },
        ],
        [TRAINING_SA]: [
          {
            role: 'roles/iam.serviceAccountTokenCreator',
            members: ['allUsers'],
            condition: { expression: 'request.time < timestamp("2020-01-01T00:00:00Z")', title: 'expired' },
          },
          { role: 'roles/iam.serviceAccountKeyAdmin', members: ['user:ops@acme.test'] },
        ],
      },
      policy: {
        bindings: [
          { role: 'roles/editor', members: [`serviceAccount:${DEFAULT_SA}`] },
          { role: 'roles/aiplatform.user', members: [`serviceAccount:${SERVING_SA}`, 'group:ml@acme.test'] },
          {
            role: 'roles/aiplatform.user',
            members: [`serviceAccount:${TRAINING_SA}`],
            condition: { expression: 'resource.name.startsWith("projects/x")', title: 'narrow' },
          },
          { role: 'roles/storage.objectViewer', members: [`serviceAccount:${TRAINING_SA}`] },
          { role: AGENT_ROLE, members: [`serviceAccount:${OLD_SA}`] },
        ],
        auditConfigs: [{ service: 'aiplatform.googleapis.com', auditLogConfigs: [{ logType: 'DATA_READ' }] }],
      },
      endpointPolicies: {
        open: [{ role: 'roles/aiplatform.user', members: ['allUsers'] }],
        locked: [{ role: 'roles/aiplatform.user', members: [`serviceAccount:${SERVING_SA}`] }],
        psc: [{ role: AGENT_ROLE, members: ['allAuthenticatedUsers'] }],
      },
      roles: [
        { id: 'agentQuery', title: 'Agent query', includedPermissions: ['aiplatform.endpoints.predict'] },
      ],
    },
  };
}
