import { cognitiveAccount } from '../../fake-azure/resources.js';
import type { FakeTenant } from '../../fake-azure/server.js';

export const SUB = '11111111-2222-3333-4444-555555555555';
export const GROUP = 'rg-ai';
export const IDENTITY = `/subscriptions/${SUB}/resourceGroups/${GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-openai`;

export const account = (name: string): string =>
  `/subscriptions/${SUB}/resourceGroups/${GROUP}/providers/Microsoft.CognitiveServices/accounts/${name}`;
export const deployment = (acc: string, name: string): string => `${account(acc)}/deployments/${name}`;

/** Three accounts (two pages): one locked down, one open, one speech account; the locked one has three deployments. */
export function tenant(): FakeTenant {
  return {
    tenantId: '99999999-8888-7777-6666-555555555555',
    clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    clientSecret: 'fake-client-secret',
    subscriptions: {
      [SUB]: [
        ...cognitiveAccount(
          SUB,
          GROUP,
          {
            name: 'oai-locked',
            type: 'Microsoft.CognitiveServices/accounts',
            kind: 'OpenAI',
            location: 'swedencentral',
            sku: { name: 'S0' },
            tags: { env: 'prod' },
            identity: { type: 'UserAssigned', userAssignedIdentities: { [IDENTITY]: {} } },
            properties: {
              publicNetworkAccess: 'Disabled',
              disableLocalAuth: true,
              restrictOutboundNetworkAccess: true,
              networkAcls: { defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] },
              encryption: {
                keySource: 'Microsoft.KeyVault',
                keyVaultProperties: { keyName: 'cmk', keyVaultUri: 'https://kv-ai.vault.azure.net/' },
              },
              privateEndpointConnections: [
                {
                  id: `${account('oai-locked')}/privateEndpointConnections/pe`,
                  properties: { privateLinkServiceConnectionState: { status: 'Approved' } },
                },
              ],
            },
          },
          [
            {
              name: 'gpt-4o',
              sku: { name: 'Standard', capacity: 10 },
              properties: {
                model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-08-06' },
                raiPolicyName: 'strict-policy',
                versionUpgradeOption: 'NoAutoUpgrade',
              },
            },
            {
              name: 'embed',
              sku: { name: 'Standard', capacity: 10 },
              properties: {
                model: { format: 'OpenAI', name: 'text-embedding-3-large', version: '1' },
                raiPolicyName: 'Microsoft.DefaultV2',
                versionUpgradeOption: 'OnceCurrentVersionExpired',
              },
            },
            {
              name: 'mini',
              sku: { name: 'DataZoneStandard', capacity: 1 },
              properties: {
                model: { format: 'OpenAI', name: 'gpt-4o-mini', version: '2024-07-18' },
                raiPolicyName: 'strict-policy',
                versionUpgradeOption: 'NoAutoUpgrade',
              },
            },
          ],
        ),
        ...cognitiveAccount(
          SUB,
          GROUP,
          {
            name: 'ais-open',
            type: 'Microsoft.CognitiveServices/accounts',
            kind: 'AIServices',
            location: 'eastus',
            sku: { name: 'S0' },
            properties: {
              publicNetworkAccess: 'Enabled',
              encryption: { keySource: 'Microsoft.CognitiveServices' },
            },
          },
          [
            {
              name: 'chat',
              sku: { name: 'GlobalStandard', capacity: 1 },
              properties: { model: { format: 'OpenAI', name: 'gpt-4o-mini', version: '2024-07-18' } },
            },
          ],
        ),
        ...cognitiveAccount(
          SUB,
          GROUP,
          {
            name: 'speech',
            type: 'Microsoft.CognitiveServices/accounts',
            kind: 'SpeechServices',
            location: 'eastus',
            properties: { publicNetworkAccess: 'Enabled' },
          },
          [],
        ),
      ],
    },
  };
}
