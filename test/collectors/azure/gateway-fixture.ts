import { cognitiveAccount, resourceId, resourceTree } from '../../fake-azure/resources.js';
import type { FakeResource, FakeTenant, Json } from '../../fake-azure/server.js';

/**
 * A tenant for API Management, role assignments, diagnostic settings and RAI policies: an Azure OpenAI account
 * behind a locked-down APIM, an open APIM, grants at every scope and one diagnostic setting.
 */

export const SUB = '22222222-3333-4444-5555-666666666666';
export const GROUP = 'rg-gw';
const RG = `/subscriptions/${SUB}/resourceGroups/${GROUP}`;
export const ACCOUNT = resourceId(SUB, GROUP, 'Microsoft.CognitiveServices/accounts', 'oai-gw');
export const GPT = `${ACCOUNT}/deployments/gpt`;
export const LAX_DEPLOYMENT = `${ACCOUNT}/deployments/lax`;
export const STRICT = `${ACCOUNT}/raiPolicies/strict`;
export const LAX = `${ACCOUNT}/raiPolicies/lax`;
export const UAI = resourceId(SUB, GROUP, 'Microsoft.ManagedIdentity/userAssignedIdentities', 'id-app');
export const LOCKED = resourceId(SUB, GROUP, 'Microsoft.ApiManagement/service', 'apim-locked');
export const OPEN = resourceId(SUB, GROUP, 'Microsoft.ApiManagement/service', 'apim-open');
export const WORKSPACE = resourceId(SUB, GROUP, 'Microsoft.OperationalInsights/workspaces', 'law-gw');
export const P_ACCOUNT = 'aaaaaaaa-0000-0000-0000-000000000001';
export const P_UAI = 'aaaaaaaa-0000-0000-0000-000000000002';
export const P_APIM = 'aaaaaaaa-0000-0000-0000-000000000003';
export const P_USER = 'aaaaaaaa-0000-0000-0000-000000000004';
export const P_CUSTOM = 'aaaaaaaa-0000-0000-0000-000000000005';
export const CUSTOM_ROLE = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/cccccccc-0000-0000-0000-000000000001`;
const role = (guid: string): string =>
  `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
export const OPENAI_USER = role('5e0bd9bd-7b93-4f28-af87-19fc36ad61bd');
export const OPENAI_CONTRIBUTOR = role('a001fd3d-188f-4b5d-821b-7da978bf7442');
export const COGNITIVE_USER = role('a97b65f3-24c7-4388-baec-2e87135dc908');
export const CONTRIBUTOR = role('b24988ac-6180-42a0-ab88-20f7382dd24c');

const filter = (name: string, source: string, blocking = true): Json => ({
  name,
  enabled: true,
  blocking,
  severityThreshold: 'Medium',
  source,
});
const HARMS = ['Hate', 'Sexual', 'Violence', 'Selfharm'];

export const LOCKED_API_POLICY = `<policies>
  <inbound>
    <base />
    <validate-azure-ad-token tenant-id="{{tenant}}"><client-application-ids><application-id>x</application-id></client-application-ids></validate-azure-ad-token>
    <validate-content unspecified-content-type-action="prevent" max-size="102400" size-exceeded-action="prevent" />
    <authentication-managed-identity resource="https://cognitiveservices.azure.com" />
  </inbound>
  <backend><base /></backend>
  <outbound><base /></outbound>
</policies>`;
const GLOBAL_POLICY = `<policies><inbound><azure-openai-token-limit tokens-per-minute="1000" counter-key="@(context.Subscription.Id)" /></inbound></policies>`;

function assignment(
  scope: string,
  name: string,
  roleId: string,
  principalId: string,
  type: string,
): FakeResource {
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    body: {
      name,
      type: 'Microsoft.Authorization/roleAssignments',
      properties: { scope, roleDefinitionId: roleId, principalId, principalType: type },
    },
  };
}

export function gatewayTenant(): FakeTenant {
  return {
    tenantId: '33333333-4444-5555-6666-777777777777',
    clientId: 'bbbbbbbb-cccc-dddd-eeee-ffffffffffff',
    clientSecret: 'fake-gateway-secret',
    subscriptions: {
      [SUB]: [
        ...cognitiveAccount(
          SUB,
          GROUP,
          {
            name: 'oai-gw',
            kind: 'OpenAI',
            location: 'westeurope',
            identity: {
              type: 'SystemAssigned, UserAssigned',
              principalId: P_ACCOUNT,
              userAssignedIdentities: { [UAI]: { principalId: P_UAI, clientId: 'c' } },
            },
            properties: { customSubDomainName: 'oai-gw', publicNetworkAccess: 'Disabled' },
          },
          [
            { name: 'gpt', properties: { model: { name: 'gpt-4o' }, raiPolicyName: 'strict' } },
            { name: 'lax', properties: { model: { name: 'gpt-4o-mini' }, raiPolicyName: 'lax' } },
          ],
        ),
        ...resourceTree(STRICT, {
          properties: {
            type: 'UserManaged',
            mode: 'Blocking',
            basePolicyName: 'Microsoft.DefaultV2',
            contentFilters: [
              filter('Jailbreak', 'Prompt'),
              ...HARMS.map((h) => filter(h, 'Prompt')),
              ...HARMS.map((h) => filter(h, 'Completion')),
            ],
          },
        }),
        ...resourceTree(LAX, {
          properties: {
            type: 'UserManaged',
            mode: 'Asynchronous_filter',
            basePolicyName: 'Microsoft.DefaultV2',
            contentFilters: [
              filter('Jailbreak', 'Prompt', false),
              ...HARMS.map((h) => filter(h, 'Completion')),
            ],
          },
        }),
        {
          id: `${ACCOUNT}/providers/Microsoft.Insights/diagnosticSettings/diag-oai`,
          body: {
            name: 'diag-oai',
            properties: {
              workspaceId: WORKSPACE,
              logs: [
                { category: 'Trace', enabled: true },
                { category: 'Audit', enabled: true },
              ],
              metrics: [{ category: 'AllMetrics', enabled: true }],
            },
          },
        },
        ...resourceTree(
          LOCKED,
          {
            type: 'Microsoft.ApiManagement/service',
            location: 'westeurope',
            sku: { name: 'Premium', capacity: 1 },
            identity: { type: 'SystemAssigned', principalId: P_APIM, tenantId: 't' },
            tags: { tier: 'gateway' },
            properties: {
              publisherEmail: 'p@example.com',
              publisherName: 'p',
              virtualNetworkType: 'Internal',
              publicNetworkAccess: 'Disabled',
            },
          },
          {
            apis: [
              {
                name: 'chat',
                properties: {
                  path: 'chat',
                  isCurrent: true,
                  subscriptionRequired: false,
                  serviceUrl: 'https://oai-gw.openai.azure.com/openai',
                },
              },
              {
                name: 'chat;rev=2',
                properties: { path: 'chat', isCurrent: false, serviceUrl: 'https://other.example.com' },
              },
            ],
            policies: [{ name: 'policy', properties: { format: 'rawxml', value: GLOBAL_POLICY } }],
          },
        ),
        ...resourceTree(`${LOCKED}/apis/chat/policies/policy`, {
          properties: { format: 'rawxml', value: LOCKED_API_POLICY },
        }),
        ...resourceTree(
          OPEN,
          {
            type: 'Microsoft.ApiManagement/service',
            location: 'eastus',
            sku: { name: 'Developer', capacity: 1 },
            properties: { publisherEmail: 'p@example.com', publisherName: 'p', virtualNetworkType: 'None' },
          },
          {
            apis: [
              { name: 'echo', properties: { path: 'echo', isCurrent: true, subscriptionRequired: false } },
            ],
            // A backend the open service calls the account through (named in no policy: drawn all the same).
            backends: [
              {
                name: 'oai',
                properties: { protocol: 'http', url: 'https://oai-gw.cognitiveservices.azure.com/' },
              },
            ],
            diagnostics: [
              {
                name: 'applicationinsights',
                properties: {
                  loggerId: 'l',
                  frontend: { request: { body: { bytes: 1024 } }, response: { body: { bytes: 0 } } },
                },
              },
            ],
          },
        ),
        assignment(ACCOUNT, 'a1', OPENAI_USER, P_APIM, 'ServicePrincipal'),
        assignment(ACCOUNT, 'a2', OPENAI_CONTRIBUTOR, P_UAI, 'ServicePrincipal'),
        assignment(RG, 'a3', CONTRIBUTOR, P_USER, 'User'),
        assignment(`/subscriptions/${SUB}`, 'a4', COGNITIVE_USER, P_UAI, 'ServicePrincipal'),
        assignment(ACCOUNT, 'a5', CUSTOM_ROLE, P_CUSTOM, 'Group'),
        assignment(LOCKED, 'a6', CUSTOM_ROLE, P_CUSTOM, 'Group'),
        // On a resource nobody inventories: no asset for its principal.
        assignment(
          resourceId(SUB, GROUP, 'Microsoft.Compute/virtualMachines', 'vm'),
          'a7',
          CONTRIBUTOR,
          P_USER,
          'User',
        ),
        {
          id: CUSTOM_ROLE,
          body: {
            name: 'cccccccc-0000-0000-0000-000000000001',
            properties: { roleName: 'AI Invoker', type: 'CustomRole' },
          },
        },
      ],
    },
  };
}
