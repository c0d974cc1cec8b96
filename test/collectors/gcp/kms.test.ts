import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../../src/model/index.js';
import { collectWithFaults } from '../../fake-gcp/client.js';
import { scannedFake } from '../../fake-gcp/scanned.js';
import { answered, FakeGcp, readOnly, type Fault } from '../../fake-gcp/server.js';
import { facts } from '../aws/scan.js';
import { kmsKey, PROJECT, REGION } from './fixture.js';

/** Cloud KMS keys read over the KMS client's REST fallback from the fake, in the scan's region and `global`. */

const GLOBAL_KEY = `//cloudkms.googleapis.com/projects/${PROJECT}/locations/global/keyRings/shared/cryptoKeys/manual`;
const P = `/v1/projects/${PROJECT}/locations`;

const scanned = scannedFake(
  () =>
    new FakeGcp({
      [PROJECT]: {
        vertex: {},
        kms: {
          [REGION]: {
            ai: [
              {
                name: 'vertex',
                purpose: 'ENCRYPT_DECRYPT',
                rotationPeriod: '7776000s',
                labels: { team: 'ml' },
              },
              { name: 'spare', purpose: 'ENCRYPT_DECRYPT', rotationPeriod: '86400s' },
              { name: 'signing', purpose: 'ASYMMETRIC_SIGN' },
            ],
          },
          global: { shared: [{ name: 'manual', purpose: 'ENCRYPT_DECRYPT' }] },
        },
      },
    }),
);

async function withFaults(faults: Fault[]): Promise<{ inv: Inventory; calls: string[] }> {
  const got = await collectWithFaults(scanned.fake, faults);
  return { inv: got, calls: scanned.fake.apiCalls().filter((c) => c.includes('/keyRings')) };
}

describe('collectGcp: Cloud KMS keys', () => {
  it('reads a rotated key under the id the encrypt-with flows point at, and an unrotated global key', () => {
    expect(facts(scanned.inv, kmsKey)).toEqual({
      keyRotation: ['explicit', true, 'ListCryptoKeys.rotationPeriod'],
    });
    expect(scanned.inv.assets.find((a) => a.id === kmsKey)).toMatchObject({
      kind: 'key',
      nativeType: 'cloudkms.googleapis.com/CryptoKey',
      name: 'vertex',
      source: { input: `gcp://${PROJECT}`, address: kmsKey, region: REGION },
      tags: { team: 'ml' },
    });
    expect(facts(scanned.inv, GLOBAL_KEY)).toEqual({
      keyRotation: ['default', false, 'ListCryptoKeys.rotationPeriod'],
    });
    expect(scanned.inv.assets.find((a) => a.id === GLOBAL_KEY)?.source.region).toBe('global');
    expect(scanned.inv.assets.filter((a) => a.kind === 'key')).toHaveLength(4);
  });

  it('lists the rings of each location and global, then the keys of each ring (two pages), GET only', async () => {
    const { calls } = await withFaults([]);
    expect(calls.sort()).toEqual(
      [
        `GET ${P}/${REGION}/keyRings`,
        `GET ${P}/global/keyRings`,
        `GET ${P}/${REGION}/keyRings/ai/cryptoKeys`,
        `GET ${P}/${REGION}/keyRings/ai/cryptoKeys?2`,
        `GET ${P}/global/keyRings/shared/cryptoKeys`,
      ].sort(),
    );
    expect(scanned.fake.log.every((c) => readOnly(c) && answered(c))).toBe(true);
  });

  it('notes a denied key listing with the ring, keeps the other location, and recovers from a 503', async () => {
    const ring = `//cloudkms.googleapis.com/projects/${PROJECT}/locations/${REGION}/keyRings/ai`;
    const { inv: got, calls } = await withFaults([
      { collection: 'cryptoKeys', kind: 'denied', pathIncludes: '/ai/' },
      { collection: 'keyRings', kind: 'unavailable', pathIncludes: '/global/', times: 1 },
    ]);
    expect(got.notes).toEqual([
      {
        kind: 'denied',
        message: `ListCryptoKeys was denied in project ${PROJECT} (${REGION}, PERMISSION_DENIED) for ${ring}; what it would have told is unknown`,
        input: `gcp://${PROJECT}`,
        address: ring,
        service: 'cloudkms.googleapis.com',
        api: 'ListCryptoKeys',
        region: REGION,
        account: PROJECT,
        errorCode: 'PERMISSION_DENIED',
      },
    ]);
    expect(got.assets.filter((a) => a.kind === 'key').map((a) => a.id)).toEqual([GLOBAL_KEY]);
    expect(calls.filter((c) => c === `GET ${P}/global/keyRings`)).toHaveLength(2);
  });
});
