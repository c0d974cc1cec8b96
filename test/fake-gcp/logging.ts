import type { FakeGcp, Item, Reply } from './server.js';

/**
 * The fake's Cloud Logging (v2) REST API: a project's sinks (`GET /v2/projects/{p}/sinks`) and its log buckets
 * in every location (`GET /v2/projects/{p}/locations/-/buckets`), paged as the other lists.
 */

export type LoggingCollection = 'sinks' | 'logBuckets';

export interface FakeLogging {
  /** LogSinks as the API returns them (`name` is the sink id). */
  readonly sinks?: readonly Item[];
  /** LogBuckets, `name` given as `{location}/{bucket id}`. */
  readonly buckets?: readonly Item[];
}

export const LOGGING_PATH = /^\/v2\/projects\/[^/]+\/(?:sinks|locations\/[^/]+\/buckets)$/;
const PARTS = /^\/v2\/projects\/([^/]+)\/(?:(sinks)|locations\/([^/]+)\/buckets)$/;
const SERVICE = 'logging.googleapis.com';

export function routeLogging(fake: FakeGcp, url: URL): Reply {
  const [, project = '', sinks, location = ''] = PARTS.exec(url.pathname) ?? [];
  const logging = fake.projects[project]?.logging ?? {};
  const fault = fake.fault(sinks === undefined ? 'logBuckets' : 'sinks', url.pathname, project, SERVICE);
  if (fault !== undefined) return fault;
  if (sinks !== undefined) return fake.page(url, 'sinks', logging.sinks ?? []);
  const buckets = (logging.buckets ?? []).flatMap((b) => {
    const [where = '', id = ''] = b.name.split('/');
    return location === '-' || where === location
      ? [{ ...b, name: `projects/${project}/locations/${where}/buckets/${id}` }]
      : [];
  });
  return fake.page(url, 'buckets', buckets);
}
