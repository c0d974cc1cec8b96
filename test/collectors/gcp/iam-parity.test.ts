import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectGcp } from '../../../collectors/gcp/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { scanFilesSync } from '../../../src/scan.js';
import { fakeGcpOptions } from '../../fake-gcp/client.js';
import { FakeGcp } from '../../fake-gcp/server.js';
import { assetById, expectSameKindAndFacts, factValues } from '../live-parity.js';

/**
 * Parity with fixtures/reference-architecture/gcp/plan.json for IAM: its three google_service_account and
 * google_project_iam_member.training_project_role (roles/editor to the training account), as the IAM and
 * Resource Manager APIs return them once deployed (the accounts' own policies empty: the plan has no
 * google_service_account_iam_*). Expected differences:
 * - the project's default compute service account (`{number}-compute@developer.gserviceaccount.com`) is listed
 *   live, with roles/editor from the automatic grant (adminPrivileges true); the plan does not model it;
 * - a workload that names no service account: the plan makes a stand-in per workload
 *   (`<address>#default-compute-service-account`, adminPrivileges unknown), or an unresolved-link note when the
 *   email is known only after apply (google_workbench_instance.research); live it is the project's default
 *   compute service account itself, by the number GetProject gives, whose privileges the project policy tells;
 * - the plan's service accounts are named by display name or id, the live ones by email.
 */

const PROJECT = 'acme-ml-prod';
const NUMBER = '402817364512';
const DEFAULT_SA = `${NUMBER}-compute@developer.gserviceaccount.com`;
const email = (id: string): string => `${id}@${PROJECT}.iam.gserviceaccount.com`;
const saId = (e: string): string => `//iam.googleapis.com/projects/-/serviceAccounts/${e}`;
const SAME: Record<string, string> = {
  'google_service_account.gateway': saId(email('sa-llm-gateway')),
  'google_service_account.inference': saId(email('sa-inference')),
  'google_service_account.training': saId(email('sa-training')),
};

let fake: FakeGcp;
let plan: Inventory;
let live: Inventory;

beforeAll(async () => {
  plan = scanFilesSync(['fixtures/reference-architecture/gcp/plan.json']).inventory;
  fake = new FakeGcp({
    [PROJECT]: {
      vertex: {},
      number: NUMBER,
      iam: {
        serviceAccounts: [
          { email: email('sa-llm-gateway'), displayName: 'API Gateway backend caller' },
          { email: email('sa-inference'), displayName: 'Model server runtime' },
          { email: email('sa-training'), displayName: 'Training cluster runtime' },
          { email: DEFAULT_SA, displayName: 'Compute Engine default service account' },
        ],
        policy: {
          bindings: [
            {
              role: 'roles/editor',
              members: [`serviceAccount:${email('sa-training')}`, `serviceAccount:${DEFAULT_SA}`],
            },
            { role: 'roles/owner', members: ['user:admin@acme.example'] },
          ],
        },
      },
    },
  });
  await fake.start();
  live = await collectGcp(fakeGcpOptions(fake, { locations: ['europe-west4'] }));
}, 60_000);

afterAll(async () => {
  await fake.stop();
});

describe('live GCP vs plan parity (service accounts and the project IAM policy)', () => {
  it.each(Object.entries(SAME))('%s has the same kind and facts live', (address, id) => {
    expectSameKindAndFacts(plan, live, address, id);
  });

  it('gives the training account admin privileges from roles/editor, as the plan does', () => {
    expect(factValues(assetById(plan, 'google_service_account.training'))['adminPrivileges']).toBe(true);
    expect(assetById(live, SAME['google_service_account.training'] ?? '').facts.adminPrivileges).toEqual({
      state: 'explicit',
      value: true,
      attribute: 'Projects.GetIamPolicy.bindings',
    });
  });

  it('draws no flow from the project policy, as the plan draws none for roles/editor', () => {
    const fromPlan = plan.flows.filter((f) =>
      f.evidence.some((e) => e.assetId === 'google_project_iam_member.training_project_role'),
    );
    expect(fromPlan).toEqual([]);
    expect(live.flows).toEqual([]);
    expect(live.notes).toEqual([]);
  });

  it('lists the default compute service account besides, with the automatic roles/editor grant', () => {
    const ids = live.assets.filter((a) => a.kind === 'identity').map((a) => a.id);
    expect(ids.sort()).toEqual([...Object.values(SAME), saId(DEFAULT_SA)].sort());
    expect(factValues(assetById(live, saId(DEFAULT_SA)))).toEqual({
      adminPrivileges: true,
      externalTrust: false,
      wildcardModelAccess: false,
    });
    expect(
      plan.notes.filter((n) => n.address === 'google_workbench_instance.research').map((n) => n.kind),
    ).toEqual(['unresolved-link']);
  });
});
