import { beforeAll, describe, expect, it } from 'vitest';
import { collectAzure } from '../../../collectors/azure/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { scanFilesSync } from '../../../src/scan.js';
import { makeTestCertificate } from '../../fake-azure/cert.js';
import { fakeAzureOptions } from '../../fake-azure/client.js';
import { cognitiveAccount } from '../../fake-azure/resources.js';
import { FakeAzure, type FakeTenant } from '../../fake-azure/server.js';
import { assetById, factValues } from '../live-parity.js';

/**
 * Parity with the plan for what this slice reads: the Azure OpenAI account and its gpt-4o deployment of
 * fixtures/reference-architecture/azure/plan.json, as ARM returns them once deployed (its private endpoint shows
 * as an approved private endpoint connection). invocationLogging is false in both: the plan's diagnostic setting
 * logs only Trace, and this tenant has none.
 */

const SUB = '0a0a0a0a-1b1b-2c2c-3d3d-4e4e4e4e4e4e';
const ACCOUNT = `/subscriptions/${SUB}/resourceGroups/rg-aiapp-prod/providers/Microsoft.CognitiveServices/accounts/oai-aiapp-prod`;

const deployed: FakeTenant = {
  tenantId: '12121212-3434-5656-7878-909090909090',
  clientId: 'abababab-cdcd-efef-abab-cdcdcdcdcdcd',
  clientSecret: 'fake-parity-secret',
  subscriptions: {
    [SUB]: [
      ...cognitiveAccount(
        SUB,
        'rg-aiapp-prod',
        {
          name: 'oai-aiapp-prod',
          kind: 'OpenAI',
          location: 'westeurope',
          sku: { name: 'S0' },
          identity: { type: 'SystemAssigned', principalId: 'p', tenantId: 't' },
          tags: { workload: 'aiapp', environment: 'prod' },
          properties: {
            customSubDomainName: 'oai-aiapp-prod',
            publicNetworkAccess: 'Disabled',
            disableLocalAuth: false,
            restrictOutboundNetworkAccess: false,
            networkAcls: { defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] },
            privateEndpointConnections: [
              {
                id: `${ACCOUNT}/privateEndpointConnections/pe-openai`,
                properties: { privateLinkServiceConnectionState: { status: 'Approved' } },
              },
            ],
          },
        },
        [
          {
            name: 'gpt-4o',
            sku: { name: 'GlobalStandard', capacity: 50 },
            properties: {
              model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-08-06' },
              versionUpgradeOption: 'OnceNewDefaultVersionAvailable',
            },
          },
        ],
      ),
    ],
  },
};

const SAME: Record<string, string> = {
  'azurerm_cognitive_account.openai': ACCOUNT,
  'azurerm_cognitive_deployment.gpt4o': `${ACCOUNT}/deployments/gpt-4o`,
};

let plan: Inventory;
let live: Inventory;

beforeAll(async () => {
  plan = scanFilesSync(['fixtures/reference-architecture/azure/plan.json']).inventory;
  const certificate = makeTestCertificate();
  const fake = new FakeAzure(deployed, certificate);
  await fake.start();
  try {
    live = await collectAzure(fakeAzureOptions(fake, certificate));
  } finally {
    await fake.stop();
  }
});

describe('live Azure vs plan parity (Cognitive Services)', () => {
  it.each(Object.entries(SAME))('%s has the same kind and facts live', (address, id) => {
    const p = assetById(plan, address);
    const l = assetById(live, id);
    expect(l.kind).toBe(p.kind);
    const expected = factValues(p);
    expect(factValues(l)).toEqual(expected);
  });

  it('draws the same invoke flow from the account to its deployment', () => {
    const planFlows = plan.flows
      .filter((f) => f.from in SAME && f.to in SAME)
      .map((f) => [f.kind, SAME[f.from], SAME[f.to]]);
    expect(live.flows.map((f) => [f.kind, f.from, f.to])).toEqual(planFlows);
    expect(planFlows).toEqual([['invoke', ACCOUNT, `${ACCOUNT}/deployments/gpt-4o`]]);
  });
});
