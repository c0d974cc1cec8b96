import type { Json } from './server.js';

/**
 * The Resource Manager v3 route of the fake: GetProject (`GET /v3/projects/{id}`), which gives the project's
 * number. A project the fake holds without a number has number 0.
 */

interface Reply {
  readonly status: number;
  readonly body: Json;
}

const GET_PROJECT = /^\/v3\/projects\/([^/]+)$/;

export function routeProjects(
  path: string,
  number: (project: string) => string | undefined,
  fault: (project: string) => Reply | undefined,
): Reply | undefined {
  const [, project] = GET_PROJECT.exec(path) ?? [];
  if (project === undefined) return undefined;
  const failed = fault(project);
  if (failed !== undefined) return failed;
  const n = number(project);
  if (n === undefined)
    return {
      status: 403,
      body: {
        error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' },
      },
    };
  return { status: 200, body: { name: `projects/${n}`, projectId: project, state: 'ACTIVE' } };
}
