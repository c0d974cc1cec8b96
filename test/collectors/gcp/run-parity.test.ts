import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectGcp } from '../../../collectors/gcp/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { scanFilesSync } from '../../../src/scan.js';
import { fakeGcpOptions } from '../../fake-gcp/client.js';
import { FakeGcp } from '../../fake-gcp/server.js';
import { assetById, factValues } from '../live-parity.js';

/**
 * Parity with fixtures/reference-architecture/gcp/plan.json for Cloud Run: google_cloud_run_v2_service.inference
 * and google_cloud_run_v2_service_iam_member.gateway_invoker, as the Admin API v2 returns them once deployed.
 * Expected differences, all from what one service's API reply cannot tell:
 * - invocationLogging: the plan reads it from the google_logging_project_sink whose filter names the service, and
 *   the log-to flow with it; the live collector reads no sinks yet.
 * - the deploy flow from the training persistent resource: the plan finds who writes the model bucket across all
 *   its grants; the live collector draws only the read of the bucket.
 * - the invoke flow from the API gateway: the plan reads the gateway's OpenAPI document; API Gateway is not read
 *   live yet.
 */

const PROJECT = 'acme-ml-prod';
const REGION = 'europe-west4';
const SERVICE = `//run.googleapis.com/projects/${PROJECT}/locations/${REGION}/services/llm-inference`;
const ADDRESS = 'google_cloud_run_v2_service.inference';
const sa = (name: string): string =>
  `//iam.googleapis.com/projects/-/serviceAccounts/${name}@${PROJECT}.iam.gserviceaccount.com`;
const SAME: Record<string, string> = {
  [ADDRESS]: SERVICE,
  'google_service_account.inference': sa('sa-inference'),
  'google_service_account.gateway': sa('sa-llm-gateway'),
  'google_storage_bucket.models': '//storage.googleapis.com/projects/_/buckets/acme-ml-prod-models',
};
const PLAN_ONLY_FACTS = ['invocationLogging'];
const PLAN_ONLY_FLOWS = [
  `deploy:google_vertex_ai_persistent_resource.training->${ADDRESS}`,
  `invoke:google_api_gateway_gateway.llm->${ADDRESS}`,
  `log-to:${ADDRESS}->google_logging_project_sink.inference`,
];

let fake: FakeGcp;
let plan: Inventory;
let live: Inventory;

// The 60 s bound: building the clients takes seconds of CPU, more on a loaded machine.
beforeAll(async () => {
  plan = scanFilesSync(['fixtures/reference-architecture/gcp/plan.json']).inventory;
  fake = new FakeGcp({
    [PROJECT]: {
      vertex: {},
      run: {
        services: {
          [REGION]: [
            {
              name: 'llm-inference',
              description: 'Chat model server',
              labels: { element: 'ai-model-inference' },
              ingress: 'INGRESS_TRAFFIC_ALL',
              launchStage: 'GA',
              template: {
                serviceAccount: `sa-inference@${PROJECT}.iam.gserviceaccount.com`,
                executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2',
                gpuZonalRedundancyDisabled: true,
                maxInstanceRequestConcurrency: 16,
                timeout: '300s',
                nodeSelector: { accelerator: 'nvidia-l4' },
                scaling: { maxInstanceCount: 4 },
                containers: [
                  {
                    name: 'vllm',
                    image: `${REGION}-docker.pkg.dev/${PROJECT}/serving/vllm-openai:v0.6.3`,
                    args: ['--model', '/models/llm', '--port', '8000'],
                    env: [{ name: 'MODEL_URI', value: `gs://${PROJECT}-models/llm/current` }],
                    resources: {
                      limits: { cpu: '8', memory: '32Gi', 'nvidia.com/gpu': '1' },
                      startupCpuBoost: true,
                    },
                    ports: [{ name: 'http1', containerPort: 8000 }],
                  },
                ],
              },
              traffic: [{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 100 }],
              uri: 'https://llm-inference-4k2q7xjv3a-ez.a.run.app',
            },
          ],
        },
        iam: {
          'llm-inference': [
            {
              role: 'roles/run.invoker',
              members: [`serviceAccount:sa-llm-gateway@${PROJECT}.iam.gserviceaccount.com`],
            },
          ],
        },
      },
    },
  });
  await fake.start();
  live = await collectGcp(fakeGcpOptions(fake, { locations: [REGION] }));
}, 60_000);

afterAll(async () => {
  await fake.stop();
});

describe('live GCP vs plan parity (Cloud Run)', () => {
  it('the service has the same kind, name, tags and facts live (but the logging sink’s)', () => {
    const p = assetById(plan, ADDRESS);
    const l = assetById(live, SERVICE);
    expect([l.kind, l.name, l.tags]).toEqual([p.kind, p.name, p.tags]);
    const planned = Object.entries(factValues(p)).filter(([f]) => !PLAN_ONLY_FACTS.includes(f));
    expect(factValues(l)).toEqual(Object.fromEntries(planned));
  });

  it('draws the same flows to and from it: its account, the model bucket, the gateway account’s invoke', () => {
    const named = (id: string): string => SAME[id] ?? id;
    const planned = plan.flows
      .filter((f) => (f.from === ADDRESS || f.to === ADDRESS) && !PLAN_ONLY_FLOWS.includes(f.id))
      .map((f) => [f.kind, named(f.from), named(f.to)]);
    const got = live.flows
      .filter((f) => f.from === SERVICE || f.to === SERVICE)
      .map((f) => [f.kind, f.from, f.to]);
    expect(got.sort()).toEqual(planned.sort());
    expect(got).toHaveLength(3);
    expect(plan.flows.filter((f) => PLAN_ONLY_FLOWS.includes(f.id))).toHaveLength(PLAN_ONLY_FLOWS.length);
    expect(live.notes).toEqual([]);
  });
});
