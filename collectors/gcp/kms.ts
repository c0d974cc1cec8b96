import type { protos } from '@google-cloud/kms';
import { byDefault, explicit } from '../../src/model/index.js';
import type { GcpInventory } from './inventory.js';
import { present, resourceId } from './links.js';
import type { GcpRuntime } from './runtime.js';

type CryptoKey = protos.google.cloud.kms.v1.ICryptoKey;

const SERVICE = 'cloudkms.googleapis.com';
const RINGS = { service: SERVICE, operation: 'ListKeyRings' } as const;
const KEYS = { service: SERVICE, operation: 'ListCryptoKeys' } as const;
const KEY_NAME = /^projects\/[^/]+\/locations\/([^/]+)\/keyRings\/[^/]+\/cryptoKeys\/([^/]+)$/;

/**
 * The Cloud KMS keys of a project in the scan's locations and `global`, with the fact google_kms_crypto_key
 * gives: automatic rotation when a rotation period is set.
 */
export async function collectKeys(
  rt: GcpRuntime,
  inv: GcpInventory,
  project: string,
  locations: readonly string[],
): Promise<void> {
  const client = await rt.kms();
  await Promise.all(
    [...new Set([...locations, 'global'])].sort().map(async (location) => {
      const scope = { project, location };
      const parent = `projects/${project}/locations/${location}`;
      const rings = await rt.list(scope, RINGS, (pageToken, o) =>
        client.listKeyRings({ parent, pageToken }, o),
      );
      await Promise.all(
        rings.items
          .filter((r) => typeof r.name === 'string' && r.name.startsWith(`${parent}/keyRings/`))
          .map(async (r) => {
            const ring = String(r.name);
            const keys = await rt.list(
              scope,
              KEYS,
              (pageToken, o) => client.listCryptoKeys({ parent: ring, pageToken }, o),
              resourceId(SERVICE, ring),
            );
            for (const k of keys.items) addKey(inv, project, k);
          }),
      );
    }),
  );
}

function addKey(inv: GcpInventory, project: string, k: CryptoKey): void {
  const name = k.name ?? '';
  const m = KEY_NAME.exec(name);
  if (m === null) return;
  const attribute = 'ListCryptoKeys.rotationPeriod';
  inv.asset(project, {
    id: resourceId(SERVICE, name),
    kind: 'key',
    nativeType: `${SERVICE}/CryptoKey`,
    name: m[2] ?? '',
    region: m[1] ?? 'global',
    facts: {
      keyRotation: present(k.rotationPeriod) ? explicit(true, attribute) : byDefault(false, attribute),
    },
    tags: { ...(k.labels ?? {}) },
  });
}
