import { explicit } from '../../src/model/index.js';
import { BRIDGE_PERIMETER, perimeterIsolatesAi } from '../terraform/google/network.js';
import type { GcpInventory } from './inventory.js';
import { resourceId } from './links.js';
import { getJson, jsonPage } from './rest.js';
import type { GcpRuntime, Scope } from './runtime.js';

/** The parts of Resource Manager v3 Folder, and Access Context Manager v1 AccessPolicy and ServicePerimeter. */
interface Folder {
  readonly parent?: string;
}
interface AccessPolicy {
  readonly name?: string;
}
interface ServicePerimeter {
  readonly name?: string;
  readonly title?: string;
  readonly perimeterType?: string;
  readonly status?: {
    readonly resources?: readonly string[];
    readonly restrictedServices?: readonly string[];
  };
  readonly useExplicitDryRunSpec?: boolean;
}

const RM = 'cloudresourcemanager.googleapis.com';
const ACM = 'accesscontextmanager.googleapis.com';
const FOLDERS = { service: RM, operation: 'Folders.GetFolder' } as const;
const POLICIES = { service: ACM, operation: 'ListAccessPolicies' } as const;
const PERIMETERS_OP = 'ListServicePerimeters';
const PERIMETERS = { service: ACM, operation: PERIMETERS_OP } as const;
const PARENT = /^(folders|organizations)\/(\d{1,30})$/;
const POLICY = /^accessPolicies\/\d{1,30}$/;
const PERIMETER = /^accessPolicies\/\d{1,30}\/servicePerimeters\/(\w{1,100})$/;
/** Folders nest at most ten deep: a longer walk is a loop. */
const MAX_DEPTH = 10;

/**
 * The VPC Service Controls perimeters around the scanned projects, with the fact
 * google_access_context_manager_service_perimeter gives. Perimeters live in the access policies of the
 * projects' organization, found by walking GetProject's parent up through the folders. Project-level
 * credentials usually may not read the organization's policies: that is one coverage note per organization.
 */
export async function collectPerimeters(
  rt: GcpRuntime,
  inv: GcpInventory,
  projects: readonly string[],
): Promise<void> {
  const folders = new Map<string, Promise<string | undefined>>();
  const sortedProjects = [...projects].sort();
  const byOrg = new Map<string, { project: string; number: string }[]>();
  const infos = await Promise.all(sortedProjects.map((project) => rt.project(project)));
  // One project after another, so that a shared folder is read, and noted, in the first project under it.
  for (const [i, project] of sortedProjects.entries()) {
    const info = infos[i];
    if (info?.number === undefined) continue;
    const org = await organizationOf(rt, folders, project, info.parent);
    if (org !== undefined) byOrg.set(org, [...(byOrg.get(org) ?? []), { project, number: info.number }]);
  }
  await Promise.all(
    [...byOrg].map(async ([org, members]) => {
      // Notes of the organization are made in its first scanned project: one per organization.
      const scope: Scope = { project: members[0]?.project ?? '', location: '-' };
      const policies = await rt.list<AccessPolicy>(
        scope,
        POLICIES,
        (pageToken) =>
          jsonPage(
            rt,
            ACM,
            '/v1/accessPolicies',
            'accessPolicies',
            { parent: `organizations/${org}`, pageToken },
            'full',
          ),
        `organizations/${org}`,
      );
      await Promise.all(
        policies.items
          .filter((p) => typeof p.name === 'string' && POLICY.test(p.name))
          .map(async (p) => {
            const policy = String(p.name);
            const got = await rt.list<ServicePerimeter>(
              scope,
              PERIMETERS,
              (pageToken) =>
                jsonPage(
                  rt,
                  ACM,
                  `/v1/${policy}/servicePerimeters`,
                  'servicePerimeters',
                  { pageToken },
                  'full',
                ),
              resourceId(ACM, policy),
            );
            for (const sp of got.items) addPerimeter(inv, members, sp);
          }),
      );
    }),
  );
}

/** The organization id above a project, through its folders (each read once per scan); undefined if unknown. */
async function organizationOf(
  rt: GcpRuntime,
  folders: Map<string, Promise<string | undefined>>,
  project: string,
  parent: string | undefined,
): Promise<string | undefined> {
  let at = parent;
  for (let depth = 0; at !== undefined && depth < MAX_DEPTH; depth++) {
    const m = PARENT.exec(at);
    if (m === null) return undefined;
    const [, type, id = ''] = m;
    if (type === 'organizations') return id;
    let next = folders.get(id);
    if (next === undefined) {
      next = (async () => {
        const got = await rt.list<Folder>(
          { project, location: '-' },
          FOLDERS,
          async () => [[(await getJson(rt, RM, `/v3/folders/${id}`, {})) as Folder], null, undefined],
          `folders/${id}`,
        );
        const p = got.items[0]?.parent;
        return typeof p === 'string' ? p : undefined;
      })();
      folders.set(id, next);
    }
    at = await next;
  }
  return undefined;
}

/** A perimeter that holds a scanned project, in the first of them; the others are outside this scan. */
function addPerimeter(
  inv: GcpInventory,
  members: readonly { project: string; number: string }[],
  sp: ServicePerimeter,
): void {
  const m = PERIMETER.exec(sp.name ?? '');
  if (m === null) return;
  const resources = Array.isArray(sp.status?.resources) ? sp.status.resources : [];
  const owner = members.find((p) => resources.includes(`projects/${p.number}`));
  if (owner === undefined) return;
  const restricted = Array.isArray(sp.status?.restrictedServices) ? sp.status.restrictedServices : [];
  inv.asset(owner.project, {
    id: resourceId(ACM, String(sp.name)),
    kind: 'network',
    nativeType: `${ACM}/ServicePerimeter`,
    name: typeof sp.title === 'string' && sp.title !== '' ? sp.title : (m[1] ?? ''),
    // `status` is what is enforced; a dry-run `spec` (useExplicitDryRunSpec) only logs what it would deny.
    facts:
      sp.perimeterType === BRIDGE_PERIMETER
        ? {}
        : {
            networkIsolated: explicit(
              perimeterIsolatesAi(restricted.filter((s) => typeof s === 'string')),
              `${PERIMETERS_OP}.status.restrictedServices`,
            ),
          },
  });
}
