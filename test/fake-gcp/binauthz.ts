import type { FakeGcp, Reply } from './server.js';

/**
 * The fake's Binary Authorization v1 API: a project's policy (`GET /v1/projects/{p}/policy`). A project without
 * one gets the default policy, which allows every image, as the API answers.
 */

export type BinauthzCollection = 'binauthzPolicy';

export const BINAUTHZ_PATH = /^\/v1\/projects\/([^/]+)\/policy$/;
const SERVICE = 'binaryauthorization.googleapis.com';

export function routeBinauthz(fake: FakeGcp, url: URL): Reply {
  const project = decodeURIComponent(BINAUTHZ_PATH.exec(url.pathname)?.[1] ?? '');
  const fault = fake.fault('binauthzPolicy', url.pathname, project, SERVICE);
  if (fault !== undefined) return fault;
  const policy = fake.projects[project]?.binauthzPolicy ?? {
    globalPolicyEvaluationMode: 'ENABLE',
    defaultAdmissionRule: {
      evaluationMode: 'ALWAYS_ALLOW',
      enforcementMode: 'ENFORCED_BLOCK_AND_AUDIT_LOG',
    },
  };
  return { status: 200, body: { ...policy, name: `projects/${project}/policy` } };
}
