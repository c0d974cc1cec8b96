import type {
  AmlCompute,
  AmlComputeProperties,
  ComputeInstance,
  ComputeInstanceProperties,
  ComputeResource,
} from '@azure/arm-machinelearning';
import { byDefault, explicit, type Fact, type Facts } from '../../src/model/index.js';
import { assumeIdentities } from './managed-identity.js';
import { ARM_ID, RawPages, SERVICE, at, boolAt, boolField, str, type WorkspaceContext } from './ml-common.js';

const COMPUTES = { service: SERVICE, operation: 'Compute_List' } as const;

/** The workspace's isolation, named as the compute's evidence. */
function workspaceIsolation(ctx: WorkspaceContext): Fact<boolean> {
  return { ...ctx.isolation, attribute: `${ctx.id}.${ctx.isolation.attribute}` };
}

/**
 * A workspace's compute instances (notebooks) and clusters (ml-compute), as azurerm_machine_learning_compute_instance
 * and _cluster, and attached AKS or Kubernetes clusters (inference endpoints without facts, as the inference cluster).
 */
export async function computes(
  ctx: WorkspaceContext,
  pages: (options: RawPages['options']) => AsyncIterableIterator<ComputeResource[]>,
): Promise<void> {
  // The client's models fill in service defaults (enableNodePublicIp, sshPublicAccess, remoteLoginPortPublicAccess):
  // whether the service sent them is read from the raw page.
  const raw = new RawPages();
  const listing = await ctx.rt.list(ctx.subscription, COMPUTES, () => pages(raw.options), ctx.id);
  for (const c of listing.items) {
    const p = c.properties;
    if (c.id === undefined || c.name === undefined || p === undefined) continue;
    const body = raw.of(c.id);
    const publicIp = boolAt(body, 'properties.properties.enableNodePublicIp');
    const own = p.computeType;
    const f = (field: string): string => at(COMPUTES, `properties.${field}`);
    const common = {
      keyAuthEnabled: boolField(p.disableLocalAuth, f('disableLocalAuth'), true, true),
      networkIsolated: workspaceIsolation(ctx),
    };
    let facts: Facts;
    let subnet: string | undefined;
    if (own === 'ComputeInstance') {
      const props: ComputeInstanceProperties = (p as ComputeInstance).properties ?? {};
      subnet = props.subnet?.id;
      const ssh = str(body, 'properties.properties.sshSettings.sshPublicAccess');
      facts = {
        directInternetAccess: boolField(publicIp, f('properties.enableNodePublicIp'), true),
        // Users of a compute instance have sudo; nothing turns it off.
        rootAccess: byDefault(true, 'compute instance sudo (not configurable)'),
        shellAccess:
          ssh === undefined
            ? byDefault(false, f('properties.sshSettings.sshPublicAccess'))
            : explicit(ssh === 'Enabled', f('properties.sshSettings.sshPublicAccess')),
        privateNetwork: subnetFact(subnet, f('properties.subnet')),
        ...common,
      };
    } else if (own === 'AmlCompute') {
      const props: AmlComputeProperties = (p as AmlCompute).properties ?? {};
      subnet = props.subnet?.id;
      facts = {
        directInternetAccess: boolField(publicIp, f('properties.enableNodePublicIp'), true),
        privateNetwork: subnetFact(subnet, f('properties.subnet')),
        shellAccess: clusterShell(
          str(body, 'properties.properties.remoteLoginPortPublicAccess'),
          subnet,
          f('properties.remoteLoginPortPublicAccess'),
        ),
        ...common,
      };
    } else if (own === 'AKS' || own === 'Kubernetes') {
      // An attached inference cluster: its exposure lives on the cluster, which is not read (as in azurerm).
      facts = {};
    } else continue;
    const kind =
      own === 'ComputeInstance' ? 'notebook' : own === 'AmlCompute' ? 'ml-compute' : 'inference-endpoint';
    ctx.inv.asset(ctx.subscription, {
      id: c.id,
      kind,
      nativeType: `${SERVICE}/workspaces/computes`,
      name: c.name,
      ...(c.location === undefined ? {} : { region: c.location }),
      facts,
      tags: c.tags ?? {},
    });
    if (subnet !== undefined && ARM_ID.test(subnetParent(subnet)))
      ctx.inv.flow('network', c.id, subnet, { assetId: c.id, attribute: f('properties.subnet') });
    assumeIdentities(
      ctx.inv,
      ctx.subscription,
      c.id,
      c.identity,
      at(COMPUTES, 'identity.userAssignedIdentities'),
    );
  }
}

/** `/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v` of a subnet id. */
function subnetParent(subnet: string): string {
  return subnet.split('/').slice(0, -2).join('/');
}

function subnetFact(subnet: string | undefined, attribute: string): Fact<boolean> {
  return subnet === undefined || subnet === '' ? byDefault(false, attribute) : explicit(true, attribute);
}

/**
 * The SSH port of a cluster's nodes: NotSpecified (the service default) leaves it open on public nodes and closes
 * it when the cluster is in a subnet.
 */
function clusterShell(v: string | undefined, subnet: string | undefined, attribute: string): Fact<boolean> {
  if (v === undefined) return byDefault(false, attribute);
  if (v === 'NotSpecified') return explicit(subnet === undefined, `${attribute} (NotSpecified)`);
  return explicit(v === 'Enabled', attribute);
}
