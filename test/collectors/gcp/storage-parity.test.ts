import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectGcp } from '../../../collectors/gcp/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { scanFilesSync } from '../../../src/scan.js';
import { fakeGcpOptions } from '../../fake-gcp/client.js';
import { FakeGcp } from '../../fake-gcp/server.js';
import { assetById, factValues } from '../live-parity.js';

/**
 * Parity with fixtures/reference-architecture/gcp/plan.json for Cloud Storage and Cloud KMS: the user-data and
 * model buckets with the inference service account's grants, and the ml-data key, as the JSON and KMS APIs
 * return them once deployed. Expected differences: none in kind, tags or fact values; the plan's grants whose
 * member is known only after apply (training writes models) draw no live flow here because the deployed policy
 * below names only the inference account.
 */

const PROJECT = 'acme-ml-prod';
const REGION = 'europe-west4';
const INFERENCE = `sa-inference@${PROJECT}.iam.gserviceaccount.com`;
const bucketId = (b: string): string => `//storage.googleapis.com/projects/_/buckets/${b}`;
const KEY = `//cloudkms.googleapis.com/projects/${PROJECT}/locations/${REGION}/keyRings/ml-keys/cryptoKeys/ml-data`;
const SAME: Record<string, string> = {
  'google_storage_bucket.user_data': bucketId('acme-ml-prod-user-data'),
  'google_storage_bucket.models': bucketId('acme-ml-prod-models'),
  'google_kms_crypto_key.data': KEY,
};
const labels = (element: string): Record<string, string> => ({ system: 'llm-chat', element });

let fake: FakeGcp;
let plan: Inventory;
let live: Inventory;

beforeAll(async () => {
  plan = scanFilesSync(['fixtures/reference-architecture/gcp/plan.json']).inventory;
  fake = new FakeGcp({
    [PROJECT]: {
      vertex: {},
      storage: {
        buckets: [
          {
            name: 'acme-ml-prod-user-data',
            location: 'EUROPE-WEST4',
            labels: labels('data-layer'),
            iamConfiguration: { publicAccessPrevention: 'inherited' },
          },
          {
            name: 'acme-ml-prod-models',
            location: 'EUROPE-WEST4',
            labels: labels('model-artifacts'),
            iamConfiguration: { publicAccessPrevention: 'inherited' },
          },
        ],
        iam: {
          'acme-ml-prod-user-data': [
            { role: 'roles/storage.objectCreator', members: [`serviceAccount:${INFERENCE}`] },
          ],
          'acme-ml-prod-models': [
            { role: 'roles/storage.objectViewer', members: [`serviceAccount:${INFERENCE}`] },
          ],
        },
      },
      kms: { [REGION]: { 'ml-keys': [{ name: 'ml-data', purpose: 'ENCRYPT_DECRYPT' }] } },
    },
  });
  await fake.start();
  live = await collectGcp(fakeGcpOptions(fake, { locations: [REGION] }));
});

afterAll(async () => {
  await fake.stop();
});

describe('live GCP vs plan parity (Cloud Storage and Cloud KMS)', () => {
  it.each(Object.entries(SAME))('%s has the same kind, tags and facts live', (address, id) => {
    const p = assetById(plan, address);
    const l = assetById(live, id);
    expect(l.kind).toBe(p.kind);
    expect(factValues(l)).toEqual(factValues(p));
    if (p.kind === 'object-store') expect(l.tags).toEqual(p.tags);
  });

  it('draws the inference account’s read of the models and write of the user data, as the plan does', () => {
    const planned = plan.flows
      .filter(
        (f) => f.from === 'google_service_account.inference' && f.to.startsWith('google_storage_bucket.'),
      )
      .map((f) => [f.kind, SAME[f.to]]);
    const got = live.flows
      .filter((f) => f.from === `//iam.googleapis.com/projects/-/serviceAccounts/${INFERENCE}`)
      .map((f) => [f.kind, f.to]);
    expect(got.sort()).toEqual(planned.sort());
    expect(got).toHaveLength(2);
    expect(live.notes).toEqual([]);
  });
});
