import { beforeAll, describe, expect, it } from 'vitest';
import { collectAzure } from '../../../collectors/azure/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { scanFilesSync } from '../../../src/scan.js';
import { makeTestCertificate } from '../../fake-azure/cert.js';
import { fakeAzureOptions } from '../../fake-azure/client.js';
import { resourceId, resourceTree } from '../../fake-azure/resources.js';
import { FakeAzure, type FakeTenant } from '../../fake-azure/server.js';
import { assetById, factValues } from '../live-parity.js';

/**
 * Parity with fixtures/reference-architecture/azure/plan.json for Azure Machine Learning and Key Vault: the
 * workspace, its compute cluster and compute instance, its datastore and the Key Vault, as ARM returns them once
 * the plan is applied (values taken from the plan; the SSH public key, the datastore account key and the compute
 * properties azurerm sets are as the service reports them, without secrets). Expected differences:
 * - plaintextSecrets of the workspace: the plan sets it from the datastore's `account_key`, a secret in Terraform
 *   state; a deployed datastore keeps its key in the workspace's Key Vault and ARM returns no credential, so the
 *   live workspace has no such fact.
 * - the user-assigned identity: only its kind is compared. Its facts come from role assignments and federated
 *   credentials, which this slice does not read (the identity asset is made from the compute's identity block).
 * - evidence attributes and states differ (ARM fields instead of azurerm attributes); values are compared.
 */

const SUB = '3f2a9c1e-5b7d-4e8a-9c21-7d4e6b1a0f35';
const RG = 'rg-aiapp-prod';
const WS = resourceId(SUB, RG, 'Microsoft.MachineLearningServices/workspaces', 'mlw-aiapp');
const KV = resourceId(SUB, RG, 'Microsoft.KeyVault/vaults', 'kv-aiapp-prod');
const UAI = resourceId(SUB, RG, 'Microsoft.ManagedIdentity/userAssignedIdentities', 'id-aiapp-training');
const SUBNET = `${resourceId(SUB, RG, 'Microsoft.Network/virtualNetworks', 'vnet-aiapp')}/subnets/snet-training`;
const MLWS = resourceId(SUB, RG, 'Microsoft.Storage/storageAccounts', 'staiappmlws');
const TRAINING = resourceId(SUB, RG, 'Microsoft.Storage/storageAccounts', 'staiapptraining');
const APPI = resourceId(SUB, RG, 'Microsoft.Insights/components', 'appi-aiapp-ml');
const TAGS = { workload: 'aiapp', environment: 'prod' };

const deployed: FakeTenant = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: 'dededede-1212-3434-5656-787878787878',
  clientSecret: 'fake-ml-parity-secret',
  subscriptions: {
    [SUB]: [
      ...resourceTree(
        WS,
        {
          type: 'Microsoft.MachineLearningServices/workspaces',
          kind: 'Default',
          location: 'westeurope',
          identity: { type: 'SystemAssigned', principalId: 'p', tenantId: 't' },
          properties: {
            publicNetworkAccess: 'Enabled',
            hbiWorkspace: false,
            managedNetwork: { isolationMode: 'Disabled' },
            systemDatastoresAuthMode: 'accessKey',
            storageAccount: MLWS,
            keyVault: KV,
            applicationInsights: APPI,
            privateEndpointConnections: [],
          },
        },
        {
          computes: [
            {
              name: 'cpu-train',
              location: 'westeurope',
              identity: { type: 'UserAssigned', userAssignedIdentities: { [UAI]: {} } },
              properties: {
                computeType: 'AmlCompute',
                disableLocalAuth: false,
                properties: {
                  vmSize: 'Standard_NC6s_v3',
                  vmPriority: 'Dedicated',
                  enableNodePublicIp: true,
                  remoteLoginPortPublicAccess: 'Disabled',
                  subnet: { id: SUBNET },
                  scaleSettings: { minNodeCount: 0, maxNodeCount: 4, nodeIdleTimeBeforeScaleDown: 'PT15M' },
                },
              },
            },
            {
              name: 'ci-datasci-01',
              location: 'westeurope',
              identity: { type: 'SystemAssigned', principalId: 'p', tenantId: 't' },
              properties: {
                computeType: 'ComputeInstance',
                disableLocalAuth: false,
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
                resourceGroup: RG,
                subscriptionId: SUB,
                credentials: { credentialsType: 'AccountKey' },
              },
            },
          ],
        },
      ),
      ...resourceTree(KV, {
        type: 'Microsoft.KeyVault/vaults',
        location: 'westeurope',
        tags: TAGS,
        properties: {
          tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
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
    ],
  },
};

const SAME: Record<string, string> = {
  'azurerm_machine_learning_workspace.main': WS,
  'azurerm_machine_learning_compute_cluster.train': `${WS}/computes/cpu-train`,
  'azurerm_machine_learning_compute_instance.dev': `${WS}/computes/ci-datasci-01`,
  'azurerm_key_vault.main': KV,
};
/** Flow ends outside this slice: the live flows name their ARM ids. */
const TARGETS: Record<string, string> = {
  ...SAME,
  'azurerm_user_assigned_identity.training': UAI,
  'azurerm_storage_account.mlws': MLWS,
  'module.training_data.azurerm_storage_account.this': TRAINING,
  'azurerm_application_insights.ml': APPI,
  'azurerm_subnet.training': SUBNET,
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

describe('live Azure vs plan parity (Machine Learning, Key Vault)', () => {
  it.each(Object.entries(SAME))('%s has the same kind and facts live', (address, id) => {
    const p = assetById(plan, address);
    const l = assetById(live, id);
    expect(l.kind).toBe(p.kind);
    const expected = factValues(p);
    if (address === 'azurerm_machine_learning_workspace.main') {
      expect(expected['plaintextSecrets']).toBe(true);
      delete expected['plaintextSecrets'];
    }
    expect(factValues(l)).toEqual(expected);
  });

  it('makes the user-assigned identity the cluster assumes an identity asset', () => {
    expect(assetById(live, UAI).kind).toBe(assetById(plan, 'azurerm_user_assigned_identity.training').kind);
  });

  it('draws the same flows from the workspace, its computes and the vault', () => {
    const from = new Set(Object.keys(SAME));
    const planFlows = plan.flows
      .filter((f) => from.has(f.from))
      .map((f) => [f.kind, TARGETS[f.from], TARGETS[f.to] ?? f.to].join(' '))
      .sort();
    const ids = new Set(Object.values(SAME));
    const liveFlows = live.flows
      .filter((f) => ids.has(f.from))
      .map((f) => [f.kind, f.from, f.to].join(' '))
      .sort();
    expect(liveFlows).toEqual(planFlows);
    expect(planFlows).toHaveLength(6);
  });
});
