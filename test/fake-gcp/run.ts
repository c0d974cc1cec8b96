import type { FakeGcp, Item, Json, Reply } from './server.js';
import { rpcError } from './server.js';

/**
 * The fake's Cloud Run Admin API (v2): the services of a location (`GET /v2/projects/{p}/locations/{l}/services`,
 * paged as the other lists, in `services`) and a service's IAM policy
 * (`GET /v2/projects/{p}/locations/{l}/services/{s}:getIamPolicy`, a google.iam.v1.Policy).
 */

export type RunCollection = 'services' | 'serviceIam';

export interface FakeRun {
  /** Services by location as the API returns them (`name` is the service id; the fake makes it full). */
  readonly services: Readonly<Record<string, readonly Item[]>>;
  /** IAM policy bindings by service id (none: an empty policy, which the API returns as `{etag}`). */
  readonly iam?: Readonly<Record<string, readonly { role: string; members: string[] }[]>>;
}

export const RUN_PATH = /^\/v2\/projects\/[^/]+\/locations\/[^/]+\/services(?:\/[^/]+:getIamPolicy)?$/;
const PARTS = /^\/v2\/projects\/([^/]+)\/locations\/([^/]+)\/services(?:\/([^/]+):getIamPolicy)?$/;
const SERVICE = 'run.googleapis.com';

export function routeRun(fake: FakeGcp, url: URL): Reply {
  const [, project = '', location = '', service] = PARTS.exec(url.pathname) ?? [];
  const run = fake.projects[project]?.run;
  const parent = `projects/${project}/locations/${location}/services`;
  if (service === undefined) {
    const fault = fake.fault('services', url.pathname, project, SERVICE);
    if (fault !== undefined) return fault;
    const items = (run?.services[location] ?? []).map((s) => ({ ...s, name: `${parent}/${s.name}` }));
    return fake.page(url, 'services', items);
  }
  const id = decodeURIComponent(service);
  if (!(run?.services[location] ?? []).some((s) => s.name === id))
    return rpcError(404, 'NOT_FOUND', `Resource '${parent}/${id}' was not found`);
  const fault = fake.fault('serviceIam', url.pathname, project, SERVICE);
  if (fault !== undefined) return fault;
  const bindings = run?.iam?.[id];
  return {
    status: 200,
    body:
      bindings === undefined
        ? { etag: 'ACAB' }
        : { version: 1, etag: 'BwYx', bindings: bindings as unknown as Json[] },
  };
}
