import { readFileSync } from 'node:fs';
import { resourceId, resourceTree, systemRaiPolicies } from '../../fake-azure/resources.js';
import type { FakeResource, FakeTenant, Json } from '../../fake-azure/server.js';

/**
 * The whole reference architecture of fixtures/reference-architecture/azure/plan.json as ARM returns it once the
 * plan is applied: every resource the live collector reads, with the plan's values and the defaults Azure fills
 * in (system-assigned principal ids, the blob service of each storage account, the approved private endpoint
 * connection the private endpoint adds to the OpenAI account, Microsoft-managed encryption). Secrets are as ARM
 * returns them: absent. The model deployment has no rai_policy_name in the plan; ARM names Microsoft.DefaultV2 on
 * it, and lists that system-managed policy (with Microsoft.Default) among the account's raiPolicies, so the live
 * side judges it from the listed filters where the plan judges the documented default: the same facts.
 * `architecture(ref)` spells the ids one resource gives of another through `ref`, as
 * ARM hands them back in whatever case they were written (`resourceGroups/RG-AIAPP-PROD`, `resourcegroups/...`).
 */

export const PLAN = 'fixtures/reference-architecture/azure/plan.json';
export const SUB = '3f2a9c1e-5b7d-4e8a-9c21-7d4e6b1a0f35';
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const GROUP = 'rg-aiapp-prod';
const LOCATION = 'westeurope';
const TAGS = { workload: 'aiapp', environment: 'prod' };

const id = (type: string, name: string): string => resourceId(SUB, GROUP, type, name);
export const VNET = id('Microsoft.Network/virtualNetworks', 'vnet-aiapp');
export const SUBNET = {
  privateEndpoints: `${VNET}/subnets/snet-private-endpoints`,
  training: `${VNET}/subnets/snet-training`,
  appgw: `${VNET}/subnets/snet-appgw`,
};
export const NSG = id('Microsoft.Network/networkSecurityGroups', 'nsg-aiapp-private');
export const PE = id('Microsoft.Network/privateEndpoints', 'pe-oai-aiapp');
export const UAI = id('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-aiapp-training');
export const KV = id('Microsoft.KeyVault/vaults', 'kv-aiapp-prod');
export const LAW = id('Microsoft.OperationalInsights/workspaces', 'log-aiapp-prod');
export const APPI = id('Microsoft.Insights/components', 'appi-aiapp-ml');
export const OPENAI = id('Microsoft.CognitiveServices/accounts', 'oai-aiapp-prod');
export const GPT4O = `${OPENAI}/deployments/gpt-4o`;
const storage = (name: string): string => id('Microsoft.Storage/storageAccounts', name);
export const APPDATA = storage('staiappappdata');
export const MLWS = storage('staiappmlws');
export const TRAINING = storage('staiapptraining');
export const APIM = id('Microsoft.ApiManagement/service', 'apim-aiapp-prod');
export const OIDC = `${APIM}/openidConnectProviders/entra-id`;
export const WS = id('Microsoft.MachineLearningServices/workspaces', 'mlw-aiapp');
export const CLUSTER = `${WS}/computes/cpu-train`;
export const INSTANCE = `${WS}/computes/ci-datasci-01`;

/** Plan address → the ARM id of the resource deployed from it, for every plan asset the live collector reads. */
export const DEPLOYED: Readonly<Record<string, string>> = {
  'azurerm_virtual_network.main': VNET,
  'azurerm_subnet.private_endpoints': SUBNET.privateEndpoints,
  'azurerm_subnet.training': SUBNET.training,
  'azurerm_subnet.appgw': SUBNET.appgw,
  'azurerm_network_security_group.private': NSG,
  'azurerm_private_endpoint.openai': PE,
  'azurerm_user_assigned_identity.training': UAI,
  'azurerm_key_vault.main': KV,
  'azurerm_log_analytics_workspace.main': LAW,
  'azurerm_application_insights.ml': APPI,
  'azurerm_cognitive_account.openai': OPENAI,
  'azurerm_cognitive_deployment.gpt4o': GPT4O,
  'azurerm_storage_account.appdata': APPDATA,
  'azurerm_storage_account.mlws': MLWS,
  'module.training_data.azurerm_storage_account.this': TRAINING,
  'azurerm_api_management.gw': APIM,
  'azurerm_api_management_openid_connect_provider.entra': OIDC,
  'azurerm_machine_learning_workspace.main': WS,
  'azurerm_machine_learning_compute_cluster.train': CLUSTER,
  'azurerm_machine_learning_compute_instance.dev': INSTANCE,
};

/** Entra object ids of the managed identities. */
export const PRINCIPAL = {
  apim: 'dddddddd-0000-0000-0000-000000000001',
  openai: 'dddddddd-0000-0000-0000-000000000002',
  training: 'dddddddd-0000-0000-0000-000000000003',
  workspace: 'dddddddd-0000-0000-0000-000000000004',
  instance: 'dddddddd-0000-0000-0000-000000000005',
};

/** Built-in role definition GUIDs of the plan's role assignments. */
const ROLE = {
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  blobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
  openAiUser: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
  openAiContributor: 'a001fd3d-188f-4b5d-821b-7da978bf7442',
};

/** The policy of the chat API: what the plan sets (`azurerm_api_management_api_policy.chat.xml_content`). */
export function chatPolicy(): string {
  const plan = JSON.parse(readFileSync(PLAN, 'utf8')) as {
    planned_values: { root_module: { resources: { address: string; values: Record<string, unknown> }[] } };
  };
  const r = plan.planned_values.root_module.resources.find(
    (x) => x.address === 'azurerm_api_management_api_policy.chat',
  );
  const xml = r?.values['xml_content'];
  if (typeof xml !== 'string')
    throw new Error(`no xml_content on azurerm_api_management_api_policy.chat in ${PLAN}`);
  return xml;
}

/** How a reference to another resource is spelled: as written (the default), or with another group case. */
export type Spelling = (id: string) => string;
const asIs: Spelling = (x) => x;

/** The deployed subscription; `ref` spells the ids one resource gives of another. */
export function architecture(ref: Spelling = asIs): FakeTenant {
  return {
    tenantId: TENANT,
    clientId: 'dededede-1212-3434-5656-787878787878',
    clientSecret: 'fake-architecture-secret',
    subscriptions: { [SUB]: resources(ref) },
  };
}

function resources(ref: Spelling): FakeResource[] {
  return [
    ...network(ref),
    ...storageAccounts(),
    ...cognitive(ref),
    ...apim(),
    ...machineLearning(ref),
    ...resourceTree(KV, {
      type: 'Microsoft.KeyVault/vaults',
      location: LOCATION,
      properties: {
        tenantId: TENANT,
        sku: { family: 'A', name: 'premium' },
        enablePurgeProtection: true,
        enableSoftDelete: true,
        softDeleteRetentionInDays: 90,
        enableRbacAuthorization: true,
        publicNetworkAccess: 'Enabled',
        networkAcls: {
          defaultAction: 'Allow',
          bypass: 'AzureServices',
          ipRules: [],
          virtualNetworkRules: [],
        },
      },
    }),
    ...roleAssignments(ref),
  ];
}

function network(ref: Spelling): FakeResource[] {
  const rule = (
    name: string,
    priority: number,
    access: string,
    protocol: string,
    source: string,
    port: string,
    destination: string,
  ): Json => ({
    id: `${NSG}/securityRules/${name}`,
    name,
    properties: {
      priority,
      direction: 'Inbound',
      access,
      protocol,
      sourcePortRange: '*',
      sourceAddressPrefix: source,
      sourceAddressPrefixes: [],
      destinationPortRange: port,
      destinationAddressPrefix: destination,
      destinationAddressPrefixes: [],
      provisioningState: 'Succeeded',
    },
  });
  const subnet = (sid: string, prefix: string, nsg: boolean): Json => ({
    id: sid,
    name: sid.split('/').pop() ?? '',
    properties: {
      addressPrefixes: [prefix],
      privateEndpointNetworkPolicies: 'Disabled',
      privateLinkServiceNetworkPolicies: 'Enabled',
      ...(nsg ? { networkSecurityGroup: { id: ref(NSG) } } : {}),
      provisioningState: 'Succeeded',
    },
  });
  return [
    ...resourceTree(VNET, {
      type: 'Microsoft.Network/virtualNetworks',
      location: LOCATION,
      properties: {
        addressSpace: { addressPrefixes: ['10.40.0.0/16'] },
        subnets: [
          subnet(SUBNET.privateEndpoints, '10.40.1.0/24', true),
          subnet(SUBNET.training, '10.40.2.0/24', true),
          subnet(SUBNET.appgw, '10.40.3.0/24', false),
        ],
        provisioningState: 'Succeeded',
      },
    }),
    ...resourceTree(NSG, {
      type: 'Microsoft.Network/networkSecurityGroups',
      location: LOCATION,
      properties: {
        securityRules: [
          rule('allow-vnet-https', 100, 'Allow', 'Tcp', 'VirtualNetwork', '443', '*'),
          rule('deny-all-inbound', 4096, 'Deny', '*', '*', '*', '*'),
          rule('allow-azureml-batch', 110, 'Allow', 'Tcp', 'AzureMachineLearning', '44224', 'VirtualNetwork'),
        ],
        subnets: [{ id: ref(SUBNET.privateEndpoints) }, { id: ref(SUBNET.training) }],
        provisioningState: 'Succeeded',
      },
    }),
    ...resourceTree(PE, {
      type: 'Microsoft.Network/privateEndpoints',
      location: LOCATION,
      properties: {
        subnet: { id: ref(SUBNET.privateEndpoints) },
        privateLinkServiceConnections: [
          {
            id: `${PE}/privateLinkServiceConnections/oai`,
            name: 'oai',
            properties: {
              privateLinkServiceId: ref(OPENAI),
              groupIds: ['account'],
              privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved' },
            },
          },
        ],
        manualPrivateLinkServiceConnections: [],
        provisioningState: 'Succeeded',
      },
    }),
  ];
}

function storageAccounts(): FakeResource[] {
  const account = (
    sid: string,
    init: { sku: string; tags?: Json; defaultAction: string; versioning?: boolean },
    containers: string[],
  ): FakeResource[] => [
    ...resourceTree(sid, {
      type: 'Microsoft.Storage/storageAccounts',
      kind: 'StorageV2',
      location: LOCATION,
      sku: { name: init.sku, tier: 'Standard' },
      ...(init.tags === undefined ? {} : { tags: init.tags }),
      properties: {
        publicNetworkAccess: 'Disabled',
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: true,
        supportsHttpsTrafficOnly: true,
        minimumTlsVersion: 'TLS1_2',
        isHnsEnabled: false,
        networkAcls: {
          bypass: 'AzureServices',
          defaultAction: init.defaultAction,
          ipRules: [],
          virtualNetworkRules: [],
        },
        encryption: {
          keySource: 'Microsoft.Storage',
          services: {
            blob: { enabled: true, keyType: 'Account' },
            file: { enabled: true, keyType: 'Account' },
          },
        },
        privateEndpointConnections: [],
        provisioningState: 'Succeeded',
      },
    }),
    ...resourceTree(
      `${sid}/blobServices/default`,
      {
        properties: {
          ...(init.versioning === undefined ? {} : { isVersioningEnabled: init.versioning }),
          changeFeed: { enabled: false },
          deleteRetentionPolicy: { allowPermanentDelete: false, enabled: false },
        },
      },
      {
        containers: containers.map((name) => ({
          name,
          properties: { publicAccess: 'None', hasImmutabilityPolicy: false, hasLegalHold: false },
        })),
      },
    ),
  ];
  return [
    ...account(APPDATA, { sku: 'Standard_ZRS', tags: TAGS, defaultAction: 'Allow', versioning: false }, [
      'conversations',
    ]),
    ...account(MLWS, { sku: 'Standard_LRS', defaultAction: 'Allow' }, []),
    ...account(TRAINING, { sku: 'Standard_GRS', defaultAction: 'Deny', versioning: false }, ['curated']),
  ];
}

function cognitive(ref: Spelling): FakeResource[] {
  return [
    ...systemRaiPolicies(OPENAI),
    ...resourceTree(
      OPENAI,
      {
        type: 'Microsoft.CognitiveServices/accounts',
        kind: 'OpenAI',
        location: LOCATION,
        sku: { name: 'S0' },
        identity: { type: 'SystemAssigned', principalId: PRINCIPAL.openai, tenantId: TENANT },
        properties: {
          customSubDomainName: 'oai-aiapp-prod',
          endpoint: 'https://oai-aiapp-prod.openai.azure.com/',
          publicNetworkAccess: 'Disabled',
          disableLocalAuth: false,
          restrictOutboundNetworkAccess: false,
          networkAcls: { defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] },
          privateEndpointConnections: [
            {
              id: `${OPENAI}/privateEndpointConnections/pe-oai-aiapp.0123`,
              properties: {
                privateEndpoint: { id: ref(PE) },
                groupIds: ['account'],
                privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved' },
              },
            },
          ],
          provisioningState: 'Succeeded',
        },
      },
      {
        deployments: [
          {
            name: 'gpt-4o',
            sku: { name: 'GlobalStandard', capacity: 50 },
            properties: {
              model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-08-06' },
              versionUpgradeOption: 'OnceNewDefaultVersionAvailable',
              raiPolicyName: 'Microsoft.DefaultV2',
              provisioningState: 'Succeeded',
            },
          },
        ],
      },
    ),
    {
      id: `${OPENAI}/providers/Microsoft.Insights/diagnosticSettings/diag-oai`,
      body: {
        name: 'diag-oai',
        properties: {
          workspaceId: ref(LAW),
          logs: [{ category: 'Trace', enabled: true }],
          metrics: [{ category: 'AllMetrics', enabled: true }],
        },
      },
    },
  ];
}

function apim(): FakeResource[] {
  return [
    ...resourceTree(
      APIM,
      {
        type: 'Microsoft.ApiManagement/service',
        location: LOCATION,
        tags: TAGS,
        sku: { name: 'Developer', capacity: 1 },
        identity: { type: 'SystemAssigned', principalId: PRINCIPAL.apim, tenantId: TENANT },
        properties: {
          publisherEmail: 'platform@example.com',
          publisherName: 'AI App',
          gatewayUrl: 'https://apim-aiapp-prod.azure-api.net',
          publicNetworkAccess: 'Enabled',
          virtualNetworkType: 'None',
          provisioningState: 'Succeeded',
        },
      },
      {
        apis: [
          {
            name: 'chat',
            properties: {
              displayName: 'Chat',
              apiRevision: '1',
              path: 'chat',
              isCurrent: true,
              protocols: ['https'],
              subscriptionRequired: true,
              serviceUrl: 'https://oai-aiapp-prod.openai.azure.com/openai',
              authenticationSettings: {
                openid: { openidProviderId: 'entra-id', bearerTokenSendingMethods: ['authorizationHeader'] },
              },
            },
          },
        ],
        openidConnectProviders: [
          {
            name: 'entra-id',
            properties: {
              displayName: 'Microsoft Entra ID',
              metadataEndpoint: `https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration`,
              clientId: 'c1f0a3d2-7b6e-4f5a-9d8c-2b1a0e9f8d7c',
            },
          },
        ],
      },
    ),
    ...resourceTree(`${APIM}/apis/chat/policies/policy`, {
      properties: { format: 'xml', value: chatPolicy() },
    }),
  ];
}

function machineLearning(ref: Spelling): FakeResource[] {
  return resourceTree(
    WS,
    {
      type: 'Microsoft.MachineLearningServices/workspaces',
      kind: 'Default',
      location: LOCATION,
      sku: { name: 'Basic', tier: 'Basic' },
      identity: { type: 'SystemAssigned', principalId: PRINCIPAL.workspace, tenantId: TENANT },
      properties: {
        friendlyName: 'mlw-aiapp',
        publicNetworkAccess: 'Enabled',
        hbiWorkspace: false,
        v1LegacyMode: false,
        managedNetwork: { isolationMode: 'Disabled' },
        systemDatastoresAuthMode: 'accessKey',
        storageAccount: ref(MLWS),
        keyVault: ref(KV),
        applicationInsights: ref(APPI),
        privateEndpointConnections: [],
        provisioningState: 'Succeeded',
      },
    },
    {
      computes: [
        {
          name: 'cpu-train',
          location: LOCATION,
          identity: {
            type: 'UserAssigned',
            userAssignedIdentities: {
              [ref(UAI)]: {
                principalId: PRINCIPAL.training,
                clientId: 'eeeeeeee-0000-0000-0000-000000000003',
              },
            },
          },
          properties: {
            computeType: 'AmlCompute',
            computeLocation: LOCATION,
            disableLocalAuth: false,
            provisioningState: 'Succeeded',
            properties: {
              osType: 'Linux',
              vmSize: 'Standard_NC6s_v3',
              vmPriority: 'Dedicated',
              enableNodePublicIp: true,
              isolatedNetwork: false,
              remoteLoginPortPublicAccess: 'Disabled',
              subnet: { id: ref(SUBNET.training) },
              scaleSettings: { minNodeCount: 0, maxNodeCount: 4, nodeIdleTimeBeforeScaleDown: 'PT15M' },
            },
          },
        },
        {
          name: 'ci-datasci-01',
          location: LOCATION,
          identity: { type: 'SystemAssigned', principalId: PRINCIPAL.instance, tenantId: TENANT },
          properties: {
            computeType: 'ComputeInstance',
            computeLocation: LOCATION,
            disableLocalAuth: false,
            provisioningState: 'Succeeded',
            properties: {
              vmSize: 'Standard_DS3_v2',
              enableNodePublicIp: true,
              computeInstanceAuthorizationType: 'personal',
              sshSettings: { sshPublicAccess: 'Enabled', adminUserName: 'azureuser', sshPort: 50000 },
            },
          },
        },
      ],
      datastores: [
        {
          name: 'trainingdata',
          properties: {
            datastoreType: 'AzureBlob',
            accountName: 'staiapptraining',
            containerName: 'curated',
            endpoint: 'core.windows.net',
            protocol: 'https',
            resourceGroup: ref(GROUP),
            subscriptionId: SUB,
            credentials: { credentialsType: 'AccountKey' },
            isDefault: false,
          },
        },
      ],
    },
  );
}

function roleAssignments(ref: Spelling): FakeResource[] {
  const grant = (scope: string, name: string, role: string, principalId: string): FakeResource => ({
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    body: {
      name,
      type: 'Microsoft.Authorization/roleAssignments',
      properties: {
        scope: ref(scope),
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
        principalId,
        principalType: 'ServicePrincipal',
      },
    },
  });
  return [
    grant(APPDATA, '0b9a1c1e-0000-4000-8000-000000000001', ROLE.blobDataContributor, PRINCIPAL.openai),
    grant(OPENAI, '0b9a1c1e-0000-4000-8000-000000000002', ROLE.openAiUser, PRINCIPAL.apim),
    grant(OPENAI, '0b9a1c1e-0000-4000-8000-000000000003', ROLE.openAiContributor, PRINCIPAL.training),
    grant(
      `${TRAINING}/blobServices/default/containers/curated`,
      '0b9a1c1e-0000-4000-8000-000000000004',
      ROLE.blobDataReader,
      PRINCIPAL.training,
    ),
  ];
}
