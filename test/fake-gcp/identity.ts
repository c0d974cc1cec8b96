import type { FakeGcp, Reply } from './server.js';
import { rpcError } from './server.js';

/**
 * The fake's Identity Toolkit admin v2 API: a project's Identity Platform config (`GET
 * /admin/v2/projects/{p}/config`); a project without one answers 404 CONFIGURATION_NOT_FOUND, as the API does
 * where Identity Platform was never set up.
 */

export type IdentityCollection = 'config';

export const IDENTITY_PATH = /^\/admin\/v2\/projects\/([^/]+)\/config$/;
const SERVICE = 'identitytoolkit.googleapis.com';

export function routeIdentity(fake: FakeGcp, url: URL): Reply {
  const project = IDENTITY_PATH.exec(url.pathname)?.[1] ?? '';
  const fault = fake.fault('config', url.pathname, project, SERVICE);
  if (fault !== undefined) return fault;
  const config = fake.projects[project]?.identityPlatform;
  if (config === undefined) return rpcError(404, 'NOT_FOUND', 'CONFIGURATION_NOT_FOUND');
  return { status: 200, body: { ...config, name: `projects/${project}/config` } };
}
