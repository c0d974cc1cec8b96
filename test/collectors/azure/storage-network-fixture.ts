import { cognitiveAccount, resourceId, resourceTree } from '../../fake-azure/resources.js';
import type { FakeResource, FakeTenant, Json } from '../../fake-azure/server.js';

type Body = Record<string, Json>;

/** A subscription with storage accounts, virtual networks, network security groups and private endpoints. */
export const SUB = '77777777-6666-5555-4444-333333333333';
export const GROUP = 'rg-data';
export const NET_GROUP = 'rg-net';

export const storage = (name: string): string =>
  resourceId(SUB, GROUP, 'Microsoft.Storage/storageAccounts', name);
export const vnet = (name: string): string =>
  resourceId(SUB, NET_GROUP, 'Microsoft.Network/virtualNetworks', name);
export const subnet = (v: string, name: string): string => `${vnet(v)}/subnets/${name}`;
export const nsg = (name: string): string =>
  resourceId(SUB, NET_GROUP, 'Microsoft.Network/networkSecurityGroups', name);
export const endpoint = (name: string): string =>
  resourceId(SUB, NET_GROUP, 'Microsoft.Network/privateEndpoints', name);
export const OPENAI = resourceId(SUB, GROUP, 'Microsoft.CognitiveServices/accounts', 'oai-data');
export const SQL = resourceId(SUB, GROUP, 'Microsoft.Sql/servers', 'sql-data');
export const STORAGE_IDENTITY = resourceId(
  SUB,
  GROUP,
  'Microsoft.ManagedIdentity/userAssignedIdentities',
  'id-storage-cmk',
);

/** ARM often hands back references with the resource group lower-cased. */
const lowerGroup = (id: string): string =>
  id.replace(/\/resourceGroups\/([^/]+)\//, (_, g: string) => `/resourcegroups/${g.toLowerCase()}/`);

function storageAccount(
  name: string,
  body: Body,
  more: { service?: Body; policy?: Body; containers?: readonly (readonly [string, string?])[] } = {},
): FakeResource[] {
  const id = storage(name);
  const out = resourceTree(id, { type: 'Microsoft.Storage/storageAccounts', ...body });
  if (more.service !== undefined)
    out.push({
      id: `${id}/blobServices/default`,
      body: {
        name: 'default',
        type: 'Microsoft.Storage/storageAccounts/blobServices',
        properties: more.service,
      },
    });
  if (more.policy !== undefined)
    out.push({
      id: `${id}/managementPolicies/default`,
      body: {
        name: 'default',
        type: 'Microsoft.Storage/storageAccounts/managementPolicies',
        properties: { policy: more.policy },
      },
    });
  for (const [container, access] of more.containers ?? [])
    out.push({
      id: `${id}/blobServices/default/containers/${container}`,
      body: {
        name: container,
        type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
        properties: { publicAccess: access ?? 'None', hasImmutabilityPolicy: false },
      },
    });
  return out;
}

const rule = (name: string, priority: number, props: Record<string, string>): Body => ({
  name,
  properties: { priority, protocol: 'Tcp', sourcePortRange: '*', destinationAddressPrefix: '*', ...props },
});

function storageResources(): FakeResource[] {
  return [
    ...storageAccount(
      'stlocked',
      {
        kind: 'StorageV2',
        location: 'westeurope',
        sku: { name: 'Standard_ZRS', tier: 'Standard' },
        tags: { data: 'confidential' },
        identity: { type: 'UserAssigned', userAssignedIdentities: { [STORAGE_IDENTITY]: {} } },
        properties: {
          publicNetworkAccess: 'Disabled',
          networkAcls: {
            defaultAction: 'Deny',
            bypass: 'AzureServices',
            ipRules: [],
            virtualNetworkRules: [],
          },
          allowBlobPublicAccess: false,
          allowSharedKeyAccess: false,
          supportsHttpsTrafficOnly: true,
          minimumTlsVersion: 'TLS1_2',
          encryption: {
            keySource: 'Microsoft.Keyvault',
            keyvaultproperties: { keyname: 'cmk', keyvaulturi: 'https://kv-data.vault.azure.net/' },
            services: { blob: { enabled: true, keyType: 'Account' } },
          },
          immutableStorageWithVersioning: { enabled: true },
          privateEndpointConnections: [
            {
              id: `${storage('stlocked')}/privateEndpointConnections/pe-st`,
              properties: { privateLinkServiceConnectionState: { status: 'Approved' } },
            },
          ],
        },
      },
      {
        service: {
          isVersioningEnabled: true,
          deleteRetentionPolicy: { enabled: true, days: 14 },
          containerDeleteRetentionPolicy: { enabled: true, days: 7 },
        },
        policy: {
          rules: [
            {
              enabled: false,
              name: 'off',
              type: 'Lifecycle',
              definition: { actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 1 } } } },
            },
            {
              enabled: true,
              name: 'cool',
              type: 'Lifecycle',
              definition: { actions: { baseBlob: { tierToCool: { daysAfterModificationGreaterThan: 30 } } } },
            },
            {
              enabled: true,
              name: 'expire',
              type: 'Lifecycle',
              definition: { actions: { version: { delete: { daysAfterCreationGreaterThan: 90 } } } },
            },
          ],
        },
        containers: [['a'], ['b'], ['c']],
      },
    ),
    ...storageAccount(
      'stopen',
      {
        kind: 'StorageV2',
        location: 'eastus',
        sku: { name: 'Standard_LRS', tier: 'Standard' },
        properties: {
          networkAcls: { defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] },
          allowBlobPublicAccess: true,
          encryption: { keySource: 'Microsoft.Storage', services: { blob: { enabled: true } } },
        },
      },
      {
        service: { deleteRetentionPolicy: { enabled: false } },
        containers: [
          ['private', 'None'],
          ['site', 'Blob'],
        ],
      },
    ),
    ...storageAccount('stfiles', {
      kind: 'FileStorage',
      location: 'eastus',
      sku: { name: 'Premium_LRS', tier: 'Premium' },
      properties: { publicNetworkAccess: 'Enabled', networkAcls: { defaultAction: 'Deny' } },
    }),
  ];
}

function networkResources(): FakeResource[] {
  return [
    {
      id: vnet('vnet-ai'),
      body: {
        name: 'vnet-ai',
        type: 'Microsoft.Network/virtualNetworks',
        location: 'westeurope',
        tags: { team: 'net' },
        properties: {
          addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
          subnets: [
            {
              id: subnet('vnet-ai', 'snet-pe'),
              name: 'snet-pe',
              properties: {
                addressPrefix: '10.0.1.0/24',
                networkSecurityGroup: { id: lowerGroup(nsg('nsg-locked')) },
              },
            },
            {
              id: subnet('vnet-ai', 'snet-app'),
              name: 'snet-app',
              properties: { addressPrefix: '10.0.2.0/24', networkSecurityGroup: { id: nsg('nsg-open') } },
            },
            {
              id: subnet('vnet-ai', 'snet-free'),
              name: 'snet-free',
              properties: { addressPrefix: '10.0.3.0/24' },
            },
          ],
        },
      },
    },
    {
      id: vnet('vnet-empty'),
      body: {
        name: 'vnet-empty',
        type: 'Microsoft.Network/virtualNetworks',
        location: 'eastus',
        properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] }, subnets: [] },
      },
    },
    {
      id: nsg('nsg-locked'),
      body: {
        name: 'nsg-locked',
        type: 'Microsoft.Network/networkSecurityGroups',
        location: 'westeurope',
        properties: {
          securityRules: [
            rule('allow-vnet-https', 100, {
              direction: 'Inbound',
              access: 'Allow',
              sourceAddressPrefix: 'VirtualNetwork',
              destinationPortRange: '443',
            }),
            rule('deny-all', 4096, {
              direction: 'Inbound',
              access: 'Deny',
              sourceAddressPrefix: '*',
              destinationPortRange: '*',
            }),
          ],
          // The built-in rules: none lets the internet in.
          defaultSecurityRules: [
            rule('AllowVnetInBound', 65000, {
              direction: 'Inbound',
              access: 'Allow',
              sourceAddressPrefix: 'VirtualNetwork',
              destinationPortRange: '*',
            }),
          ],
        },
      },
    },
    {
      id: nsg('nsg-open'),
      body: {
        name: 'nsg-open',
        type: 'Microsoft.Network/networkSecurityGroups',
        location: 'westeurope',
        properties: {
          securityRules: [
            rule('allow-out', 100, {
              direction: 'Outbound',
              access: 'Allow',
              sourceAddressPrefix: '*',
              destinationPortRange: '*',
            }),
            rule('ssh-from-anywhere', 200, {
              direction: 'Inbound',
              access: 'Allow',
              sourceAddressPrefix: 'Internet',
              destinationPortRange: '22',
            }),
          ],
        },
      },
    },
    {
      id: nsg('nsg-unused'),
      body: {
        name: 'nsg-unused',
        type: 'Microsoft.Network/networkSecurityGroups',
        location: 'eastus',
        properties: { securityRules: [] },
      },
    },
    privateEndpoint(
      'pe-st',
      subnet('vnet-ai', 'snet-pe'),
      'privateLinkServiceConnections',
      lowerGroup(storage('stlocked')),
      'Approved',
    ),
    privateEndpoint(
      'pe-open',
      subnet('vnet-ai', 'snet-pe'),
      'privateLinkServiceConnections',
      storage('stopen'),
      'Approved',
    ),
    privateEndpoint(
      'pe-oai',
      lowerGroup(subnet('vnet-ai', 'snet-pe')),
      'privateLinkServiceConnections',
      OPENAI,
      'Approved',
    ),
    privateEndpoint(
      'pe-files',
      subnet('vnet-ai', 'snet-app'),
      'manualPrivateLinkServiceConnections',
      storage('stfiles'),
      'Pending',
    ),
    privateEndpoint(
      'pe-sql',
      subnet('vnet-ai', 'snet-app'),
      'privateLinkServiceConnections',
      SQL,
      'Approved',
    ),
  ];
}

function privateEndpoint(
  name: string,
  subnetId: string,
  field: string,
  target: string,
  status: string,
): FakeResource {
  return {
    id: endpoint(name),
    body: {
      name,
      type: 'Microsoft.Network/privateEndpoints',
      location: 'westeurope',
      properties: {
        subnet: { id: subnetId },
        [field]: [
          {
            name: `${name}-connection`,
            properties: {
              privateLinkServiceId: target,
              groupIds: ['blob'],
              privateLinkServiceConnectionState: { status, description: '' },
            },
          },
        ],
      },
    },
  };
}

/** The storage and network resources, and an OpenAI account (without a private endpoint connection of its own). */
export function tenant(): FakeTenant {
  return {
    tenantId: '44444444-5555-6666-7777-888888888888',
    clientId: 'bbbbbbbb-cccc-dddd-eeee-ffffffffffff',
    clientSecret: 'fake-storage-network-secret',
    subscriptions: {
      [SUB]: [
        ...storageResources(),
        ...networkResources(),
        ...cognitiveAccount(
          SUB,
          GROUP,
          {
            name: 'oai-data',
            type: 'Microsoft.CognitiveServices/accounts',
            kind: 'OpenAI',
            location: 'westeurope',
            properties: { publicNetworkAccess: 'Disabled', disableLocalAuth: true },
          },
          [],
        ),
      ],
    },
  };
}
