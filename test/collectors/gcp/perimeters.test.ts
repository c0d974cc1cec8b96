import { describe, expect, it } from 'vitest';

import { collectWithFaults } from '../../fake-gcp/client.js';
import { scannedFake } from '../../fake-gcp/scanned.js';
import { FakeGcp } from '../../fake-gcp/server.js';
import { perimeterMissesAi } from '../../../rules/cloud/network/perimeter-misses-ai.js';
import { run } from '../../helpers/inventory.js';
import { facts } from '../aws/scan.js';

/**
 * VPC Service Controls read from the fake Resource Manager and Access Context Manager: the organization above
 * each project (directly, or through nested folders), its access policies, and the perimeters holding a
 * scanned project, with the fact google_access_context_manager_service_perimeter gives.
 */

const A = 'acme-ml-a';
const B = 'acme-ml-b';
const C = 'acme-ml-c';
const LONE = 'acme-ml-lone';
const ORG = '900';
const ACM = 'accesscontextmanager.googleapis.com';
const perimeter = (policy: string, id: string): string =>
  `//${ACM}/accessPolicies/${policy}/servicePerimeters/${id}`;
const AT = 'ListServicePerimeters.status.restrictedServices';

const scanned = scannedFake(() => {
  const fake = new FakeGcp({
    [A]: { vertex: {}, number: '111', parent: 'folders/10' },
    [B]: { vertex: {}, number: '222', parent: `organizations/${ORG}` },
    [C]: { vertex: {}, number: '333', parent: 'folders/20' },
    [LONE]: { vertex: {}, number: '444' },
  });
  fake.folders = { '10': `organizations/${ORG}`, '20': 'folders/10' };
  fake.acm = {
    policies: { [ORG]: ['5', '6'] },
    perimeters: {
      '5': [
        {
          name: 'ai',
          title: 'AI perimeter',
          perimeterType: 'PERIMETER_TYPE_REGULAR',
          status: {
            resources: ['projects/111', 'projects/333'],
            restrictedServices: [
              'aiplatform.googleapis.com',
              'storage.googleapis.com',
              'bigquery.googleapis.com',
            ],
            vpcAccessibleServices: { enableRestriction: false },
          },
        },
        {
          name: 'storage_only',
          perimeterType: 'PERIMETER_TYPE_REGULAR',
          status: { resources: ['projects/222'], restrictedServices: ['storage.googleapis.com'] },
          // Vertex is restricted only in the dry run: nothing is enforced for it.
          spec: {
            resources: ['projects/222'],
            restrictedServices: ['aiplatform.googleapis.com', 'storage.googleapis.com'],
          },
          useExplicitDryRunSpec: true,
        },
        {
          // A bridge between the two perimeters: it restricts nothing, by design.
          name: 'bridge',
          perimeterType: 'PERIMETER_TYPE_BRIDGE',
          status: { resources: ['projects/111', 'projects/222'] },
        },
        {
          name: 'elsewhere',
          status: { resources: ['projects/999'], restrictedServices: ['aiplatform.googleapis.com'] },
        },
      ],
    },
  };
  return fake;
});

describe('collectGcp: VPC Service Controls perimeters', () => {
  it('makes each perimeter around a scanned project a network asset of the first such project', () => {
    const got = scanned.inv.assets.filter((a) => a.nativeType === `${ACM}/ServicePerimeter`);
    expect(got.map((a) => [a.id, a.kind, a.name, a.source.input])).toEqual([
      [perimeter('5', 'ai'), 'network', 'AI perimeter', `gcp://${A}`],
      [perimeter('5', 'bridge'), 'network', 'bridge', `gcp://${A}`],
      [perimeter('5', 'storage_only'), 'network', 'storage_only', `gcp://${B}`],
    ]);
    expect(scanned.inv.notes).toEqual([]);
  });

  it('isolates only a perimeter that enforces both Vertex AI and Cloud Storage, as the mapper judges', () => {
    expect(facts(scanned.inv, perimeter('5', 'ai'))).toEqual({ networkIsolated: ['explicit', true, AT] });
    expect(facts(scanned.inv, perimeter('5', 'storage_only'))).toEqual({
      networkIsolated: ['explicit', false, AT],
    });
    // A bridge restricts no service: neither isolated nor a perimeter that misses the AI APIs.
    expect(facts(scanned.inv, perimeter('5', 'bridge'))).toEqual({});
  });

  it('raises TG-NET-002 on the live perimeter that leaves Vertex AI unrestricted, as on the plan’s', () => {
    const { threats } = run([...scanned.inv.assets], [...scanned.inv.flows], [perimeterMissesAi]);
    expect(threats.map((t) => [t.ruleId, t.assets])).toEqual([
      ['TG-NET-002', [perimeter('5', 'storage_only')]],
    ]);
  });

  it('reads each project, folder and policy once, and the perimeters page by page', async () => {
    await collectWithFaults(scanned.fake, []);
    // The projects' getIamPolicy calls are counted in iam.test.ts.
    const calls = scanned.fake
      .apiCalls()
      .filter((c) => /\/v3\/(?!.*\/timeSeries)|accessPolicies/.test(c) && !c.endsWith(':getIamPolicy'));
    expect(calls.sort()).toEqual([
      'GET /v1/accessPolicies',
      'GET /v1/accessPolicies/5/servicePerimeters',
      'GET /v1/accessPolicies/5/servicePerimeters?2',
      'GET /v1/accessPolicies/6/servicePerimeters',
      'GET /v3/folders/10',
      'GET /v3/folders/20',
      ...[A, B, C, LONE].map((p) => `GET /v3/projects/${p}`),
    ]);
    expect(scanned.fake.log.find((c) => c.path === '/v1/accessPolicies')?.query).toEqual({
      parent: `organizations/${ORG}`,
    });
  });

  it('notes a denied organization once, not once per project, and makes no perimeter up', async () => {
    const got = await collectWithFaults(scanned.fake, [{ collection: 'accessPolicies', kind: 'denied' }]);
    expect(got.notes).toEqual([
      {
        kind: 'denied',
        message: `ListAccessPolicies was denied in project ${A} (all locations, PERMISSION_DENIED) for organizations/${ORG}; what it would have told is unknown`,
        input: `gcp://${A}`,
        address: `organizations/${ORG}`,
        service: ACM,
        api: 'ListAccessPolicies',
        account: A,
        errorCode: 'PERMISSION_DENIED',
      },
    ]);
    expect(got.assets.some((a) => a.nativeType === `${ACM}/ServicePerimeter`)).toBe(false);
  });

  it('notes a denied folder once; the projects under it reach no organization, the others still do', async () => {
    const got = await collectWithFaults(scanned.fake, [
      { collection: 'folders', kind: 'denied', pathIncludes: '/10' },
    ]);
    expect(got.notes.map((n) => [n.kind, n.account, n.api, n.address, n.message])).toEqual([
      [
        'denied',
        A,
        'Folders.GetFolder',
        'folders/10',
        `Folders.GetFolder was denied in project ${A} (all locations, PERMISSION_DENIED) for folders/10; what it would have told is unknown`,
      ],
    ]);
    expect(
      scanned.fake
        .apiCalls()
        .filter((c) => c.includes('/v3/folders/'))
        .sort(),
    ).toEqual(['GET /v3/folders/10', 'GET /v3/folders/20']);
    // B is in the organization directly: its perimeters are read (the bridge holds B too), now in B.
    const read = got.assets.filter((a) => a.nativeType === `${ACM}/ServicePerimeter`);
    expect(read.map((a) => [a.id, a.source.input])).toEqual([
      [perimeter('5', 'bridge'), `gcp://${B}`],
      [perimeter('5', 'storage_only'), `gcp://${B}`],
    ]);
  });

  it('notes a disabled Access Context Manager API as skipped', async () => {
    const got = await collectWithFaults(scanned.fake, [
      { collection: 'servicePerimeters', kind: 'disabled' },
    ]);
    expect(got.notes.map((n) => [n.kind, n.api, n.errorCode])).toEqual([
      ['skipped', 'ListServicePerimeters', 'SERVICE_DISABLED'],
      ['skipped', 'ListServicePerimeters', 'SERVICE_DISABLED'],
    ]);
  });
});
