import type {
  NetworkSecurityGroup,
  PrivateEndpoint,
  PrivateLinkServiceConnection,
  VirtualNetwork,
} from '@azure/arm-network';
import {
  anyFact,
  byDefault,
  explicit,
  isTrue,
  unknown,
  type Evidence,
  type Fact,
} from '../../src/model/index.js';
import { opensToInternet } from '../terraform/azurerm/network.js';
import type { AzureInventory } from './inventory.js';
import type { AzureRuntime, Listing } from './runtime.js';

const SERVICE = 'Microsoft.Network';
const VNETS = { service: SERVICE, operation: 'VirtualNetworks_ListAll' } as const;
const NSGS = { service: SERVICE, operation: 'NetworkSecurityGroups_ListAll' } as const;
const ENDPOINTS = { service: SERVICE, operation: 'PrivateEndpoints_ListBySubscription' } as const;
const SUBNET_NSG = at(VNETS.operation, 'properties.subnets.properties.networkSecurityGroup');

function at(api: string, field: string): string {
  return `${api}.${field}`;
}

/** An approved connection of a private endpoint to the resource it serves, drawn once every service is read. */
export interface PrivateLink {
  readonly endpoint: string;
  readonly target: string;
  readonly evidence: Evidence;
}

/**
 * The virtual networks (with their subnets), network security groups and private endpoints of a subscription,
 * as the azurerm mapper gives azurerm_virtual_network, _subnet, _network_security_group (with its separate
 * rules and subnet associations) and _private_endpoint. The private endpoints' links to the resources they
 * serve are returned: those resources are read by other services, so `linkPrivateEndpoints` draws them after.
 */
export async function collectNetwork(
  rt: AzureRuntime,
  inv: AzureInventory,
  subscription: string,
): Promise<PrivateLink[]> {
  const client = await rt.client(subscription, 'network', async () => {
    const sdk = await import('@azure/arm-network');
    return { Client: sdk.NetworkManagementClient, getContinuationToken: sdk.getContinuationToken };
  });
  const [vnets, nsgs, endpoints] = await Promise.all([
    rt.list(subscription, VNETS, () => client.virtualNetworks.listAll().byPage()),
    rt.list(subscription, NSGS, () => client.networkSecurityGroups.listAll().byPage()),
    rt.list(subscription, ENDPOINTS, () => client.privateEndpoints.listBySubscription().byPage()),
  ]);
  // ARM ids are case-insensitive, and references to them do not always keep the case of the resource.
  const openness = new Map<string, { id: string; open: Fact<boolean> }>();
  for (const nsg of nsgs.items) {
    if (nsg.id === undefined || nsg.name === undefined) continue;
    const open = nsgOpenFact(nsg);
    openness.set(nsg.id.toLowerCase(), { id: nsg.id, open });
    inv.asset(subscription, {
      id: nsg.id,
      kind: 'firewall-rule',
      nativeType: `${SERVICE}/networkSecurityGroups`,
      name: nsg.name,
      ...(nsg.location === undefined ? {} : { region: nsg.location }),
      facts: { internetReachable: open },
      tags: nsg.tags ?? {},
    });
  }
  const subnets = new Map<string, string>();
  for (const vnet of vnets.items) addVirtualNetwork(inv, subscription, vnet, nsgs, openness, subnets);
  const links: PrivateLink[] = [];
  for (const pe of endpoints.items) links.push(...addPrivateEndpoint(inv, subscription, pe, subnets));
  rt.progress(`${subscription}: virtual networks, network security groups and private endpoints read`);
  return links;
}

function addVirtualNetwork(
  inv: AzureInventory,
  subscription: string,
  vnet: VirtualNetwork,
  nsgs: Listing<NetworkSecurityGroup>,
  openness: ReadonlyMap<string, { id: string; open: Fact<boolean> }>,
  subnets: Map<string, string>,
): void {
  if (vnet.id === undefined || vnet.name === undefined) return;
  const region = vnet.location === undefined ? {} : { region: vnet.location };
  inv.asset(subscription, {
    id: vnet.id,
    kind: 'network',
    nativeType: `${SERVICE}/virtualNetworks`,
    name: vnet.name,
    ...region,
    tags: vnet.tags ?? {},
  });
  for (const subnet of vnet.subnets ?? []) {
    if (subnet.id === undefined || subnet.name === undefined) continue;
    subnets.set(subnet.id.toLowerCase(), subnet.id);
    const nsgId = subnet.networkSecurityGroup?.id;
    const nsg = nsgId === undefined ? undefined : openness.get(nsgId.toLowerCase());
    let reachable: Fact<boolean>;
    if (nsgId === undefined) reachable = byDefault(false, SUBNET_NSG);
    else if (nsg !== undefined) reachable = nsg.open;
    else if (nsgs.incomplete !== undefined) reachable = unknown(SUBNET_NSG, nsgs.incomplete.message);
    else
      reachable = unknown(
        SUBNET_NSG,
        `network security group ${nsgId} is not in ${NSGS.operation} of subscription ${subscription}`,
      );
    inv.asset(subscription, {
      id: subnet.id,
      kind: 'subnet',
      nativeType: `${SERVICE}/virtualNetworks/subnets`,
      name: subnet.name,
      ...region,
      facts: { internetReachable: reachable },
    });
    inv.flow('network', subnet.id, vnet.id, evidence(subnet.id, VNETS.operation, 'properties.subnets'));
    if (nsg !== undefined)
      inv.flow('network', nsg.id, subnet.id, { assetId: subnet.id, attribute: `${SUBNET_NSG}.id` });
  }
}

/** Open when a custom rule allows inbound traffic from the internet (the default rules never do). */
function nsgOpenFact(nsg: NetworkSecurityGroup): Fact<boolean> {
  const rules = (nsg.securityRules ?? []).map((rule, i) => {
    const where = at(NSGS.operation, `properties.securityRules[${i}]`);
    const open = opensToInternet({
      direction: rule.direction ?? null,
      access: rule.access ?? null,
      source_address_prefix: rule.sourceAddressPrefix ?? null,
      source_address_prefixes: rule.sourceAddressPrefixes ?? [],
    });
    return explicit(open, where);
  });
  return anyFact(rules, byDefault(false, at(NSGS.operation, 'properties.securityRules')));
}

function addPrivateEndpoint(
  inv: AzureInventory,
  subscription: string,
  pe: PrivateEndpoint,
  subnets: ReadonlyMap<string, string>,
): PrivateLink[] {
  if (pe.id === undefined || pe.name === undefined) return [];
  const id = pe.id;
  inv.asset(subscription, {
    id,
    kind: 'private-endpoint',
    nativeType: `${SERVICE}/privateEndpoints`,
    name: pe.name,
    ...(pe.location === undefined ? {} : { region: pe.location }),
    tags: pe.tags ?? {},
  });
  const subnet = pe.subnet?.id === undefined ? undefined : subnets.get(pe.subnet.id.toLowerCase());
  if (subnet !== undefined)
    inv.flow('network', id, subnet, evidence(id, ENDPOINTS.operation, 'properties.subnet.id'));
  const connected = (list: PrivateLinkServiceConnection[] | undefined, field: string): PrivateLink[] =>
    (list ?? []).flatMap((c, i) =>
      // A pending or rejected connection carries no traffic.
      c.privateLinkServiceId === undefined || c.privateLinkServiceConnectionState?.status !== 'Approved'
        ? []
        : [
            {
              endpoint: id,
              target: c.privateLinkServiceId,
              evidence: evidence(id, ENDPOINTS.operation, `properties.${field}[${i}]`),
            },
          ],
    );
  return [
    ...connected(pe.privateLinkServiceConnections, 'privateLinkServiceConnections'),
    ...connected(pe.manualPrivateLinkServiceConnections, 'manualPrivateLinkServiceConnections'),
  ];
}

/**
 * Once every service is read: a `network` flow from each private endpoint to the resource it serves, and that
 * resource's privateNetwork, as the mapper patches it, when the resource is in the inventory (a resource no
 * service reads is left out, as the mapper leaves out targets it does not model). A privateNetwork that the
 * resource's own reading already found true keeps its evidence.
 */
export function linkPrivateEndpoints(inv: AzureInventory, links: readonly PrivateLink[]): void {
  const assets = new Map<string, { id: string; privateNetwork: Fact | undefined }>();
  for (const a of inv.all())
    assets.set(a.id.toLowerCase(), { id: a.id, privateNetwork: a.facts.privateNetwork });
  for (const l of links) {
    const target = assets.get(l.target.toLowerCase());
    if (target === undefined) continue;
    inv.flow('network', l.endpoint, target.id, l.evidence);
    if (!isTrue(target.privateNetwork)) {
      const privateNetwork = explicit(true, l.evidence.attribute);
      inv.patch(target.id, { privateNetwork });
      target.privateNetwork = privateNetwork;
    }
  }
}

function evidence(assetId: string, api: string, field: string): Evidence {
  return { assetId, attribute: at(api, field) };
}
