import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectGcp } from '../../../collectors/gcp/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { scanFilesSync } from '../../../src/scan.js';
import { fakeGcpOptions } from '../../fake-gcp/client.js';
import { FakeGcp, type FakeProject } from '../../fake-gcp/server.js';
import { assetById, factValues } from '../live-parity.js';

/**
 * Parity with the plan for the Vertex AI parts this slice reads: google_vertex_ai_dataset.conversations,
 * google_vertex_ai_persistent_resource.training and google_workbench_instance.research of
 * fixtures/reference-architecture/gcp/plan.json, as the REST API returns them once deployed (with the defaults
 * the service fills in: the default network and subnetwork on the Workbench NIC, the default compute service
 * account, Google-managed disk encryption). Expected differences:
 * - the Workbench instance's privateNetwork and network flow: the plan leaves network_interfaces empty (false by
 *   default, no flow), the deployed instance reports the default VPC's subnetwork (true, a network flow to it);
 * - the Workbench instance's service account: the plan knows the email only after apply (an unresolved-link
 *   note, no flow); live it is the default compute service account, an identity whose admin privileges are
 *   unknown, with an assume-identity flow to it;
 * - the plan's deploy flow from the persistent resource to the Cloud Run service, which the google mapper
 *   derives from the bucket IAM grant and the service's model bucket: Cloud Storage, IAM and Cloud Run are not
 *   read by this slice.
 */

const PROJECT = 'acme-ml-prod';
const REGION = 'europe-west4';
const ZONE = 'europe-west4-a';
const DEFAULT_SA = '402817364512-compute@developer.gserviceaccount.com';
const TRAINING_SA = `sa-training@${PROJECT}.iam.gserviceaccount.com`;
const saId = (email: string): string => `//iam.googleapis.com/projects/-/serviceAccounts/${email}`;
const V = `//aiplatform.googleapis.com/projects/${PROJECT}/locations/${REGION}`;
const DATASET = `${V}/datasets/4617043816523579392`;
const CLUSTER = `${V}/persistentResources/llm-finetune-cluster`;
const RESEARCH = `//notebooks.googleapis.com/projects/${PROJECT}/locations/${ZONE}/instances/llm-research`;

const deployed: FakeProject = {
  vertex: {
    [REGION]: {
      datasets: [
        {
          name: '4617043816523579392',
          displayName: 'support-conversations',
          metadataSchemaUri: 'gs://google-cloud-aiplatform/schema/dataset/metadata/text_1.0.0.yaml',
          labels: { element: 'training-data' },
        },
      ],
      persistentResources: [
        {
          name: 'llm-finetune-cluster',
          displayName: 'LLM fine-tuning cluster',
          resourcePools: [
            {
              id: 'a100-pool',
              replicaCount: '2',
              machineSpec: {
                machineType: 'a2-highgpu-1g',
                acceleratorType: 'NVIDIA_TESLA_A100',
                acceleratorCount: 1,
              },
              diskSpec: { bootDiskType: 'pd-ssd', bootDiskSizeGb: 200 },
            },
          ],
          resourceRuntimeSpec: {
            serviceAccountSpec: { enableCustomServiceAccount: true, serviceAccount: TRAINING_SA },
          },
          state: 'RUNNING',
          labels: { element: 'training-pipeline' },
        },
      ],
    },
  },
  workbench: {
    [ZONE]: [
      {
        name: 'llm-research',
        disableProxyAccess: false,
        proxyUri: 'abc123-dot-europe-west4.notebooks.googleusercontent.com',
        state: 'ACTIVE',
        gceSetup: {
          machineType: 'n1-standard-8',
          disablePublicIp: false,
          enableIpForwarding: false,
          tags: ['notebook'],
          metadata: { 'notebook-upgrade-schedule': '00 19 * * SUN' },
          serviceAccounts: [{ email: DEFAULT_SA }],
          bootDisk: { diskSizeGb: '150', diskType: 'PD_STANDARD', diskEncryption: 'GMEK' },
          networkInterfaces: [
            {
              network: `projects/${PROJECT}/global/networks/default`,
              subnet: `projects/${PROJECT}/regions/${REGION}/subnetworks/default`,
            },
          ],
        },
        labels: { element: 'development' },
      },
    ],
  },
};

const SAME: Record<string, string> = {
  'google_vertex_ai_dataset.conversations': DATASET,
  'google_vertex_ai_persistent_resource.training': CLUSTER,
  'google_workbench_instance.research': RESEARCH,
};
/** Fact differences expected live, by plan address (see the doc comment). */
const DIFFERENT: Record<string, Record<string, unknown>> = {
  'google_workbench_instance.research': { privateNetwork: true },
};

let fake: FakeGcp;
let plan: Inventory;
let live: Inventory;

beforeAll(async () => {
  plan = scanFilesSync(['fixtures/reference-architecture/gcp/plan.json']).inventory;
  fake = new FakeGcp({ [PROJECT]: deployed });
  await fake.start();
  live = await collectGcp(fakeGcpOptions(fake, { locations: [REGION] }));
});

afterAll(async () => {
  await fake.stop();
});

describe('live GCP vs plan parity (Vertex AI and Workbench)', () => {
  it.each(Object.entries(SAME))('%s has the same kind, name and facts live', (address, id) => {
    const p = assetById(plan, address);
    const l = assetById(live, id);
    expect(l.kind).toBe(p.kind);
    expect(l.tags).toEqual(p.tags);
    expect(factValues(l)).toEqual({ ...factValues(p), ...DIFFERENT[address] });
  });

  it('draws the same assume-identity flow from the persistent resource to its service account', () => {
    const fromPlan = plan.flows.filter(
      (f) => f.from === 'google_vertex_ai_persistent_resource.training' && f.kind === 'assume-identity',
    );
    expect(fromPlan.map((f) => f.to)).toEqual(['google_service_account.training']);
    expect(live.flows.filter((f) => f.from === CLUSTER).map((f) => [f.kind, f.to])).toEqual([
      ['assume-identity', saId(TRAINING_SA)],
    ]);
  });

  it('runs the Workbench instance as the default compute service account, which the plan leaves unresolved', () => {
    expect(
      plan.notes.filter((n) => n.address === 'google_workbench_instance.research').map((n) => n.kind),
    ).toEqual(['unresolved-link']);
    expect(live.flows.filter((f) => f.from === RESEARCH).map((f) => [f.kind, f.to])).toEqual([
      ['assume-identity', saId(DEFAULT_SA)],
      ['network', `//compute.googleapis.com/projects/${PROJECT}/regions/${REGION}/subnetworks/default`],
    ]);
    expect(factValues(assetById(live, saId(DEFAULT_SA)))).toEqual({
      adminPrivileges: 'unknown',
      externalTrust: false,
    });
  });

  it('has the plan draw only the deploy flow this slice cannot read besides those', () => {
    const planFlows = plan.flows.filter(
      (f) => (f.from in SAME || f.to in SAME) && f.to !== 'google_service_account.training',
    );
    expect(planFlows.map((f) => [f.kind, f.from, f.to])).toEqual([
      ['deploy', 'google_vertex_ai_persistent_resource.training', 'google_cloud_run_v2_service.inference'],
    ]);
    expect(live.flows).toHaveLength(3);
    expect(live.notes).toEqual([]);
  });
});
