import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectGcp } from '../../../collectors/gcp/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { scanFilesSync } from '../../../src/scan.js';
import { fakeGcpOptions } from '../../fake-gcp/client.js';
import { FakeGcp } from '../../fake-gcp/server.js';
import { assetById, factValues } from '../live-parity.js';

/**
 * Parity with the plan for the Compute resources: google_compute_network.vpc, google_compute_subnetwork.ml and
 * google_compute_firewall.notebook_ingress of fixtures/reference-architecture/gcp/plan.json, as the Compute v1
 * API returns them once deployed. Expected differences: none in kinds, facts or the firewall's network flow.
 * Flows the plan draws to the network or subnetwork from resources the Compute part does not read (their own
 * parity tests cover those) are left out here.
 */

const PROJECT = 'acme-ml-prod';
const REGION = 'europe-west4';
const URL_OF = `https://www.googleapis.com/compute/v1/projects/${PROJECT}`;
const C = `//compute.googleapis.com/projects/${PROJECT}`;
const SAME: Record<string, string> = {
  'google_compute_network.vpc': `${C}/global/networks/ml-vpc`,
  'google_compute_subnetwork.ml': `${C}/regions/${REGION}/subnetworks/ml-europe-west4`,
  'google_compute_firewall.notebook_ingress': `${C}/global/firewalls/allow-ssh-jupyter-notebooks`,
};

let fake: FakeGcp;
let plan: Inventory;
let live: Inventory;

beforeAll(async () => {
  plan = scanFilesSync(['fixtures/reference-architecture/gcp/plan.json']).inventory;
  fake = new FakeGcp({
    [PROJECT]: {
      vertex: {},
      compute: {
        networks: [
          { name: 'ml-vpc', autoCreateSubnetworks: false, routingConfig: { routingMode: 'REGIONAL' } },
        ],
        subnetworks: {
          [REGION]: [
            {
              name: 'ml-europe-west4',
              ipCidrRange: '10.20.0.0/20',
              network: `${URL_OF}/global/networks/ml-vpc`,
              privateIpGoogleAccess: true,
            },
          ],
        },
        firewalls: [
          {
            name: 'allow-ssh-jupyter-notebooks',
            network: `${URL_OF}/global/networks/ml-vpc`,
            direction: 'INGRESS',
            priority: 1000,
            disabled: false,
            sourceRanges: ['0.0.0.0/0'],
            targetTags: ['notebook'],
            allowed: [{ IPProtocol: 'tcp', ports: ['22', '8888'] }],
          },
        ],
      },
    },
  });
  await fake.start();
  live = await collectGcp(fakeGcpOptions(fake, { locations: [REGION] }));
});

afterAll(async () => {
  await fake.stop();
});

describe('live GCP vs plan parity (Compute networks)', () => {
  it.each(Object.entries(SAME))('%s has the same kind and facts live', (address, id) => {
    const p = assetById(plan, address);
    const l = assetById(live, id);
    expect(l.kind).toBe(p.kind);
    expect(factValues(l)).toEqual(factValues(p));
  });

  it('opens the notebook firewall rule to the internet on both sides', () => {
    expect(factValues(assetById(live, SAME['google_compute_firewall.notebook_ingress'] ?? ''))).toEqual({
      internetReachable: true,
    });
  });

  it('draws the same flows among the three', () => {
    const among = (inv: Inventory, ids: readonly string[]): [string, string, string][] =>
      inv.flows.filter((f) => ids.includes(f.from) && ids.includes(f.to)).map((f) => [f.kind, f.from, f.to]);
    const rename = Object.fromEntries(Object.entries(SAME));
    expect(among(live, Object.values(SAME))).toEqual(
      among(plan, Object.keys(SAME)).map(([k, from, to]) => [k, rename[from] ?? from, rename[to] ?? to]),
    );
    expect(among(live, Object.values(SAME))).toEqual([
      ['network', SAME['google_compute_firewall.notebook_ingress'], SAME['google_compute_network.vpc']],
    ]);
    expect(live.notes).toEqual([]);
  });
});
