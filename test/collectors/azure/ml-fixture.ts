import { resourceId, resourceTree } from '../../fake-azure/resources.js';
import type { FakeResource, FakeTenant } from '../../fake-azure/server.js';

export const SUB = '22222222-3333-4444-5555-666666666666';
export const GROUP = 'rg-ml';
export const IDENTITY = resourceId(SUB, GROUP, 'Microsoft.ManagedIdentity/userAssignedIdentities', 'id-ml');
export const SUBNET = `${resourceId(SUB, 'rg-net', 'Microsoft.Network/virtualNetworks', 'vnet-ml')}/subnets/snet-ml`;
export const STORAGE = resourceId(SUB, GROUP, 'Microsoft.Storage/storageAccounts', 'stmlws');
export const TRAINING = resourceId(SUB, 'rg-data', 'Microsoft.Storage/storageAccounts', 'sttraining');
export const VAULT_REF = resourceId(SUB, GROUP, 'Microsoft.KeyVault/vaults', 'kv-locked');
export const REGISTRY = resourceId(SUB, GROUP, 'Microsoft.ContainerRegistry/registries', 'crml');
export const INSIGHTS = resourceId(SUB, GROUP, 'Microsoft.Insights/components', 'appi-ml');
export const PUBLIC_BLOB = resourceId(SUB, 'rg-data', 'Microsoft.Storage/storageAccounts', 'stpublic');
export const OPENAI = resourceId(SUB, GROUP, 'Microsoft.CognitiveServices/accounts', 'oai-ml');

export const workspace = (name: string): string =>
  resourceId(SUB, GROUP, 'Microsoft.MachineLearningServices/workspaces', name);
export const search = (name: string): string =>
  resourceId(SUB, GROUP, 'Microsoft.Search/searchServices', name);
export const vault = (name: string): string => resourceId(SUB, GROUP, 'Microsoft.KeyVault/vaults', name);

const WS = 'Microsoft.MachineLearningServices/workspaces';
const approved = (id: string): FakeResource['body'] => ({
  id: `${id}/privateEndpointConnections/pe`,
  properties: { privateLinkServiceConnectionState: { status: 'Approved' } },
});
const uai = {
  type: 'UserAssigned',
  userAssignedIdentities: { [IDENTITY]: { principalId: 'p', clientId: 'c' } },
};

/**
 * Four workspaces (two pages): one locked down, one open, an AI Foundry hub and a project of it; two search
 * services and two key vaults, one of each locked down and one open.
 */
export function mlTenant(): FakeTenant {
  const locked = workspace('mlw-locked');
  const open = workspace('mlw-open');
  return {
    tenantId: '77777777-8888-9999-aaaa-bbbbbbbbbbbb',
    clientId: 'cccccccc-dddd-eeee-ffff-000000000000',
    clientSecret: 'fake-ml-client-secret',
    subscriptions: {
      [SUB]: [
        ...resourceTree(
          locked,
          {
            type: WS,
            kind: 'Default',
            location: 'westeurope',
            tags: { env: 'prod' },
            identity: uai,
            properties: {
              publicNetworkAccess: 'Disabled',
              hbiWorkspace: true,
              managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' },
              systemDatastoresAuthMode: 'identity',
              encryption: {
                status: 'Enabled',
                keyVaultProperties: {
                  keyVaultArmId: VAULT_REF,
                  keyIdentifier: 'https://kv-locked.vault.azure.net/keys/cmk',
                },
              },
              storageAccount: STORAGE,
              keyVault: VAULT_REF,
              applicationInsights: INSIGHTS,
              containerRegistry: REGISTRY,
              privateEndpointConnections: [approved(locked)],
            },
          },
          {
            computes: [
              {
                name: 'ci-locked',
                location: 'westeurope',
                identity: uai,
                properties: {
                  computeType: 'ComputeInstance',
                  disableLocalAuth: true,
                  properties: {
                    vmSize: 'Standard_DS3_v2',
                    enableNodePublicIp: false,
                    subnet: { id: SUBNET },
                    sshSettings: { sshPublicAccess: 'Disabled' },
                    idleTimeBeforeShutdown: 'PT30M',
                  },
                },
              },
              {
                name: 'cluster-locked',
                location: 'westeurope',
                properties: {
                  computeType: 'AmlCompute',
                  disableLocalAuth: true,
                  properties: {
                    vmSize: 'Standard_NC6s_v3',
                    enableNodePublicIp: false,
                    subnet: { id: SUBNET },
                    remoteLoginPortPublicAccess: 'Disabled',
                  },
                },
              },
              { name: 'dbx', properties: { computeType: 'Databricks' } },
            ],
            datastores: [
              {
                name: 'workspaceblobstore',
                properties: {
                  datastoreType: 'AzureBlob',
                  accountName: 'stmlws',
                  containerName: 'azureml',
                  credentials: { credentialsType: 'None' },
                },
              },
              {
                name: 'training',
                properties: {
                  datastoreType: 'AzureBlob',
                  accountName: 'sttraining',
                  containerName: 'data',
                  resourceGroup: 'rg-data',
                  subscriptionId: SUB,
                  credentials: { credentialsType: 'AccountKey' },
                },
              },
              {
                name: 'lake1',
                properties: {
                  datastoreType: 'AzureDataLakeGen1',
                  storeName: 'adls1',
                  credentials: { credentialsType: 'None' },
                },
              },
            ],
            onlineEndpoints: [
              {
                name: 'ep-locked',
                location: 'westeurope',
                identity: uai,
                properties: { authMode: 'AADToken', publicNetworkAccess: 'Disabled' },
              },
            ],
            connections: [
              {
                name: 'aoai',
                properties: {
                  category: 'AzureOpenAI',
                  authType: 'AAD',
                  target: 'https://oai-ml.openai.azure.com/',
                  metadata: { ApiType: 'Azure', ResourceId: OPENAI },
                },
              },
              {
                name: 'search',
                properties: {
                  category: 'CognitiveSearch',
                  authType: 'ApiKey',
                  target: 'https://srch-open.search.windows.net',
                  metadata: { ResourceId: search('srch-open') },
                },
              },
              {
                name: 'blob-anon',
                properties: {
                  category: 'AzureBlob',
                  authType: 'None',
                  target: 'https://stpublic.blob.core.windows.net/open',
                  metadata: { ResourceId: PUBLIC_BLOB },
                },
              },
              {
                name: 'git',
                properties: { category: 'Git', authType: 'PAT', target: 'https://github.com/example/repo' },
              },
            ],
          },
        ),
        ...resourceTree(
          `${locked}/onlineEndpoints/ep-locked`,
          {
            name: 'ep-locked',
            location: 'westeurope',
            identity: uai,
            properties: { authMode: 'AADToken', publicNetworkAccess: 'Disabled' },
          },
          {
            deployments: [
              {
                name: 'blue',
                location: 'westeurope',
                properties: {
                  endpointComputeType: 'Managed',
                  model: `${locked}/models/fraud/versions/3`,
                  egressPublicNetworkAccess: 'Disabled',
                },
              },
            ],
          },
        ).slice(1),
        ...resourceTree(
          open,
          { type: WS, location: 'eastus', properties: { storageAccount: STORAGE } },
          {
            // Neither names a storage account this collector can place: no flow.
            datastores: [
              {
                name: 'elsewhere',
                properties: { datastoreType: 'AzureBlob', accountName: 'stelsewhere', containerName: 'c' },
              },
              {
                name: 'hostile',
                properties: {
                  datastoreType: 'AzureBlob',
                  accountName: 'x/../../evil',
                  resourceGroup: 'rg-data',
                  containerName: 'c',
                },
              },
            ],
            computes: [
              {
                name: 'ci-open',
                location: 'eastus',
                properties: {
                  computeType: 'ComputeInstance',
                  properties: { enableNodePublicIp: true, sshSettings: { sshPublicAccess: 'Enabled' } },
                },
              },
              {
                name: 'cluster-open',
                location: 'eastus',
                properties: {
                  computeType: 'AmlCompute',
                  properties: { remoteLoginPortPublicAccess: 'NotSpecified' },
                },
              },
            ],
            onlineEndpoints: [
              {
                name: 'ep-open',
                location: 'eastus',
                properties: { authMode: 'Key', publicNetworkAccess: 'Enabled' },
              },
            ],
          },
        ),
        ...resourceTree(
          `${open}/onlineEndpoints/ep-open`,
          { name: 'ep-open' },
          {
            deployments: [
              {
                name: 'd1',
                location: 'eastus',
                properties: { endpointComputeType: 'Managed', egressPublicNetworkAccess: 'Enabled' },
              },
              { name: 'd2', location: 'eastus', properties: { endpointComputeType: 'Managed' } },
            ],
          },
        ).slice(1),
        ...resourceTree(workspace('hub-foundry'), {
          type: WS,
          kind: 'Hub',
          location: 'swedencentral',
          properties: {
            publicNetworkAccess: 'Enabled',
            managedNetwork: { isolationMode: 'AllowInternetOutbound' },
            storageAccount: STORAGE,
            keyVault: VAULT_REF,
          },
        }),
        ...resourceTree(workspace('proj-foundry'), {
          type: WS,
          kind: 'Project',
          location: 'swedencentral',
          identity: uai,
          properties: { hubResourceId: workspace('hub-foundry'), storageAccount: STORAGE },
        }),
        ...resourceTree(search('srch-locked'), {
          type: 'Microsoft.Search/searchServices',
          location: 'westeurope',
          sku: { name: 'standard' },
          identity: uai,
          tags: { env: 'prod' },
          properties: {
            publicNetworkAccess: 'Disabled',
            disableLocalAuth: true,
            encryptionWithCmk: { enforcement: 'Enabled' },
            networkRuleSet: { ipRules: [], bypass: 'None' },
            privateEndpointConnections: [approved(search('srch-locked'))],
          },
        }),
        ...resourceTree(search('srch-open'), {
          type: 'Microsoft.Search/searchServices',
          location: 'westeurope',
          sku: { name: 'basic' },
          properties: {
            publicNetworkAccess: 'Enabled',
            networkRuleSet: { ipRules: [{ value: '203.0.113.0/24' }] },
          },
        }),
        ...resourceTree(vault('kv-locked'), {
          type: 'Microsoft.KeyVault/vaults',
          location: 'westeurope',
          properties: {
            tenantId: '77777777-8888-9999-aaaa-bbbbbbbbbbbb',
            sku: { family: 'A', name: 'premium' },
            publicNetworkAccess: 'Disabled',
            enablePurgeProtection: true,
            enableSoftDelete: true,
            enableRbacAuthorization: true,
            networkAcls: { defaultAction: 'Deny', bypass: 'None' },
            privateEndpointConnections: [
              {
                id: `${vault('kv-locked')}/privateEndpointConnections/pe`,
                properties: { privateLinkServiceConnectionState: { status: 'Approved' } },
              },
            ],
          },
        }),
        ...resourceTree(vault('kv-open'), {
          type: 'Microsoft.KeyVault/vaults',
          location: 'westeurope',
          properties: {
            tenantId: '77777777-8888-9999-aaaa-bbbbbbbbbbbb',
            sku: { family: 'A', name: 'standard' },
          },
        }),
      ],
    },
  };
}
