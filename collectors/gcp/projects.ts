import { InputError } from '../../src/model/index.js';
import { inputOf, type GcpRuntime } from './runtime.js';

/**
 * Which projects a scan reads: the ids given with --project, or (`--project all`) every ACTIVE project the
 * credential can see through Resource Manager's SearchProjects. A project being deleted is not read and says
 * so; an id the API gives that is not a project id is never used in a request.
 */

/** A project id (6 to 30 lowercase letters, digits, hyphens) or a project number. */
export const PROJECT = /^(?:[a-z][a-z0-9-]{4,28}[a-z0-9]|\d{1,20})$/;
/** The --project value that stands for every project the credential sees. */
export const ALL_PROJECTS = 'all';

const SERVICE = 'cloudresourcemanager.googleapis.com';
const SEARCH = { service: SERVICE, operation: 'Projects.SearchProjects' } as const;
const ACTIVE = 'ACTIVE';
/** google.cloud.resourcemanager.v3.Project.State, should the transport give numbers. */
const STATES: Readonly<Record<number, string>> = { 0: 'STATE_UNSPECIFIED', 1: ACTIVE, 2: 'DELETE_REQUESTED' };
const STATE = /^[A-Z_]{1,40}$/;

/** The projects asked for, checked: sorted ids, or `all`. */
export function requestedProjects(projects: readonly string[]): readonly string[] | typeof ALL_PROJECTS {
  const ids = [...new Set(projects)].sort();
  if (ids.length === 0) throw new InputError('--gcp', 'no project to read; name one with --project');
  if (ids.includes(ALL_PROJECTS)) {
    if (ids.length > 1)
      throw new InputError(
        '--project',
        'all cannot go with project ids; give either --project all or each --project <id>',
      );
    return ALL_PROJECTS;
  }
  const bad = ids.find((p) => !PROJECT.test(p));
  if (bad !== undefined)
    throw new InputError('--project', `${JSON.stringify(bad.slice(0, 80))} is not a project id or number`);
  return ids;
}

/**
 * The ids of the ACTIVE projects the credential can see, sorted. Every other project is a skipped coverage note,
 * as is an id that is not one; a listing that fails or stops short is a usage error, since scanning part of
 * "all" would pass for all.
 */
export async function visibleProjects(rt: GcpRuntime): Promise<string[]> {
  const client = await rt.projects();
  const got = await rt.list({ project: ALL_PROJECTS, location: '-' }, SEARCH, (pageToken, o) =>
    client.searchProjects({ pageToken }, o),
  );
  if (got.incomplete !== undefined)
    throw new InputError(
      '--project',
      `all: cannot list the projects the credential sees (${got.incomplete.code}); name them with --project <id>`,
    );
  const ids = new Set<string>();
  for (const p of got.items) {
    const id = typeof p.projectId === 'string' ? p.projectId : '';
    if (!PROJECT.test(id)) {
      skipped(
        rt,
        undefined,
        `SearchProjects gave ${JSON.stringify(id.slice(0, 80))}, which is not a project id; it was not read`,
        'InvalidProjectId',
      );
      continue;
    }
    const state = stateOf(p.state);
    if (state === ACTIVE) ids.add(id);
    else skipped(rt, id, `project ${id} is ${state}, not ACTIVE; it was not read`, state);
  }
  if (ids.size === 0)
    throw new InputError(
      '--project',
      'all: the credential sees no active project; grant it roles/browser on them or name them with --project <id>',
    );
  return [...ids].sort();
}

function stateOf(state: unknown): string {
  if (typeof state === 'number') return STATES[state] ?? 'STATE_UNSPECIFIED';
  return typeof state === 'string' && STATE.test(state) ? state : 'STATE_UNSPECIFIED';
}

function skipped(rt: GcpRuntime, project: string | undefined, message: string, errorCode: string): void {
  rt.notes.push({
    kind: 'skipped',
    message,
    input: inputOf(project ?? ALL_PROJECTS),
    service: SERVICE,
    api: SEARCH.operation,
    ...(project === undefined ? {} : { account: project }),
    errorCode,
  });
}
