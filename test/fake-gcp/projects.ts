import type { FakeGcp, Json } from './server.js';

/**
 * The Resource Manager v3 routes of the fake: GetProject (`GET /v3/projects/{id}`), which gives the project's
 * number (a project the fake holds without a number has number 0) and its parent when it has one, GetFolder
 * (`GET /v3/folders/{id}`), and SearchProjects (`GET /v3/projects:search`), which pages through every project the
 * fake holds, in its `state` (default ACTIVE).
 */

interface Reply {
  readonly status: number;
  readonly body: Json;
}

const GET_PROJECT = /^\/v3\/projects\/([^/]+)$/;
const GET_FOLDER = /^\/v3\/folders\/(\d+)$/;
const DENIED: Reply = {
  status: 403,
  body: {
    error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' },
  },
};

export function routeProjects(
  path: string,
  number: (project: string) => string | undefined,
  fault: (project: string) => Reply | undefined,
  parent: (project: string) => string | undefined = () => undefined,
): Reply | undefined {
  const [, project] = GET_PROJECT.exec(path) ?? [];
  if (project === undefined) return undefined;
  const failed = fault(project);
  if (failed !== undefined) return failed;
  const n = number(project);
  if (n === undefined) return DENIED;
  const p = parent(project);
  return {
    status: 200,
    body: {
      name: `projects/${n}`,
      ...(p === undefined ? {} : { parent: p }),
      projectId: project,
      state: 'ACTIVE',
    },
  };
}

/** GetFolder: `folders` maps a folder id to its parent (`folders/…` or `organizations/…`); others are denied. */
export function routeFolders(
  path: string,
  folders: Readonly<Record<string, string>>,
  fault: (folder: string) => Reply | undefined,
): Reply | undefined {
  const [, folder] = GET_FOLDER.exec(path) ?? [];
  if (folder === undefined) return undefined;
  const failed = fault(folder);
  if (failed !== undefined) return failed;
  const parent = folders[folder];
  if (parent === undefined) return DENIED;
  return {
    status: 200,
    body: { name: `folders/${folder}`, parent, displayName: `folder ${folder}`, state: 'ACTIVE' },
  };
}

export const SEARCH_PROJECTS = /^\/v3\/projects:search$/;

export function routeSearchProjects(fake: FakeGcp, url: URL): Reply {
  const fault = fake.fault('projects', url.pathname, 'all', 'cloudresourcemanager.googleapis.com');
  if (fault !== undefined) return fault;
  const projects = Object.entries(fake.projects).map(([id, p]) => ({
    name: `projects/${p.number ?? '0'}`,
    parent: 'organizations/123456789',
    projectId: id,
    state: p.state ?? 'ACTIVE',
    displayName: id,
  }));
  return fake.page(url, 'projects', projects);
}
