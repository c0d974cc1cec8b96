import { describe, expect, it } from 'vitest';
import { firewallReachable } from '../../../collectors/gcp/compute.js';
import type { Inventory } from '../../../src/model/index.js';
import { firewallOpenOf } from '../../../collectors/terraform/google/network.js';
import { collectWithFaults } from '../../fake-gcp/client.js';
import { scannedFake } from '../../fake-gcp/scanned.js';
import type { FakeCompute } from '../../fake-gcp/compute.js';
import { answered, FakeGcp, readOnly, type Fault } from '../../fake-gcp/server.js';
import { facts } from '../aws/scan.js';
import { NETWORK, PROJECT, project, REGION, SUBNET, vertex, workbench } from './fixture.js';

/**
 * The Compute Engine part of collectGcp (networks, subnetworks, firewall rules) against the fake's Compute v1
 * REST routes, with the real @google-cloud/compute clients.
 */

const C = `//compute.googleapis.com/projects/${PROJECT}`;
const URL_OF = `https://www.googleapis.com/compute/v1/projects/${PROJECT}`;
const VPC = `${C}/global/networks/ml-vpc`;
const fw = (name: string): string => `${C}/global/firewalls/${name}`;

const compute: FakeCompute = {
  networks: [{ name: 'ml-vpc', autoCreateSubnetworks: false }, { name: 'default' }],
  subnetworks: {
    [REGION]: [{ name: 'ml', network: `${URL_OF}/global/networks/ml-vpc`, ipCidrRange: '10.20.0.0/20' }],
    'us-central1': [{ name: 'default', network: `${URL_OF}/global/networks/default` }],
  },
  firewalls: [
    {
      name: 'allow-ssh-anywhere',
      network: `${URL_OF}/global/networks/ml-vpc`,
      direction: 'INGRESS',
      sourceRanges: ['0.0.0.0/0'],
      allowed: [{ IPProtocol: 'tcp', ports: ['22'] }],
    },
    {
      name: 'allow-internal',
      network: `${URL_OF}/global/networks/ml-vpc`,
      direction: 'INGRESS',
      sourceRanges: ['10.0.0.0/8'],
      allowed: [{ IPProtocol: 'all' }],
    },
    {
      name: 'deny-anywhere',
      network: `${URL_OF}/global/networks/ml-vpc`,
      direction: 'INGRESS',
      sourceRanges: ['0.0.0.0/0', '::/0'],
      denied: [{ IPProtocol: 'all' }],
    },
    {
      name: 'egress-anywhere',
      network: `${URL_OF}/global/networks/default`,
      direction: 'EGRESS',
      destinationRanges: ['0.0.0.0/0'],
      allowed: [{ IPProtocol: 'all' }],
    },
    {
      name: 'disabled-v6',
      network: `${URL_OF}/global/networks/default`,
      direction: 'INGRESS',
      disabled: true,
      sourceRanges: ['::/0'],
      allowed: [{ IPProtocol: 'tcp' }],
    },
  ],
};

const scanned = scannedFake(
  () => new FakeGcp({ [PROJECT]: { ...project(), compute, number: '123456789012' } }),
);

async function withFaults(faults: Fault[]): Promise<{ inv: Inventory; calls: string[] }> {
  const got = await collectWithFaults(scanned.fake, faults);
  return { inv: got, calls: scanned.fake.apiCalls() };
}

const computeCalls = (calls: string[]): string[] =>
  calls.filter(
    (c) =>
      c.includes('/compute/') ||
      (c.includes(' /v3/') && !c.endsWith(':getIamPolicy') && !c.includes('/timeSeries')),
  );

describe('firewallOpenOf (shared with the google mapper)', () => {
  const rule = { direction: 'INGRESS', disabled: false, allows: 1, sourceRanges: ['0.0.0.0/0'] };
  it('is open only for an enabled ingress allow from anywhere, and names what decided', () => {
    expect(firewallOpenOf(rule)).toEqual({ open: true, decidedBy: 'sourceRanges' });
    expect(firewallOpenOf({ ...rule, direction: undefined, sourceRanges: ['::/0'] })).toEqual({
      open: true,
      decidedBy: 'sourceRanges',
    });
    expect(firewallOpenOf({ ...rule, sourceRanges: ['10.0.0.0/8'] })).toEqual({
      open: false,
      decidedBy: 'sourceRanges',
    });
    expect(firewallOpenOf({ ...rule, direction: 'EGRESS' })).toEqual({ open: false, decidedBy: 'direction' });
    expect(firewallOpenOf({ ...rule, disabled: true })).toEqual({ open: false, decidedBy: 'disabled' });
    expect(firewallOpenOf({ ...rule, allows: 0 })).toEqual({ open: false, decidedBy: 'allow' });
  });

  it('reads the API field names: no direction is INGRESS, `allowed` blocks', () => {
    expect(firewallReachable({ sourceRanges: ['0.0.0.0/0'], allowed: [{ IPProtocol: 'tcp' }] })).toEqual({
      state: 'explicit',
      value: true,
      attribute: 'Firewalls.List.sourceRanges',
    });
    expect(firewallReachable({ sourceRanges: ['0.0.0.0/0'] })).toEqual({
      state: 'explicit',
      value: false,
      attribute: 'Firewalls.List.allowed',
    });
  });
});

describe('collectGcp: Compute networks', () => {
  it('reads networks and the subnetworks of every region, ids as other APIs name them', () => {
    const got = scanned.inv.assets
      .filter((a) => a.id.startsWith('//compute.googleapis.com/') && a.kind !== 'firewall-rule')
      .map((a) => [a.kind, a.id, a.name, a.nativeType, a.source.region ?? '-', Object.keys(a.facts).length]);
    expect(got).toEqual([
      ['network', `${C}/global/networks/default`, 'default', 'compute.googleapis.com/Network', '-', 0],
      ['network', VPC, 'ml-vpc', 'compute.googleapis.com/Network', '-', 0],
      [
        'subnet',
        `${C}/regions/${REGION}/subnetworks/ml`,
        'ml',
        'compute.googleapis.com/Subnetwork',
        REGION,
        0,
      ],
      [
        'subnet',
        `${C}/regions/us-central1/subnetworks/default`,
        'default',
        'compute.googleapis.com/Subnetwork',
        'us-central1',
        0,
      ],
    ]);
    // The Workbench instance's network flow (first slice) lands on the subnetwork asset read here.
    expect(`//compute.googleapis.com/${SUBNET}`).toBe(`${C}/regions/${REGION}/subnetworks/ml`);
    const wb = scanned.inv.flows.filter((f) => f.from === workbench('wb-locked') && f.kind === 'network');
    expect(wb.map((f) => f.to)).toContain(`${C}/regions/${REGION}/subnetworks/ml`);
  });

  it('points the network flows Vertex AI names by project number at the network asset, by project id', () => {
    expect(NETWORK).toBe('projects/123456789012/global/networks/ml-vpc');
    const to = scanned.inv.flows.filter(
      (f) => f.from === vertex('endpoints', 'locked') && f.kind === 'network',
    );
    expect(to.map((f) => [f.to, f.evidence.map((e) => e.attribute).join()])).toEqual([
      [VPC, 'ListEndpoints.network'],
    ]);
    expect(scanned.inv.assets.some((a) => a.id === VPC && a.kind === 'network')).toBe(true);
    expect(scanned.inv.flows.some((f) => f.to.includes('/projects/123456789012/'))).toBe(false);
  });

  it('leaves the number in the flow when GetProject is denied, with a note', async () => {
    const { inv: got } = await withFaults([{ collection: 'projects', kind: 'denied' }]);
    expect(got.notes).toEqual([
      {
        kind: 'denied',
        message: `Projects.GetProject was denied in project ${PROJECT} (all locations, PERMISSION_DENIED); what it would have told is unknown`,
        input: `gcp://${PROJECT}`,
        service: 'cloudresourcemanager.googleapis.com',
        api: 'Projects.GetProject',
        account: PROJECT,
        errorCode: 'PERMISSION_DENIED',
      },
    ]);
    const to = got.flows.filter((f) => f.from === vertex('endpoints', 'locked') && f.kind === 'network');
    expect(to.map((f) => f.to)).toEqual([`//compute.googleapis.com/${NETWORK}`]);
  });

  it('judges firewall rules as the mapper does: open ingress is internetReachable, the rest is not', () => {
    expect(facts(scanned.inv, fw('allow-ssh-anywhere'))).toEqual({
      internetReachable: ['explicit', true, 'Firewalls.List.sourceRanges'],
    });
    expect(facts(scanned.inv, fw('allow-internal'))).toEqual({
      internetReachable: ['explicit', false, 'Firewalls.List.sourceRanges'],
    });
    expect(facts(scanned.inv, fw('deny-anywhere'))).toEqual({
      internetReachable: ['explicit', false, 'Firewalls.List.allowed'],
    });
    expect(facts(scanned.inv, fw('egress-anywhere'))).toEqual({
      internetReachable: ['explicit', false, 'Firewalls.List.direction'],
    });
    expect(facts(scanned.inv, fw('disabled-v6'))).toEqual({
      internetReachable: ['explicit', false, 'Firewalls.List.disabled'],
    });
  });

  it('draws a network flow from each firewall rule to its VPC network, as the mapper does', () => {
    const flows = scanned.inv.flows
      .filter((f) => f.from.includes('/global/firewalls/'))
      .map((f) => [f.kind, f.from.split('/').pop(), f.to, f.evidence.map((e) => e.attribute).join()]);
    expect(flows).toEqual([
      ['network', 'allow-internal', VPC, 'Firewalls.List.network'],
      ['network', 'allow-ssh-anywhere', VPC, 'Firewalls.List.network'],
      ['network', 'deny-anywhere', VPC, 'Firewalls.List.network'],
      ['network', 'disabled-v6', `${C}/global/networks/default`, 'Firewalls.List.network'],
      ['network', 'egress-anywhere', `${C}/global/networks/default`, 'Firewalls.List.network'],
    ]);
    // Every flow target read here is an asset of the inventory.
    const ids = new Set(scanned.inv.assets.map((a) => a.id));
    expect(flows.every((f) => ids.has(String(f[2])))).toBe(true);
  });

  it('makes only the read-only GET lists, paged by nextPageToken', async () => {
    const { calls } = await withFaults([]);
    // The three lists run at once: their order is the fake's arrival order, so it is sorted here.
    expect(computeCalls(calls).sort()).toEqual([
      `GET /compute/v1/projects/${PROJECT}/aggregated/subnetworks`,
      `GET /compute/v1/projects/${PROJECT}/global/firewalls`,
      `GET /compute/v1/projects/${PROJECT}/global/firewalls?2`,
      `GET /compute/v1/projects/${PROJECT}/global/firewalls?4`,
      `GET /compute/v1/projects/${PROJECT}/global/networks`,
      `GET /v3/projects/${PROJECT}`,
    ]);
    expect(scanned.fake.log.every((c) => readOnly(c) && answered(c))).toBe(true);
  });

  it('notes a denied firewall list: no rule is made up, the networks are still read', async () => {
    const { inv: got, calls } = await withFaults([{ collection: 'firewalls', kind: 'denied' }]);
    expect(got.notes).toEqual([
      {
        kind: 'denied',
        message: `Firewalls.List was denied in project ${PROJECT} (all locations, PERMISSION_DENIED); what it would have told is unknown`,
        input: `gcp://${PROJECT}`,
        service: 'compute.googleapis.com',
        api: 'Firewalls.List',
        account: PROJECT,
        errorCode: 'PERMISSION_DENIED',
      },
    ]);
    expect(got.assets.filter((a) => a.kind === 'firewall-rule')).toEqual([]);
    expect(got.assets.filter((a) => a.kind === 'network')).toHaveLength(2);
    // A denial is not retried.
    expect(computeCalls(calls).filter((c) => c.includes('/firewalls'))).toHaveLength(1);
  });

  it('retries a throttled network list and an unavailable subnetwork list; nothing is noted', async () => {
    const { inv: got, calls } = await withFaults([
      { collection: 'networks', kind: 'exhausted', times: 1 },
      { collection: 'subnetworks', kind: 'unavailable', times: 1 },
    ]);
    expect(got.notes).toEqual([]);
    expect(computeCalls(calls).filter((c) => c.endsWith('/networks'))).toHaveLength(2);
    expect(computeCalls(calls).filter((c) => c.endsWith('/subnetworks'))).toHaveLength(2);
    expect(got.assets.filter((a) => a.kind === 'subnet')).toHaveLength(2);
    expect(JSON.stringify(got)).toBe(JSON.stringify(scanned.inv));
  });

  it('notes a subnetwork list that outlives its retries', async () => {
    const { inv: got, calls } = await withFaults([{ collection: 'subnetworks', kind: 'unavailable' }]);
    expect(got.notes.map((n) => [n.kind, n.message])).toEqual([
      [
        'skipped',
        `Subnetworks.AggregatedList failed in project ${PROJECT} (all locations, UNAVAILABLE after 2 retries); what it would have told is unknown`,
      ],
    ]);
    expect(computeCalls(calls).filter((c) => c.endsWith('/subnetworks'))).toHaveLength(3);
    expect(got.assets.filter((a) => a.kind === 'subnet')).toEqual([]);
  });
});
