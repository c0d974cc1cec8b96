import type { FakeGcp, Item, Reply } from './server.js';

/**
 * The fake's API Keys (v2) API: a project's keys (`GET /v2/projects/{p}/locations/global/keys`), paged as the
 * other lists. Keys are named by the project number, as the API names them; items are served as given, so a
 * test can put a `keyString` in one (the real list never has it) to prove the collector carries nothing of it.
 */

export type ApiKeysCollection = 'apiKeys';

export interface FakeApiKeys {
  /** Keys as the API returns them, `name` the key id (the fake makes the full name). */
  readonly keys?: readonly Item[];
}

export const APIKEYS_PATH = /^\/v2\/projects\/([^/]+)\/locations\/global\/keys$/;
const SERVICE = 'apikeys.googleapis.com';

export function routeApiKeys(fake: FakeGcp, url: URL): Reply {
  const project = APIKEYS_PATH.exec(url.pathname)?.[1] ?? '';
  const fault = fake.fault('apiKeys', url.pathname, project, SERVICE);
  if (fault !== undefined) return fault;
  const p = fake.projects[project];
  const number = p?.number ?? '0';
  const keys = (p?.apikeys?.keys ?? []).map((k) => ({
    ...k,
    name: `projects/${number}/locations/global/keys/${k.name}`,
  }));
  // Proto3 JSON leaves an empty repeated field out: a project without keys answers `{}`.
  return keys.length === 0 ? { status: 200, body: {} } : fake.page(url, 'keys', keys);
}
