import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../../src/model/index.js';
import { collectWithFaults } from '../../fake-gcp/client.js';
import { scannedFake } from '../../fake-gcp/scanned.js';
import { FakeGcp, type Fault } from '../../fake-gcp/server.js';
import { facts } from '../aws/scan.js';
import { DEFAULT_SA, PROJECT, REGION, sa, SERVING_SA, TRAINING_SA, vertex, workbench } from './fixture.js';
import { AGENT_ROLE, iamProject, OLD_SA } from './iam-fixture.js';

/**
 * The IAM of a project read from the fake IAM, Resource Manager and Vertex AI v1beta1 APIs: service accounts,
 * their policies, the project policy with a custom role and an audit config, endpoint policies, and the default
 * compute service account of a Workbench instance that names none.
 */

const scanned = scannedFake(() => new FakeGcp({ [PROJECT]: iamProject() }));

const P = 'Projects.GetIamPolicy.bindings';
const S = 'GetServiceAccountIamPolicy.bindings';
const ENDPOINTS = `set:gcp:project:${PROJECT}:google_vertex_ai_endpoint`;
const DATASET = vertex('datasets', 'd1');
const INDEX = vertex('indexEndpoints', 'ie1');
const IAM_CALL = /\/serviceAccounts|\/roles|:getIamPolicy|^GET \/v3\/(?!.*\/timeSeries)/;
const flows = (i: Inventory, id: string): [string, string, string, string | undefined][] =>
  i.flows
    .filter((f) => f.from === id)
    .map((f) => [f.kind, f.to, f.evidence[0]?.attribute ?? '', f.evidence[0]?.note]);
const kinds = (i: Inventory, from: string, to: string): string[] =>
  i.flows.filter((f) => f.from === from && f.to === to).map((f) => f.kind);

async function withFaults(faults: Fault[]): Promise<{ inv: Inventory; calls: string[] }> {
  const got = await collectWithFaults(scanned.fake, faults);
  return { inv: got, calls: scanned.fake.apiCalls().filter((c) => IAM_CALL.test(c)) };
}

describe('collectGcp: service accounts and who can act as them', () => {
  it('reads every account (two pages, the disabled one kept) as the google_service_account mapper does', () => {
    const ids = scanned.inv.assets.filter((a) => a.nativeType === 'iam.googleapis.com/ServiceAccount');
    expect(ids.map((a) => [a.id, a.kind, a.name])).toEqual(
      [DEFAULT_SA, OLD_SA, SERVING_SA, TRAINING_SA].map((e) => [sa(e), 'identity', e]),
    );
    // Disabled, but its grants still stand and it can be enabled again: the mapper ignores `disabled` too.
    expect(facts(scanned.inv, sa(OLD_SA))).toEqual({
      adminPrivileges: ['default', false, P],
      externalTrust: ['default', false, S],
      wildcardModelAccess: ['explicit', true, P],
    });
  });

  it('draws who may act as an account, and trusts a workload identity pool but not a conditional allUsers', () => {
    expect(flows(scanned.inv, sa(TRAINING_SA)).filter((f) => f[0] === 'assume-identity')).toEqual([
      [
        'assume-identity',
        sa(SERVING_SA),
        S,
        `roles/iam.serviceAccountUser via serviceAccount:${TRAINING_SA}`,
      ],
    ]);
    expect(facts(scanned.inv, sa(SERVING_SA))['externalTrust']).toEqual(['explicit', true, S]);
    // allUsers may mint tokens for the training account only under a condition: as the mapper, no external trust.
    expect(facts(scanned.inv, sa(TRAINING_SA))['externalTrust']).toEqual(['default', false, S]);
  });
});

describe('collectGcp: the project IAM policy', () => {
  it('gives admin privileges for roles/editor and model access for roles/aiplatform.user, unknown under a condition', () => {
    expect(facts(scanned.inv, sa(DEFAULT_SA))).toEqual({
      adminPrivileges: ['explicit', true, P],
      externalTrust: ['default', false, S],
      wildcardModelAccess: ['default', false, P],
    });
    expect(facts(scanned.inv, sa(SERVING_SA))['wildcardModelAccess']).toEqual(['explicit', true, P]);
    expect(facts(scanned.inv, sa(TRAINING_SA))['wildcardModelAccess']).toEqual([
      'unknown',
      undefined,
      'an IAM condition may narrow the grant',
    ]);
  });

  it('draws project-wide flows: to the set of endpoints, the index endpoint and the dataset (read and write)', () => {
    expect(scanned.inv.assets.find((a) => a.id === ENDPOINTS)).toMatchObject({
      kind: 'resource-set',
      nativeType: 'google_project_resources',
      members: ['locked', 'open', 'psc'].map((e) => vertex('endpoints', e)),
    });
    const note = `roles/aiplatform.user on the project via serviceAccount:${SERVING_SA}`;
    expect(flows(scanned.inv, sa(SERVING_SA)).filter((f) => f[2] === P)).toEqual([
      ['deploy', INDEX, P, note],
      ['deploy', ENDPOINTS, P, note],
      ['invoke', INDEX, P, note],
      ['invoke', ENDPOINTS, P, note],
      ['read', DATASET, P, note],
      ['write', DATASET, P, note],
    ]);
    expect(flows(scanned.inv, sa(TRAINING_SA)).find((f) => f[1] === ENDPOINTS)?.[3]).toBe(
      `roles/aiplatform.user on the project via serviceAccount:${TRAINING_SA}, under an IAM condition`,
    );
  });

  it('judges a custom role by its permissions (ListRoles, view FULL): prediction calls every endpoint', () => {
    expect(flows(scanned.inv, sa(OLD_SA))).toEqual([
      ['invoke', ENDPOINTS, P, `${AGENT_ROLE} on the project via serviceAccount:${OLD_SA}`],
    ]);
  });

  it('reads the Data Access audit config: DATA_READ logs index queries, not endpoint predictions', () => {
    const A = 'Projects.GetIamPolicy.auditConfigs';
    expect(facts(scanned.inv, INDEX)['accessLogging']).toEqual(['explicit', true, A]);
    expect(facts(scanned.inv, vertex('endpoints', 'open'))['invocationLogging']).toEqual([
      'explicit',
      false,
      A,
    ]);
    // Request-response logging already logs the locked endpoint's predictions.
    expect(facts(scanned.inv, vertex('endpoints', 'locked'))['invocationLogging']?.[1]).toBe(true);
  });
});

describe('collectGcp: endpoint IAM policies (Vertex AI v1beta1)', () => {
  it('makes an endpoint invocable by allUsers unauthenticated, and draws the serving account’s grant', () => {
    const at = 'GetEndpointIamPolicy.bindings';
    expect(facts(scanned.inv, vertex('endpoints', 'open'))['requiresAuthentication']).toEqual([
      'explicit',
      false,
      at,
    ]);
    expect(facts(scanned.inv, vertex('endpoints', 'locked'))['requiresAuthentication']).toEqual([
      'explicit',
      true,
      at,
    ]);
    // A custom role granted to anyone: whether it predicts is not read on this side.
    expect(facts(scanned.inv, vertex('endpoints', 'psc'))['requiresAuthentication']).toEqual([
      'unknown',
      undefined,
      `custom role ${AGENT_ROLE} is granted to anyone; its permissions are not read`,
    ]);
    expect(kinds(scanned.inv, sa(SERVING_SA), vertex('endpoints', 'locked'))).toEqual(['deploy', 'invoke']);
  });
});

describe('collectGcp: the default compute service account', () => {
  it('runs a Workbench instance that names no account as the project’s, by the number GetProject gave', () => {
    expect(flows(scanned.inv, workbench('wb-default'))).toEqual([
      [
        'assume-identity',
        sa(DEFAULT_SA),
        'ListInstances.gceSetup.serviceAccounts.email',
        expect.stringContaining('default Compute Engine service account') as string,
      ],
    ]);
  });

  it('keeps the per-workload stand-in when GetProject is denied', async () => {
    const { inv: got } = await withFaults([{ collection: 'projects', kind: 'denied' }]);
    const standIn = `${workbench('wb-default')}#default-compute-service-account`;
    expect(flows(got, workbench('wb-default')).map((f) => f[1])).toEqual([standIn]);
    expect(got.notes.map((n) => n.api)).toEqual(['Projects.GetProject']);
  });
});

describe('collectGcp: IAM calls', () => {
  it('reads each policy once (version 3), accounts in two pages, roles with view FULL, GetProject once', async () => {
    const { calls, inv: again } = await withFaults([]);
    const v1 = `/v1/projects/${PROJECT}`;
    expect(calls.sort()).toEqual(
      [
        `GET ${v1}/serviceAccounts`,
        `GET ${v1}/serviceAccounts?2`,
        `GET ${v1}/roles`,
        `GET /v3/projects/${PROJECT}`,
        `POST /v3/projects/${PROJECT}:getIamPolicy`,
        ...[DEFAULT_SA, OLD_SA, SERVING_SA, TRAINING_SA].map(
          (e) => `POST ${v1}/serviceAccounts/${e}:getIamPolicy`,
        ),
        ...['locked', 'open', 'psc'].map(
          (e) => `POST /v1beta1/projects/${PROJECT}/locations/${REGION}/endpoints/${e}:getIamPolicy`,
        ),
      ].sort(),
    );
    const posts = scanned.fake.log.filter((c) => c.method === 'POST');
    expect(posts.every((c) => c.path.endsWith(':getIamPolicy') && c.status === 200)).toBe(true);
    expect(posts.filter((c) => c.path.startsWith('/v1beta1/')).map((c) => c.query)).toEqual(
      Array(3).fill({ 'options.requestedPolicyVersion': '3' }),
    );
    expect(
      posts.filter((c) => !c.path.startsWith('/v1beta1/')).map((c) => JSON.parse(c.body ?? '{}') as unknown),
    ).toEqual(Array(5).fill({ options: { requestedPolicyVersion: 3 } }));
    expect(scanned.fake.log.find((c) => c.path.endsWith('/roles'))?.query['view']).toBe('FULL');
    expect(again.notes).toEqual([]);
    expect(JSON.stringify(again)).toBe(JSON.stringify(scanned.inv));
  });
});

describe('collectGcp: failed IAM calls', () => {
  it('leaves an account’s external trust unknown when its policy is denied', async () => {
    const { inv: got } = await withFaults([
      { collection: 'serviceAccountIam', kind: 'denied', pathIncludes: 'serving@' },
    ]);
    expect(got.notes.map((n) => [n.kind, n.api, n.address, n.message])).toEqual([
      [
        'denied',
        'GetServiceAccountIamPolicy',
        sa(SERVING_SA),
        `GetServiceAccountIamPolicy was denied in project ${PROJECT} (all locations, PERMISSION_DENIED) for ${sa(SERVING_SA)}; what it would have told is unknown`,
      ],
    ]);
    expect(facts(got, sa(SERVING_SA))['externalTrust']).toEqual([
      'unknown',
      undefined,
      'the service account IAM policy: GetServiceAccountIamPolicy denied (PERMISSION_DENIED)',
    ]);
    expect(kinds(got, sa(TRAINING_SA), sa(SERVING_SA))).toEqual([]);
  });

  it('leaves admin privileges, model access and audit-decided logging unknown when the project policy is denied', async () => {
    const { inv: got, calls } = await withFaults([{ collection: 'projectIam', kind: 'denied' }]);
    const why = 'the project IAM policy: Projects.GetIamPolicy denied (PERMISSION_DENIED)';
    expect(got.notes.map((n) => [n.kind, n.service, n.api, n.message])).toEqual([
      [
        'denied',
        'cloudresourcemanager.googleapis.com',
        'Projects.GetIamPolicy',
        `Projects.GetIamPolicy was denied in project ${PROJECT} (all locations, PERMISSION_DENIED) for //cloudresourcemanager.googleapis.com/projects/${PROJECT}; what it would have told is unknown`,
      ],
    ]);
    expect(facts(got, sa(DEFAULT_SA))).toEqual({
      adminPrivileges: ['unknown', undefined, why],
      externalTrust: ['default', false, S],
      wildcardModelAccess: ['unknown', undefined, why],
    });
    expect(facts(got, INDEX)['accessLogging']).toEqual(['unknown', undefined, why]);
    expect(facts(got, vertex('endpoints', 'open'))['invocationLogging']?.[0]).toBe('unknown');
    expect(facts(got, vertex('endpoints', 'locked'))['invocationLogging']?.[1]).toBe(true);
    // No policy, so no custom role to read.
    expect(calls.filter((c) => c.endsWith('/roles'))).toEqual([]);
  });

  it('leaves the custom role’s holder’s model access unknown when ListRoles is denied', async () => {
    const { inv: got } = await withFaults([{ collection: 'roles', kind: 'denied' }]);
    expect(facts(got, sa(OLD_SA))['wildcardModelAccess']).toEqual([
      'unknown',
      undefined,
      `the permissions of custom role ${AGENT_ROLE} are not read (ListRoles failed)`,
    ]);
    expect(flows(got, sa(OLD_SA))).toEqual([]);
    expect(got.notes.map((n) => [n.kind, n.api])).toEqual([['denied', 'ListRoles']]);
  });

  it('retries a throttled account list and project policy, and notes a list that outlives the retries', async () => {
    const recovered = await withFaults([
      { collection: 'serviceAccounts', kind: 'exhausted', times: 1 },
      { collection: 'projectIam', kind: 'unavailable', times: 1 },
    ]);
    expect(recovered.inv.notes).toEqual([]);
    const count = (call: string): number => recovered.calls.filter((c) => c === call).length;
    expect(count(`GET /v1/projects/${PROJECT}/serviceAccounts`)).toBe(2);
    // The project policy is retried with the Resource Manager client's retry settings.
    expect(count(`POST /v3/projects/${PROJECT}:getIamPolicy`)).toBe(2);
    expect(JSON.stringify(recovered.inv.assets)).toBe(JSON.stringify(scanned.inv.assets));
    const failed = await withFaults([{ collection: 'serviceAccounts', kind: 'exhausted' }]);
    expect(failed.inv.notes.map((n) => [n.kind, n.errorCode, n.message])).toEqual([
      [
        'skipped',
        'RESOURCE_EXHAUSTED',
        `ListServiceAccounts failed in project ${PROJECT} (all locations, RESOURCE_EXHAUSTED after 2 retries); what it would have told is unknown`,
      ],
    ]);
    expect(failed.calls.filter((c) => c.includes('/serviceAccounts/'))).toEqual([]);
    // The accounts the workloads run as are still identities, as links.ts makes them.
    expect(failed.inv.assets.find((a) => a.id === sa(OLD_SA))).toBeUndefined();
    expect(facts(failed.inv, sa(DEFAULT_SA))['adminPrivileges']).toEqual(['explicit', true, P]);
  });

  it('leaves an endpoint’s authentication unknown when its policy is denied', async () => {
    const { inv: got } = await withFaults([
      { collection: 'endpointIam', kind: 'denied', pathIncludes: '/open:' },
    ]);
    expect(facts(got, vertex('endpoints', 'open'))['requiresAuthentication']).toEqual([
      'unknown',
      undefined,
      'the endpoint IAM policy: GetEndpointIamPolicy denied (PERMISSION_DENIED)',
    ]);
    expect(got.notes.map((n) => [n.kind, n.service, n.api, n.region])).toEqual([
      ['denied', 'aiplatform.googleapis.com', 'GetEndpointIamPolicy', REGION],
    ]);
  });
});
