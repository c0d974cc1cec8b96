import type { FakeGcp, Item, Reply } from './server.js';

/**
 * The fake's Access Context Manager v1 API: the access policies of an organization (`GET
 * /v1/accessPolicies?parent=organizations/{id}`) and the service perimeters of a policy (`GET
 * /v1/accessPolicies/{id}/servicePerimeters`), paged as the other lists.
 */

export type AcmCollection = 'accessPolicies' | 'servicePerimeters';

export interface FakeAcm {
  /** Access policy ids by organization id. */
  readonly policies: Readonly<Record<string, readonly string[]>>;
  /** ServicePerimeters by policy id (`name` is the perimeter's short id). */
  readonly perimeters: Readonly<Record<string, readonly Item[]>>;
}

export const ACM_PATH = /^\/v1\/accessPolicies(?:\/\d+\/servicePerimeters)?$/;
const PERIMETERS = /^\/v1\/accessPolicies\/(\d+)\/servicePerimeters$/;
const ORG = /^organizations\/(\d+)$/;
const SERVICE = 'accesscontextmanager.googleapis.com';

export function routeAcm(fake: FakeGcp, url: URL): Reply {
  const policy = PERIMETERS.exec(url.pathname)?.[1];
  if (policy === undefined) {
    const org = ORG.exec(url.searchParams.get('parent') ?? '')?.[1] ?? '';
    const fault = fake.fault('accessPolicies', url.pathname, `organizations/${org}`, SERVICE);
    if (fault !== undefined) return fault;
    const policies = (fake.acm.policies[org] ?? []).map((id) => ({
      name: `accessPolicies/${id}`,
      parent: `organizations/${org}`,
      title: `policy ${id}`,
      etag: `etag-${id}`,
    }));
    return fake.page(url, 'accessPolicies', policies);
  }
  const fault = fake.fault('servicePerimeters', url.pathname, `accessPolicies/${policy}`, SERVICE);
  if (fault !== undefined) return fault;
  const perimeters = (fake.acm.perimeters[policy] ?? []).map((p) => ({
    ...p,
    name: `accessPolicies/${policy}/servicePerimeters/${p.name}`,
  }));
  return fake.page(url, 'servicePerimeters', perimeters);
}
