import type {
  Datastore,
  Workspace,
  WorkspaceConnectionPropertiesV2BasicResource,
} from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/identity';
import { byDefault, explicit, type Fact, type Facts, type FlowKind } from '../../src/model/index.js';
import type { AzureInventory } from './inventory.js';
import { approvedPrivateEndpoint, assumeIdentities, resourceGroupOf } from './managed-identity.js';
import { ARM_ID, RawPages, SERVICE, at, str, type Raw, type WorkspaceContext } from './ml-common.js';
import { computes } from './ml-compute.js';
import { endpoints } from './ml-serving.js';
import type { ArmClientOptions, AzureRuntime } from './runtime.js';

const WORKSPACES = { service: SERVICE, operation: 'Workspaces_ListBySubscription' } as const;
const DATASTORES = { service: SERVICE, operation: 'Datastores_List' } as const;
const CONNECTIONS = { service: SERVICE, operation: 'WorkspaceConnections_List' } as const;
/**
 * The installed client speaks 2022-10-01, which has no managed network, no workspace kind (AI Foundry hub and
 * project) and no system datastore auth mode: it is asked for this GA version instead, and the fields its models
 * do not know are read from the raw page.
 */
export const ML_API_VERSION = '2024-10-01';
/** Connection categories whose target resource a workspace calls, searches or reads. */
const CONNECTION_FLOWS: Readonly<Record<string, FlowKind>> = {
  azureopenai: 'invoke',
  aiservices: 'invoke',
  cognitiveservice: 'invoke',
  cognitivesearch: 'retrieve-from',
  azureblob: 'read',
  azuredatalakegen2: 'read',
};

/**
 * The Azure Machine Learning workspaces of a subscription (AI Foundry hubs and projects are workspaces of kind Hub
 * and Project), with their computes, datastores, online endpoints and deployments and connections: the facts and
 * flows the azurerm mappers give for azurerm_machine_learning_* and azurerm_ai_foundry*. Connection secrets are
 * never asked for (listsecrets is a POST).
 */
export async function collectMl(rt: AzureRuntime, inv: AzureInventory, subscription: string): Promise<void> {
  const client = await rt.client(subscription, 'machinelearning', async () => {
    const sdk = await import('@azure/arm-machinelearning');
    class Client extends sdk.AzureMachineLearningWorkspaces {
      constructor(credential: TokenCredential, id: string, options: ArmClientOptions) {
        super(credential, id, { ...options, apiVersion: ML_API_VERSION });
      }
    }
    return { Client, getContinuationToken: sdk.getContinuationToken };
  });
  const raw = new RawPages();
  const workspaces = await rt.list(subscription, WORKSPACES, () =>
    client.workspaces.listBySubscription(raw.options).byPage(),
  );
  await Promise.all(
    workspaces.items.map(async (w) => {
      const name = w.name;
      const group = w.id === undefined ? undefined : resourceGroupOf(w.id);
      if (w.id === undefined || name === undefined || group === undefined) return;
      const body = raw.of(w.id);
      const kind = str(body, 'kind') ?? 'Default';
      const isolation = isolationFact(body);
      // The asset's id (as the inventory spells it) names the workspace from here on, in flows and evidence.
      const id = inv.asset(subscription, {
        id: w.id,
        kind: 'ml-workspace',
        nativeType: `${SERVICE}/workspaces`,
        name,
        ...(w.location === undefined ? {} : { region: w.location }),
        facts: workspaceFacts(w, body, kind, isolation),
        tags: w.tags ?? {},
      });
      assumeIdentities(inv, subscription, id, w.identity, at(WORKSPACES, 'identity.userAssignedIdentities'));
      if (kind.toLowerCase() !== 'project') workspaceLinks(inv, id, w);
      const ctx: WorkspaceContext = { rt, inv, subscription, id, group, name, isolation, workspace: w };
      await Promise.all([
        computes(ctx, (o) => client.computeOperations.list(group, name, o).byPage()),
        datastores(ctx, (o) => client.datastores.list(group, name, o).byPage()),
        endpoints(
          ctx,
          () => client.onlineEndpoints.list(group, name).byPage(),
          (endpoint) => client.onlineDeployments.list(group, name, endpoint).byPage(),
        ),
        connections(ctx, (o) => client.workspaceConnections.list(group, name, o).byPage()),
      ]);
    }),
  );
  rt.progress(`${subscription}: Machine Learning workspaces read`);
}

/** Managed VNet isolation: only AllowOnlyApprovedOutbound blocks outbound traffic (default Disabled). */
function isolationFact(body: Raw): Fact<boolean> {
  const attribute = at(WORKSPACES, 'properties.managedNetwork.isolationMode');
  const mode = str(body, 'properties.managedNetwork.isolationMode');
  return mode === undefined
    ? byDefault(false, attribute)
    : explicit(mode === 'AllowOnlyApprovedOutbound', attribute);
}

function workspaceFacts(w: Workspace, body: Raw, kind: string, isolation: Fact<boolean>): Facts {
  // An AI Foundry project inherits its network and keys from its hub; azurerm gives it no facts.
  if (kind.toLowerCase() === 'project') return {};
  const pna = at(WORKSPACES, 'properties.publicNetworkAccess');
  const enc = at(WORKSPACES, 'properties.encryption.status');
  const facts: Facts = {
    internetReachable:
      w.publicNetworkAccess === undefined
        ? byDefault(true, pna)
        : explicit(w.publicNetworkAccess === 'Enabled', pna),
    networkIsolated: isolation,
    customerManagedKey:
      w.encryption?.status === undefined
        ? byDefault(false, enc)
        : explicit(w.encryption.status === 'Enabled', enc),
    privateNetwork: explicit(
      approvedPrivateEndpoint(w.privateEndpointConnections),
      at(WORKSPACES, 'properties.privateEndpointConnections'),
    ),
  };
  if (kind.toLowerCase() === 'hub') return facts;
  // System datastores use the storage account key unless the workspace authenticates with its identity.
  const mode = str(body, 'properties.systemDatastoresAuthMode');
  const auth = at(WORKSPACES, 'properties.systemDatastoresAuthMode');
  facts.keyAuthEnabled =
    mode === undefined ? byDefault(true, auth) : explicit(mode.toLowerCase() === 'accesskey', auth);
  return facts;
}

/** Flows from a workspace (or AI Foundry hub) to the resources it is associated with. */
function workspaceLinks(inv: AzureInventory, id: string, w: Workspace): void {
  const links: [string | undefined, string, 'write' | 'read' | 'log-to'][] = [
    [w.storageAccount, 'properties.storageAccount', 'write'],
    [w.keyVault, 'properties.keyVault', 'read'],
    [w.containerRegistry, 'properties.containerRegistry', 'read'],
    [w.applicationInsights, 'properties.applicationInsights', 'log-to'],
  ];
  for (const [target, field, kind] of links)
    if (target !== undefined && ARM_ID.test(target))
      inv.flow(kind, id, target, { assetId: id, attribute: at(WORKSPACES, field) });
}

/** Datastores: the workspace reads the storage account each registers. */
async function datastores(
  ctx: WorkspaceContext,
  pages: (options: RawPages['options']) => AsyncIterableIterator<Datastore[]>,
): Promise<void> {
  const raw = new RawPages();
  const listing = await ctx.rt.list(ctx.subscription, DATASTORES, () => pages(raw.options), ctx.id);
  for (const d of listing.items) {
    if (d.id === undefined) continue;
    const body = raw.of(d.id);
    const type = str(body, 'properties.datastoreType') ?? '';
    if (!['AzureBlob', 'AzureDataLakeGen2', 'AzureFile'].includes(type)) continue;
    const account = str(body, 'properties.accountName');
    if (account === undefined || !/^[a-z0-9]{3,24}$/.test(account)) continue;
    const target = storageAccountId(
      ctx,
      account,
      str(body, 'properties.subscriptionId'),
      str(body, 'properties.resourceGroup'),
    );
    if (target === undefined) continue;
    ctx.inv.flow('read', ctx.id, target, {
      assetId: d.id,
      attribute: at(DATASTORES, 'properties.accountName'),
    });
  }
}

/**
 * The id of a datastore's storage account: from its subscription and resource group when the datastore names them,
 * else the workspace's own storage account when the names match (the workspace's default datastores).
 */
function storageAccountId(
  ctx: WorkspaceContext,
  account: string,
  subscription: string | undefined,
  group: string | undefined,
): string | undefined {
  const own = ctx.workspace.storageAccount;
  if (group !== undefined && /^[\w.()-]{1,90}$/.test(group)) {
    const sub =
      subscription !== undefined && /^[0-9a-f-]{36}$/i.test(subscription) ? subscription : ctx.subscription;
    const id = `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.Storage/storageAccounts/${account}`;
    // Keep the workspace's spelling of the same id, so that both flows meet one asset.
    return own !== undefined && own.toLowerCase() === id.toLowerCase() ? own : id;
  }
  if (own !== undefined && own.split('/').pop()?.toLowerCase() === account) return own;
  return undefined;
}

/**
 * Connections whose metadata names an Azure resource: the workspace calls, searches or reads it. Only the
 * category, auth type and target metadata are read; credentials are never asked for.
 */
async function connections(
  ctx: WorkspaceContext,
  pages: (
    options: RawPages['options'],
  ) => AsyncIterableIterator<WorkspaceConnectionPropertiesV2BasicResource[]>,
): Promise<void> {
  const raw = new RawPages();
  const listing = await ctx.rt.list(ctx.subscription, CONNECTIONS, () => pages(raw.options), ctx.id);
  for (const c of listing.items) {
    if (c.id === undefined) continue;
    const body = raw.of(c.id);
    const kind = CONNECTION_FLOWS[(str(body, 'properties.category') ?? '').toLowerCase()];
    const target = str(body, 'properties.metadata.ResourceId');
    if (kind === undefined || target === undefined || !ARM_ID.test(target)) continue;
    const auth = str(body, 'properties.authType');
    ctx.inv.flow(
      kind,
      ctx.id,
      target,
      { assetId: c.id, attribute: at(CONNECTIONS, 'properties.metadata.ResourceId') },
      // Every auth type but None presents a credential (a key, a token of the workspace's identity, Entra ID).
      auth === undefined
        ? {}
        : { authenticated: explicit(auth !== 'None', at(CONNECTIONS, 'properties.authType')) },
    );
  }
}
