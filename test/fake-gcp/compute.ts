import type { Json } from './server.js';

/**
 * The Compute Engine v1 REST routes of the fake: VPC networks and firewall rules (global lists) and
 * subnetworks (the aggregated list, grouped by `regions/{region}` as the API groups them). Items carry their
 * `name`; the fake adds the `selfLink` the API sets.
 */

export const COMPUTE_COLLECTIONS = ['networks', 'subnetworks', 'firewalls'] as const;
export type ComputeCollection = (typeof COMPUTE_COLLECTIONS)[number];

export type ComputeItem = { readonly name: string } & Record<string, Json>;

/** What one project holds in Compute Engine: subnetworks by region. */
export interface FakeCompute {
  readonly networks?: readonly ComputeItem[];
  readonly firewalls?: readonly ComputeItem[];
  readonly subnetworks?: Readonly<Record<string, readonly ComputeItem[]>>;
}

interface Reply {
  readonly status: number;
  readonly body: Json;
}

const GLOBAL = /^\/compute\/v1\/projects\/([^/]+)\/global\/(networks|firewalls)$/;
const AGGREGATED = /^\/compute\/v1\/projects\/([^/]+)\/aggregated\/subnetworks$/;
const SELF = 'https://www.googleapis.com/compute/v1/projects';

/**
 * The reply to a Compute call, or undefined when the path is no Compute route. `fault` answers for an injected
 * fault; `page` pages a list by offset into `{items, nextPageToken}`.
 */
export function routeCompute(
  path: string,
  compute: (project: string) => FakeCompute | undefined,
  fault: (collection: ComputeCollection, project: string) => Reply | undefined,
  page: (field: string, items: readonly Json[]) => Reply,
): Reply | undefined {
  const global = GLOBAL.exec(path);
  if (global !== null) {
    const [, project = '', collection = 'networks'] = global;
    const c = collection as 'networks' | 'firewalls';
    const failed = fault(c, project);
    if (failed !== undefined) return failed;
    const items = (compute(project)?.[c] ?? []).map((i) => ({
      ...i,
      selfLink: `${SELF}/${project}/global/${c}/${i.name}`,
    }));
    return page('items', items);
  }
  const aggregated = AGGREGATED.exec(path);
  if (aggregated === null) return undefined;
  const [, project = ''] = aggregated;
  const failed = fault('subnetworks', project);
  if (failed !== undefined) return failed;
  const flat = Object.entries(compute(project)?.subnetworks ?? {}).flatMap(([region, list]) =>
    list.map((i) => ({
      ...i,
      region: `${SELF}/${project}/regions/${region}`,
      selfLink: `${SELF}/${project}/regions/${region}/subnetworks/${i.name}`,
    })),
  );
  const paged = page('items', flat);
  const body = paged.body as { items: { region: string }[]; nextPageToken?: string };
  if (paged.status !== 200) return paged;
  const grouped: Record<string, Json> = {};
  for (const s of body.items) {
    const key = `regions/${s.region.split('/').pop() ?? ''}`;
    const scoped = (grouped[key] ??= { subnetworks: [] }) as { subnetworks: Json[] };
    scoped.subnetworks.push(s);
  }
  grouped['regions/us-east1'] ??= {
    warning: { code: 'NO_RESULTS_ON_PAGE', message: 'There are no results for scope regions/us-east1.' },
  };
  return {
    status: 200,
    body: {
      items: grouped,
      ...(body.nextPageToken === undefined ? {} : { nextPageToken: body.nextPageToken }),
    },
  };
}
