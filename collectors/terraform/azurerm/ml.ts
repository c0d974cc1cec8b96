import { byDefault, explicit, type Fact } from '../../../src/model/index.js';
import { boolFact, enumFact, presenceFact } from '../attributes.js';
import type { MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import {
  assumeIdentities,
  blockFact,
  enabledStringFact,
  encryptWith,
  firstSetPath,
  linkFirst,
} from './common.js';
import { accountOf } from './storage.js';

const WORKSPACE = ['azurerm_machine_learning_workspace'] as const;

/** Managed VNet isolation: only `AllowOnlyApprovedOutbound` blocks outbound traffic (default `Disabled`). */
function managedNetworkIsolated(r: TfResource): Fact<boolean> {
  return enumFact(r, 'managed_network.0.isolation_mode', ['AllowOnlyApprovedOutbound'], 'Disabled');
}

/** Flows from a workspace (AML or AI Foundry hub) to its associated resources. */
function workspaceLinks(r: TfResource, ctx: MapperContext, id: string): void {
  const links: [string, readonly string[], 'write' | 'read' | 'log-to'][] = [
    ['storage_account_id', ['azurerm_storage_account'], 'write'],
    ['key_vault_id', ['azurerm_key_vault'], 'read'],
    ['container_registry_id', ['azurerm_container_registry'], 'read'],
    ['application_insights_id', ['azurerm_application_insights'], 'log-to'],
  ];
  for (const [path, types, kind] of links) {
    for (const l of ctx.linked(r, path, types, ['id']))
      ctx.flow(id, l.resource.address, kind, ctx.evidence(r, path, l.via));
  }
  encryptWith(r, ctx, id, 'encryption.0.key_id');
  assumeIdentities(r, ctx, id);
}

export function mapMlWorkspace(r: TfResource, ctx: MapperContext): void {
  const id = ctx.asset(r, {
    kind: 'ml-workspace',
    facts: {
      internetReachable: boolFact(r, 'public_network_access_enabled', true),
      networkIsolated: managedNetworkIsolated(r),
      customerManagedKey: presenceFact(r, 'encryption'),
      // System datastores use the storage account key unless storage_account_access_type is Identity.
      keyAuthEnabled: enumFact(r, 'storage_account_access_type', ['AccessKey'], 'AccessKey'),
      privateNetwork: byDefault(false, 'azurerm_private_endpoint'),
    },
  });
  workspaceLinks(r, ctx, id);
}

export function mapAiFoundry(r: TfResource, ctx: MapperContext): void {
  const id = ctx.asset(r, {
    kind: 'ml-workspace',
    facts: {
      internetReachable: enabledStringFact(r, 'public_network_access', 'Enabled'),
      networkIsolated: managedNetworkIsolated(r),
      customerManagedKey: presenceFact(r, 'encryption'),
      privateNetwork: byDefault(false, 'azurerm_private_endpoint'),
    },
  });
  workspaceLinks(r, ctx, id);
}

export function mapAiFoundryProject(r: TfResource, ctx: MapperContext): void {
  const id = ctx.asset(r, { kind: 'ml-workspace', facts: {} });
  assumeIdentities(r, ctx, id);
}

function workspaceOf(r: TfResource, ctx: MapperContext): TfResource | undefined {
  return linkFirst(r, ctx, ['machine_learning_workspace_id'], WORKSPACE, ['id'])?.targets[0];
}

/** Compute placed in a subnet: `network` flow to the subnet and privateNetwork. */
function subnetPlacement(r: TfResource, ctx: MapperContext, id: string): void {
  // A conditional whose taken branch is null still references the subnet: no subnet, no flow.
  if (firstSetPath(r, ['subnet_resource_id']) === undefined) return;
  for (const l of ctx.linked(r, 'subnet_resource_id', ['azurerm_subnet'], ['id'])) {
    ctx.flow(id, l.resource.address, 'network', ctx.evidence(r, 'subnet_resource_id', l.via));
  }
}

/** A training cluster (AmlCompute). */
export function mapMlComputeCluster(r: TfResource, ctx: MapperContext): void {
  const ws = workspaceOf(r, ctx);
  const id = ctx.asset(r, {
    kind: 'ml-compute',
    facts: {
      directInternetAccess: boolFact(r, 'node_public_ip_enabled', true),
      privateNetwork: presenceFact(r, 'subnet_resource_id'),
      // Default false since azurerm 4.0.
      shellAccess: boolFact(r, 'ssh_public_access_enabled', false),
      keyAuthEnabled: boolFact(r, 'local_auth_enabled', true),
      ...(ws === undefined ? {} : { networkIsolated: workspaceIsolation(ws) }),
    },
  });
  subnetPlacement(r, ctx, id);
  assumeIdentities(r, ctx, id);
}

function workspaceIsolation(ws: TfResource): Fact<boolean> {
  const f = managedNetworkIsolated(ws);
  return { ...f, attribute: `${ws.address}.${f.attribute}` };
}

/** A compute instance: the data scientist's notebook host. */
export function mapMlComputeInstance(r: TfResource, ctx: MapperContext): void {
  const ws = workspaceOf(r, ctx);
  const id = ctx.asset(r, {
    kind: 'notebook',
    facts: {
      directInternetAccess: boolFact(r, 'node_public_ip_enabled', true),
      // Users of a compute instance have sudo; azurerm has no attribute to turn it off.
      rootAccess: byDefault(true, 'compute instance sudo (not configurable in azurerm)'),
      shellAccess: blockFact(r, 'ssh.0.public_key'),
      privateNetwork: presenceFact(r, 'subnet_resource_id'),
      keyAuthEnabled: boolFact(r, 'local_auth_enabled', true),
      ...(ws === undefined ? {} : { networkIsolated: workspaceIsolation(ws) }),
    },
  });
  subnetPlacement(r, ctx, id);
  assumeIdentities(r, ctx, id);
}

/** A datastore: the workspace reads the storage container it registers; account keys and SAS tokens are secrets in state. */
export function mapMlDatastore(r: TfResource, ctx: MapperContext): void {
  const ws = linkFirst(r, ctx, ['workspace_id'], WORKSPACE, ['id'])?.targets[0];
  const path = firstSetPath(r, ['storage_container_id', 'storage_fileshare_id']) ?? 'storage_container_id';
  const containers = ctx.linked(
    r,
    path,
    ['azurerm_storage_container', 'azurerm_storage_share'],
    ['id', 'resource_manager_id'],
  );
  if (ws === undefined) {
    ctx.unresolved(r, 'workspace_id', WORKSPACE, []);
    return;
  }
  for (const c of containers) {
    for (const a of accountOf(c.resource, ctx))
      ctx.flow(ws.address, a.address, 'read', ctx.evidence(r, path, c.via));
  }
  const secret = firstSetPath(r, ['account_key', 'shared_access_signature', 'client_secret']);
  if (secret !== undefined)
    ctx.patch(ws.address, { plaintextSecrets: explicit(true, `${r.address}.${secret}`) }, 'or');
}
