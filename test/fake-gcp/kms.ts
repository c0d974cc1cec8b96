import type { FakeGcp, Item, Reply } from './server.js';
import { rpcError } from './server.js';

/** The fake's Cloud KMS (v1) REST API: key rings of a location and the crypto keys of a ring, paged. */

export type KmsCollection = 'keyRings' | 'cryptoKeys';

/** Crypto keys by location and key ring id (`name` of a key is its short id). */
export type FakeKms = Readonly<Record<string, Readonly<Record<string, readonly Item[]>>>>;

export const KMS_PATH = /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/keyRings(?:\/[^/]+\/cryptoKeys)?$/;
const PARTS = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/keyRings(?:\/([^/]+)\/cryptoKeys)?$/;
const SERVICE = 'cloudkms.googleapis.com';

export function routeKms(fake: FakeGcp, url: URL): Reply {
  const m = PARTS.exec(url.pathname);
  if (m === null) return rpcError(404, 'NOT_FOUND', `no route for ${url.pathname}`);
  const [, project = '', location = '', ring] = m;
  const rings = fake.projects[project]?.kms?.[location] ?? {};
  const parent = `projects/${project}/locations/${location}/keyRings`;
  if (ring === undefined) {
    const fault = fake.fault('keyRings', url.pathname, project, SERVICE);
    if (fault !== undefined) return fault;
    return fake.page(
      url,
      'keyRings',
      Object.keys(rings).map((r) => ({ name: `${parent}/${r}` })),
    );
  }
  const fault = fake.fault('cryptoKeys', url.pathname, project, SERVICE);
  if (fault !== undefined) return fault;
  const keys = (rings[ring] ?? []).map((k) => ({ ...k, name: `${parent}/${ring}/cryptoKeys/${k.name}` }));
  return fake.page(url, 'cryptoKeys', keys);
}
