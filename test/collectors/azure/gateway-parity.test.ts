import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectAzure } from '../../../collectors/azure/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { scanFilesSync } from '../../../src/scan.js';
import { makeTestCertificate } from '../../fake-azure/cert.js';
import { fakeAzureOptions } from '../../fake-azure/client.js';
import { cognitiveAccount, resourceId, resourceTree } from '../../fake-azure/resources.js';
import type { FakeTenant } from '../../fake-azure/server.js';
import { FakeAzure } from '../../fake-azure/server.js';
import { assetById, factValues } from '../live-parity.js';

/**
 * Parity with fixtures/reference-architecture/azure/plan.json for API Management, the role assignment of its
 * identity on the OpenAI account and the account's diagnostic setting, deployed with the plan's values.
 * Expected differences (the live side is unknown, never a guess):
 * - apim requestValidation: the plan reads no operation policy and says false; live, operation policies are not
 *   read, so no validate-content in the global or API policy leaves it unknown.
 * - apim wafProtected: the plan has no Application Gateway (default false); live, gateways are not read.
 * - the Log Analytics workspace: not read live (customerManagedKey unknown; retention always applies), while the
 *   plan gives customerManagedKey false by default and deletionLifecycle unknown (retention after apply).
 * - the grants of azurerm_user_assigned_identity.training: in the plan it is held by the ML compute cluster,
 *   which this slice does not read, so live its grants go to an asset of the Entra principal.
 */

const PLAN = 'fixtures/reference-architecture/azure/plan.json';
const SUB = '0a0a0a0a-1b1b-2c2c-3d3d-4e4e4e4e4e4e';
const GROUP = 'rg-aiapp-prod';
const ACCOUNT = resourceId(SUB, GROUP, 'Microsoft.CognitiveServices/accounts', 'oai-aiapp-prod');
const APIM = resourceId(SUB, GROUP, 'Microsoft.ApiManagement/service', 'apim-aiapp-prod');
const OIDC = `${APIM}/openidConnectProviders/entra-id`;
const WORKSPACE = resourceId(SUB, GROUP, 'Microsoft.OperationalInsights/workspaces', 'law-aiapp-prod');
const TRAINING_PRINCIPAL = 'dddddddd-0000-0000-0000-000000000003';
const APIM_PRINCIPAL = 'dddddddd-0000-0000-0000-000000000001';
const METADATA =
  'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0/.well-known/openid-configuration';

let plan: Inventory;
let live: Inventory;

beforeAll(async () => {
  plan = scanFilesSync([PLAN]).inventory;
  const policy = planValue('azurerm_api_management_api_policy.chat', 'xml_content');
  const deployed: FakeTenant = {
    tenantId: '12121212-3434-5656-7878-909090909090',
    clientId: 'abababab-cdcd-efef-abab-cdcdcdcdcdcd',
    clientSecret: 'fake-parity-secret',
    subscriptions: {
      [SUB]: [
        ...cognitiveAccount(
          SUB,
          GROUP,
          {
            name: 'oai-aiapp-prod',
            kind: 'OpenAI',
            location: 'westeurope',
            identity: { type: 'SystemAssigned', principalId: 'dddddddd-0000-0000-0000-000000000002' },
            properties: {
              customSubDomainName: 'oai-aiapp-prod',
              publicNetworkAccess: 'Disabled',
              disableLocalAuth: false,
              restrictOutboundNetworkAccess: false,
              networkAcls: { defaultAction: 'Deny' },
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
        {
          id: `${ACCOUNT}/providers/Microsoft.Insights/diagnosticSettings/diag-oai`,
          body: {
            name: 'diag-oai',
            properties: {
              workspaceId: WORKSPACE,
              logs: [{ category: 'Trace', enabled: true }],
              metrics: [{ category: 'AllMetrics', enabled: true }],
            },
          },
        },
        ...resourceTree(
          APIM,
          {
            type: 'Microsoft.ApiManagement/service',
            location: 'westeurope',
            sku: { name: 'Developer', capacity: 1 },
            identity: { type: 'SystemAssigned', principalId: APIM_PRINCIPAL },
            properties: {
              publisherEmail: 'platform@example.com',
              publisherName: 'AI App',
              publicNetworkAccess: 'Enabled',
              virtualNetworkType: 'None',
            },
          },
          {
            apis: [
              {
                name: 'chat',
                properties: {
                  displayName: 'Chat',
                  path: 'chat',
                  isCurrent: true,
                  protocols: ['https'],
                  subscriptionRequired: true,
                  serviceUrl: 'https://oai-aiapp-prod.openai.azure.com/openai',
                  authenticationSettings: { openid: { openidProviderId: 'entra-id' } },
                },
              },
            ],
            openidConnectProviders: [
              {
                name: 'entra-id',
                properties: { displayName: 'Microsoft Entra ID', metadataEndpoint: METADATA, clientId: 'c' },
              },
            ],
          },
        ),
        ...resourceTree(`${APIM}/apis/chat/policies/policy`, {
          properties: { format: 'xml', value: policy },
        }),
        {
          id: `${ACCOUNT}/providers/Microsoft.Authorization/roleAssignments/training-openai`,
          body: {
            name: 'training-openai',
            properties: {
              scope: ACCOUNT,
              roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/a001fd3d-188f-4b5d-821b-7da978bf7442`,
              principalId: TRAINING_PRINCIPAL,
              principalType: 'ServicePrincipal',
            },
          },
        },
        {
          id: `${ACCOUNT}/providers/Microsoft.Authorization/roleAssignments/apim-openai`,
          body: {
            name: 'apim-openai',
            properties: {
              scope: ACCOUNT,
              roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/5e0bd9bd-7b93-4f28-af87-19fc36ad61bd`,
              principalId: APIM_PRINCIPAL,
              principalType: 'ServicePrincipal',
            },
          },
        },
      ],
    },
  };
  const certificate = makeTestCertificate();
  const fake = new FakeAzure(deployed, certificate);
  await fake.start();
  try {
    live = await collectAzure(fakeAzureOptions(fake, certificate));
  } finally {
    await fake.stop();
  }
});

/** A planned value of the reference plan (root module). */
function planValue(address: string, key: string): string {
  const json = JSON.parse(readFileSync(PLAN, 'utf8')) as {
    planned_values: { root_module: { resources: { address: string; values: Record<string, unknown> }[] } };
  };
  const v = json.planned_values.root_module.resources.find((r) => r.address === address)?.values[key];
  if (typeof v !== 'string') throw new Error(`no ${key} on ${address}`);
  return v;
}

const SAME: Record<string, string> = {
  'azurerm_api_management.gw': APIM,
  'azurerm_api_management_openid_connect_provider.entra': OIDC,
  'azurerm_cognitive_account.openai': ACCOUNT,
  'azurerm_log_analytics_workspace.main': WORKSPACE,
};
const DIFFERENT: Record<string, Record<string, unknown>> = {
  'azurerm_api_management.gw': { requestValidation: 'unknown', wafProtected: 'unknown' },
  'azurerm_log_analytics_workspace.main': { customerManagedKey: 'unknown', deletionLifecycle: true },
};

describe('live Azure vs plan parity (API Management, grants, diagnostic settings)', () => {
  it.each(Object.entries(SAME))('%s has the same kind and facts live', (address, id) => {
    const p = assetById(plan, address);
    const l = assetById(live, id);
    expect(l.kind).toBe(p.kind);
    expect(factValues(l)).toEqual({ ...factValues(p), ...DIFFERENT[address] });
  });

  it('draws the training identity’s grants from its Entra principal (its holder is not read here)', () => {
    const planFlows = plan.flows
      .filter(
        (f) => f.from === 'azurerm_user_assigned_identity.training' && f.to.startsWith('azurerm_cognitive'),
      )
      .map((f) => f.kind);
    const principal = `principal:${TRAINING_PRINCIPAL}`;
    const liveFlows = live.flows.filter((f) => f.from === principal).map((f) => f.kind);
    expect(liveFlows).toEqual(planFlows);
    expect(liveFlows).toEqual(['deploy', 'deploy', 'invoke']);
    expect(assetById(live, principal).kind).toBe(
      assetById(plan, 'azurerm_user_assigned_identity.training').kind,
    );
  });

  it('draws the same flows between these assets', () => {
    const planFlows = plan.flows
      .filter((f) => f.from in SAME && f.to in SAME)
      .map((f) => [f.kind, SAME[f.from], SAME[f.to]]);
    const liveFlows = live.flows
      .filter((f) => Object.values(SAME).includes(f.from) && Object.values(SAME).includes(f.to))
      .map((f) => [f.kind, f.from, f.to]);
    expect(liveFlows).toEqual(planFlows);
    expect(planFlows).toEqual([
      ['authenticate', APIM, OIDC],
      ['invoke', APIM, ACCOUNT],
      ['log-to', ACCOUNT, WORKSPACE],
    ]);
  });
});
