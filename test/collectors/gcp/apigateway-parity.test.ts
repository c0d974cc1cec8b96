import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectGcp } from '../../../collectors/gcp/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { scanFilesSync } from '../../../src/scan.js';
import { fakeGcpOptions } from '../../fake-gcp/client.js';
import { FakeGcp } from '../../fake-gcp/server.js';
import { assetById, factValues } from '../live-parity.js';

/**
 * Parity with fixtures/reference-architecture/gcp/plan.json for API Gateway: google_api_gateway_gateway.llm
 * serving google_api_gateway_api_config.llm (the plan's own base64 OpenAPI document and gateway service
 * account), as the v1 API returns them once deployed. Like the mappers, the API and the config are no asset.
 * Expected differences:
 * - the invoke flow to google_cloud_run_v2_service.inference: the document names the service by its hash URL
 *   (`https://llm-inference-4k2q7xjv3a-ez.a.run.app`), which the plan matches against the service's `uri` but
 *   which names no region live; the live scan leaves an unresolved-link note instead (Cloud Run is not read yet);
 * - the Identity Platform configuration and the service account are flow targets only: the live collector does
 *   not read Identity Toolkit or IAM yet, so their assets (and their facts) are the plan's alone.
 */

const PROJECT = 'acme-ml-prod';
const REGION = 'europe-west4';
const GATEWAY_SA = `sa-llm-gateway@${PROJECT}.iam.gserviceaccount.com`;
const CONFIG = `projects/${PROJECT}/locations/global/apis/llm-api/configs/llm-api-2f7c`;
const GATEWAY = `//apigateway.googleapis.com/projects/${PROJECT}/locations/${REGION}/gateways/llm-gateway`;
const RENAME: Record<string, string> = {
  'google_api_gateway_gateway.llm': GATEWAY,
  'google_service_account.gateway': `//iam.googleapis.com/projects/-/serviceAccounts/${GATEWAY_SA}`,
  'google_identity_platform_config.auth': `//identitytoolkit.googleapis.com/projects/${PROJECT}/config`,
};

interface PlanResource {
  readonly address: string;
  readonly values: { readonly openapi_documents?: { document: { contents: string }[] }[] };
}

/** The config's OpenAPI document as the plan holds it (base64, as the API's FULL view returns it too). */
function planDocument(): string {
  const plan = JSON.parse(readFileSync('fixtures/reference-architecture/gcp/plan.json', 'utf8')) as {
    planned_values: { root_module: { resources: PlanResource[] } };
  };
  const config = plan.planned_values.root_module.resources.find(
    (r) => r.address === 'google_api_gateway_api_config.llm',
  );
  const contents = config?.values.openapi_documents?.[0]?.document[0]?.contents;
  if (contents === undefined) throw new Error('the plan has no api_config document');
  return contents;
}

let fake: FakeGcp;
let plan: Inventory;
let live: Inventory;

beforeAll(async () => {
  plan = scanFilesSync(['fixtures/reference-architecture/gcp/plan.json']).inventory;
  fake = new FakeGcp({
    [PROJECT]: {
      vertex: {},
      apigateway: {
        gateways: {
          [REGION]: [
            {
              name: 'llm-gateway',
              displayName: 'LLM chat gateway',
              labels: { element: 'api-gateway' },
              apiConfig: CONFIG,
              state: 'ACTIVE',
              defaultHostname: 'llm-gateway-3k9d2x1q.ez.gateway.dev',
            },
          ],
        },
        configs: {
          'llm-api/llm-api-2f7c': {
            gatewayServiceAccount: GATEWAY_SA,
            serviceConfigId: 'llm-api-2f7c-0a1b2c3d4e5f6',
            openapiDocuments: [{ document: { path: 'openapi.yaml', contents: planDocument() } }],
          },
        },
      },
    },
  });
  await fake.start();
  live = await collectGcp(fakeGcpOptions(fake, { locations: [REGION] }));
  // The first scan builds every client, which takes long on a loaded machine.
}, 60_000);

afterAll(async () => {
  await fake.stop();
});

describe('live GCP vs plan parity (API Gateway)', () => {
  it('google_api_gateway_gateway.llm has the same kind, name, tags and facts live', () => {
    const p = assetById(plan, 'google_api_gateway_gateway.llm');
    const l = assetById(live, GATEWAY);
    expect([l.kind, l.name, l.tags]).toEqual([p.kind, p.name, p.tags]);
    expect(factValues(l)).toEqual(factValues(p));
    expect(factValues(l)).toMatchObject({
      requiresAuthentication: true,
      authMethod: 'JWT',
      throttling: false,
    });
  });

  it('the API and its config are no asset on either side', () => {
    expect(plan.assets.filter((a) => a.nativeType.startsWith('google_api_gateway_api'))).toEqual([]);
    expect(live.assets.map((a) => a.kind)).toEqual(['api-gateway']);
  });

  it('draws the same flows from the gateway, but the invoke flow the hash URL cannot resolve live', () => {
    const from = (inv: Inventory, id: string): [string, string][] =>
      inv.flows.filter((f) => f.from === id).map((f) => [f.kind, f.to]);
    const planned = from(plan, 'google_api_gateway_gateway.llm')
      .filter(([, to]) => to !== 'google_cloud_run_v2_service.inference')
      .map(([kind, to]) => [kind, RENAME[to] ?? to]);
    expect(from(live, GATEWAY)).toEqual(planned);
    expect(planned).toHaveLength(2);
    expect(from(plan, 'google_api_gateway_gateway.llm')).toContainEqual([
      'invoke',
      'google_cloud_run_v2_service.inference',
    ]);
    expect(live.notes.map((n) => [n.kind, n.address])).toEqual([
      ['unresolved-link', `//apigateway.googleapis.com/${CONFIG}`],
    ]);
  });
});
