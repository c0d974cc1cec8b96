import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectAzure } from '../../../collectors/azure/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { scanFilesSync, scanInventory, type ScanResult } from '../../../src/scan.js';
import { makeTestCertificate } from '../../fake-azure/cert.js';
import { fakeAzureOptions } from '../../fake-azure/client.js';
import { cognitiveAccount, resourceId } from '../../fake-azure/resources.js';
import { FakeAzure, type FakeResource, type Json } from '../../fake-azure/server.js';
import { assetById, factValues } from '../live-parity.js';

/**
 * Parity with the plan for storage and network: the storage accounts (with their containers), the virtual network
 * and its subnets, the network security group (inline and separate rules, subnet associations) and the private
 * endpoint of fixtures/reference-architecture/azure/plan.json, as ARM returns them once deployed. The tenant is
 * built from the plan's planned values, and its references (container → account, association → NSG, private
 * endpoint → OpenAI account) from the plan's configuration. The OpenAI account is there as the private
 * endpoint's target, without a private endpoint connection of its own, so that its privateNetwork comes from the
 * private endpoint as in the plan.
 *
 * Expected differences:
 * - The zone of module.training_data's account: the plan puts it in development because the ML compute cluster
 *   trains on it; Machine Learning is not read here, so live it is a data store (internal-protected).
 * - Flows other than `network` into the storage accounts (role assignments, the ML workspace) come from services
 *   outside this slice and are not compared.
 */

const PLAN = 'fixtures/reference-architecture/azure/plan.json';
const SUB = '3f2a9c1e-5b7d-4e8a-9c21-7d4e6b1a0f35';

interface PlanResource {
  readonly address: string;
  readonly type: string;
  readonly values: Record<string, Json>;
}
interface PlanModule {
  readonly resources?: PlanResource[];
  readonly child_modules?: PlanModule[];
}
interface ConfigModule {
  readonly resources?: { address: string; expressions: Record<string, Json> }[];
  readonly module_calls?: Record<string, { module: ConfigModule }>;
}
interface Plan {
  readonly planned_values: { root_module: PlanModule };
  readonly configuration: { root_module: ConfigModule };
}

const plan = JSON.parse(readFileSync(PLAN, 'utf8')) as Plan;
const planned: PlanResource[] = [];
(function walk(m: PlanModule): void {
  planned.push(...(m.resources ?? []));
  for (const c of m.child_modules ?? []) walk(c);
})(plan.planned_values.root_module);
const expressions = new Map<string, Record<string, Json>>();
(function walk(m: ConfigModule, prefix: string): void {
  for (const r of m.resources ?? []) expressions.set(`${prefix}${r.address}`, r.expressions);
  for (const [name, call] of Object.entries(m.module_calls ?? {}))
    walk(call.module, `${prefix}module.${name}.`);
})(plan.configuration.root_module, '');

/** The address a resource's attribute (`a.0.b`) refers to in the configuration, with the module prefix. */
function referenced(address: string, path: string): string {
  let e: Json | undefined = expressions.get(address) ?? null;
  for (const key of path.split('.'))
    e = e !== null && typeof e === 'object' ? (e as Record<string, Json>)[key] : undefined;
  const refs = (e as { references?: string[] } | undefined)?.references ?? [];
  const prefix = address.slice(0, address.lastIndexOf('azurerm_'));
  const ref = refs[refs.length - 1];
  if (ref === undefined) throw new Error(`${address}.${path} refers to nothing`);
  return `${prefix}${ref}`;
}

const ofType = (type: string): PlanResource[] => planned.filter((r) => r.type === type);
const str = (v: Json | undefined): string => (typeof v === 'string' ? v : '');
const first = (v: Json | undefined): Record<string, Json> | undefined =>
  Array.isArray(v) && v[0] !== null && typeof v[0] === 'object' ? (v[0] as Record<string, Json>) : undefined;
const idOf = (r: PlanResource, type: string): string =>
  str(r.values['id']) || resourceId(SUB, str(r.values['resource_group_name']), type, str(r.values['name']));

/** Plan address → the ARM id of the deployed resource. */
const SAME = new Map<string, string>();
const resources: FakeResource[] = [];

for (const r of ofType('azurerm_storage_account')) {
  const v = r.values;
  const id = idOf(r, 'Microsoft.Storage/storageAccounts');
  SAME.set(r.address, id);
  const blob = first(v['blob_properties']);
  resources.push(
    {
      id,
      body: {
        name: str(v['name']),
        type: 'Microsoft.Storage/storageAccounts',
        kind: str(v['account_kind']),
        location: str(v['location']),
        tags: v['tags'] ?? {},
        properties: {
          publicNetworkAccess: v['public_network_access_enabled'] === false ? 'Disabled' : 'Enabled',
          allowBlobPublicAccess: v['allow_nested_items_to_be_public'] === true,
          allowSharedKeyAccess: v['shared_access_key_enabled'] !== false,
          networkAcls: { defaultAction: str(first(v['network_rules'])?.['default_action']) || 'Allow' },
          encryption: { keySource: 'Microsoft.Storage', services: { blob: { enabled: true } } },
          privateEndpointConnections: [],
        },
      },
    },
    {
      id: `${id}/blobServices/default`,
      body: {
        name: 'default',
        properties: blob === undefined ? {} : { isVersioningEnabled: blob['versioning_enabled'] === true },
      },
    },
  );
}
for (const c of ofType('azurerm_storage_container')) {
  const account = SAME.get(referenced(c.address, 'storage_account_id'));
  const name = str(c.values['name']);
  const access = str(c.values['container_access_type']);
  resources.push({
    id: `${account ?? ''}/blobServices/default/containers/${name}`,
    body: {
      name,
      properties: { publicAccess: access === 'private' ? 'None' : access === 'blob' ? 'Blob' : 'Container' },
    },
  });
}

const nsgIds = new Map<string, string>();
for (const n of ofType('azurerm_network_security_group')) {
  const id = idOf(n, 'Microsoft.Network/networkSecurityGroups');
  SAME.set(n.address, id);
  nsgIds.set(n.address, id);
  const separate = ofType('azurerm_network_security_rule').filter(
    (rule) => referenced(rule.address, 'network_security_group_name') === n.address,
  );
  const rules = [
    ...((n.values['security_rule'] ?? []) as Record<string, Json>[]),
    ...separate.map((s) => s.values),
  ];
  resources.push({
    id,
    body: {
      name: str(n.values['name']),
      location: str(n.values['location']),
      properties: {
        securityRules: rules.map((rule) => ({
          name: str(rule['name']),
          properties: {
            priority: rule['priority'] ?? 100,
            direction: str(rule['direction']),
            access: str(rule['access']),
            protocol: str(rule['protocol']),
            sourceAddressPrefix: str(rule['source_address_prefix']),
            sourceAddressPrefixes: rule['source_address_prefixes'] ?? [],
            destinationPortRange: str(rule['destination_port_range']),
          },
        })),
      },
    },
  });
}

const subnetNsg = new Map<string, string>();
for (const a of ofType('azurerm_subnet_network_security_group_association'))
  subnetNsg.set(
    str(a.values['subnet_id']),
    nsgIds.get(referenced(a.address, 'network_security_group_id')) ?? '',
  );
for (const n of ofType('azurerm_virtual_network')) {
  const id = idOf(n, 'Microsoft.Network/virtualNetworks');
  SAME.set(n.address, id);
  const subnets = ofType('azurerm_subnet').filter(
    (s) => s.values['virtual_network_name'] === n.values['name'],
  );
  for (const s of subnets) SAME.set(s.address, str(s.values['id']));
  resources.push({
    id,
    body: {
      name: str(n.values['name']),
      location: str(n.values['location']),
      properties: {
        addressSpace: { addressPrefixes: n.values['address_space'] ?? [] },
        subnets: subnets.map((s) => {
          const nsg = subnetNsg.get(str(s.values['id']));
          return {
            id: str(s.values['id']),
            name: str(s.values['name']),
            properties: {
              addressPrefixes: s.values['address_prefixes'] ?? [],
              ...(nsg === undefined ? {} : { networkSecurityGroup: { id: nsg } }),
            },
          };
        }),
      },
    },
  });
}

const OPENAI_ADDRESS = 'azurerm_cognitive_account.openai';
for (const c of ofType('azurerm_cognitive_account')) {
  const v = c.values;
  const tree = cognitiveAccount(
    SUB,
    str(v['resource_group_name']),
    {
      name: str(v['name']),
      kind: str(v['kind']),
      location: str(v['location']),
      properties: {
        publicNetworkAccess: v['public_network_access_enabled'] === false ? 'Disabled' : 'Enabled',
        disableLocalAuth: v['local_auth_enabled'] === false,
        networkAcls: { defaultAction: str(first(v['network_acls'])?.['default_action']) || 'Allow' },
      },
    },
    [],
  );
  SAME.set(c.address, tree[0]?.id ?? '');
  resources.push(...tree);
}

for (const p of ofType('azurerm_private_endpoint')) {
  const id = idOf(p, 'Microsoft.Network/privateEndpoints');
  SAME.set(p.address, id);
  const connection = first(p.values['private_service_connection']);
  const target = SAME.get(
    referenced(p.address, 'private_service_connection.0.private_connection_resource_id'),
  );
  resources.push({
    id,
    body: {
      name: str(p.values['name']),
      location: str(p.values['location']),
      properties: {
        subnet: { id: str(p.values['subnet_id']) },
        [connection?.['is_manual_connection'] === true
          ? 'manualPrivateLinkServiceConnections'
          : 'privateLinkServiceConnections']: [
          {
            name: str(connection?.['name']),
            properties: {
              privateLinkServiceId: target ?? '',
              groupIds: connection?.['subresource_names'] ?? [],
              privateLinkServiceConnectionState: { status: 'Approved' },
            },
          },
        ],
      },
    },
  });
}

/** The assets compared: everything of this slice, and the private endpoint's target. */
const COMPARED = [...SAME.keys()].filter((a) => a !== OPENAI_ADDRESS);

let planScan: ScanResult;
let liveScan: ScanResult;
let live: Inventory;

beforeAll(async () => {
  planScan = scanFilesSync([PLAN]);
  const certificate = makeTestCertificate();
  const fake = new FakeAzure(
    {
      tenantId: '23232323-4545-6767-8989-010101010101',
      clientId: 'cdcdcdcd-efef-abab-cdcd-efefefefefef',
      clientSecret: 'fake-storage-parity-secret',
      subscriptions: { [SUB]: resources },
    },
    certificate,
  );
  await fake.start();
  try {
    live = await collectAzure(fakeAzureOptions(fake, certificate));
  } finally {
    await fake.stop();
  }
  liveScan = scanInventory(live);
});

describe('live Azure vs plan parity (storage and network)', () => {
  it('builds the tenant of every storage and network resource of the plan', () => {
    expect(COMPARED.sort()).toEqual([
      'azurerm_network_security_group.private',
      'azurerm_private_endpoint.openai',
      'azurerm_storage_account.appdata',
      'azurerm_storage_account.mlws',
      'azurerm_subnet.appgw',
      'azurerm_subnet.private_endpoints',
      'azurerm_subnet.training',
      'azurerm_virtual_network.main',
      'module.training_data.azurerm_storage_account.this',
    ]);
    expect(live.notes).toEqual([]);
  });

  it.each(COMPARED)('%s has the same kind and facts live', (address) => {
    const p = assetById(planScan.inventory, address);
    const l = assetById(live, SAME.get(address) ?? '');
    expect(l.kind).toBe(p.kind);
    expect(factValues(l)).toEqual(factValues(p));
  });

  it('gives the private endpoint target the privateNetwork the plan gives it', () => {
    expect(factValues(assetById(live, SAME.get(OPENAI_ADDRESS) ?? '')).privateNetwork).toBe(
      factValues(assetById(planScan.inventory, OPENAI_ADDRESS)).privateNetwork,
    );
  });

  it('draws the same network flows', () => {
    const toLive = (a: string): string => SAME.get(a) ?? `missing ${a}`;
    const planFlows = planScan.inventory.flows
      .filter((f) => f.kind === 'network' && SAME.has(f.from) && SAME.has(f.to))
      .map((f) => `${toLive(f.from)} -> ${toLive(f.to)}`)
      .sort();
    const liveFlows = live.flows
      .filter((f) => f.kind === 'network')
      .map((f) => `${f.from} -> ${f.to}`)
      .sort();
    expect(liveFlows).toEqual(planFlows);
    expect(planFlows).toHaveLength(7);
  });

  it('puts the same assets in the same zones, but for the account the ML compute trains on', () => {
    const zone = (scan: ScanResult, id: string): string => scan.graph.getNodeAttribute(id, 'zone').zone;
    const differs = 'module.training_data.azurerm_storage_account.this';
    for (const address of [...COMPARED, OPENAI_ADDRESS].filter((a) => a !== differs))
      expect([address, zone(liveScan, SAME.get(address) ?? '')]).toEqual([address, zone(planScan, address)]);
    expect(zone(planScan, differs)).toBe('development');
    expect(zone(liveScan, SAME.get(differs) ?? '')).toBe('internal-protected');
  });
});
