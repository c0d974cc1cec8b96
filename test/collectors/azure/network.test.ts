import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectAzure } from '../../../collectors/azure/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { scanInventory } from '../../../src/scan.js';
import { makeTestCertificate, type TestCertificate } from '../../fake-azure/cert.js';
import { fakeAzureOptions } from '../../fake-azure/client.js';
import { FakeAzure } from '../../fake-azure/server.js';
import { facts } from '../aws/scan.js';
import { endpoint, nsg, OPENAI, storage, SUB, subnet, tenant, vnet } from './storage-network-fixture.js';

let certificate: TestCertificate;
let fake: FakeAzure;

beforeAll(() => {
  certificate = makeTestCertificate();
});

beforeEach(async () => {
  fake = new FakeAzure(tenant(), certificate);
  await fake.start();
});

afterEach(async () => {
  await fake.stop();
});

const collect = (): Promise<Inventory> => collectAzure(fakeAzureOptions(fake, certificate));

const VNET = vnet('vnet-ai');
const PE_SUBNET = subnet('vnet-ai', 'snet-pe');
const APP_SUBNET = subnet('vnet-ai', 'snet-app');
const FREE_SUBNET = subnet('vnet-ai', 'snet-free');
const N = 'NetworkSecurityGroups_ListAll.';
const V = 'VirtualNetworks_ListAll.';
const E = 'PrivateEndpoints_ListBySubscription.';
const SUBNET_NSG = `${V}properties.subnets.properties.networkSecurityGroup`;
const networkFlows = (inv: Inventory): [string, string, string][] =>
  inv.flows.filter((f) => f.kind === 'network').map((f) => [f.from, f.to, f.evidence[0]?.attribute ?? '']);

describe('live Azure virtual networks, network security groups and private endpoints', () => {
  it('reads NSGs as firewall rules, open when a custom rule lets the internet in', async () => {
    const inv = await collect();
    expect(facts(inv, nsg('nsg-locked'))).toEqual({
      internetReachable: ['explicit', false, `${N}properties.securityRules[0]`],
    });
    // Rule 0 is outbound; rule 1 lets the service tag Internet in on port 22.
    expect(facts(inv, nsg('nsg-open'))).toEqual({
      internetReachable: ['explicit', true, `${N}properties.securityRules[1]`],
    });
    expect(facts(inv, nsg('nsg-unused'))).toEqual({
      internetReachable: ['default', false, `${N}properties.securityRules`],
    });
    expect(inv.assets.find((a) => a.id === nsg('nsg-open'))).toMatchObject({
      kind: 'firewall-rule',
      nativeType: 'Microsoft.Network/networkSecurityGroups',
      source: { region: 'westeurope' },
    });
  });

  it('reads subnets with the openness of their NSG, matched whatever the case of its id', async () => {
    const inv = await collect();
    expect(facts(inv, PE_SUBNET)).toEqual({
      internetReachable: ['explicit', false, `${N}properties.securityRules[0]`],
    });
    expect(facts(inv, APP_SUBNET)).toEqual({
      internetReachable: ['explicit', true, `${N}properties.securityRules[1]`],
    });
    expect(facts(inv, FREE_SUBNET)).toEqual({ internetReachable: ['default', false, SUBNET_NSG] });
    expect(
      inv.assets
        .filter((a) => a.nativeType.startsWith('Microsoft.Network/virtualNetworks'))
        .map((a) => [a.kind, a.id]),
    ).toEqual([
      ['network', VNET],
      ['subnet', APP_SUBNET],
      ['subnet', FREE_SUBNET],
      ['subnet', PE_SUBNET],
      ['network', vnet('vnet-empty')],
    ]);
    expect(inv.assets.find((a) => a.id === VNET)).toMatchObject({ facts: {}, tags: { team: 'net' } });
  });

  it('draws the network flows the mapper draws, and approved private endpoints to resources in the inventory', async () => {
    const inv = await collect();
    const pe = `${E}properties.privateLinkServiceConnections[0]`;
    const inSubnet = `${E}properties.subnet.id`;
    expect(networkFlows(inv)).toEqual([
      [nsg('nsg-locked'), PE_SUBNET, `${SUBNET_NSG}.id`],
      [nsg('nsg-open'), APP_SUBNET, `${SUBNET_NSG}.id`],
      [endpoint('pe-files'), APP_SUBNET, inSubnet],
      [endpoint('pe-oai'), OPENAI, pe],
      [endpoint('pe-oai'), PE_SUBNET, inSubnet],
      [endpoint('pe-open'), storage('stopen'), pe],
      [endpoint('pe-open'), PE_SUBNET, inSubnet],
      [endpoint('pe-sql'), APP_SUBNET, inSubnet],
      // The storage account is named with a lower-cased resource group: the flow goes to the asset's own id.
      [endpoint('pe-st'), storage('stlocked'), pe],
      [endpoint('pe-st'), PE_SUBNET, inSubnet],
      [APP_SUBNET, VNET, `${V}properties.subnets`],
      [FREE_SUBNET, VNET, `${V}properties.subnets`],
      [PE_SUBNET, VNET, `${V}properties.subnets`],
    ]);
    // pe-files is pending (manual): no flow to the account and no privateNetwork; pe-sql serves a SQL server
    // that nothing reads.
    expect(facts(inv, storage('stfiles')).privateNetwork).toEqual([
      'explicit',
      false,
      'StorageAccounts_List.properties.privateEndpointConnections',
    ]);
    expect(inv.assets.find((a) => a.id === endpoint('pe-sql'))).toMatchObject({
      kind: 'private-endpoint',
      nativeType: 'Microsoft.Network/privateEndpoints',
      facts: {},
    });
  });

  it('sets privateNetwork of a private endpoint target, keeping evidence the target gave itself', async () => {
    const inv = await collect();
    // The OpenAI account lists no connection of its own.
    expect(facts(inv, OPENAI).privateNetwork).toEqual([
      'explicit',
      true,
      `${E}properties.privateLinkServiceConnections[0]`,
    ]);
    expect(facts(inv, storage('stlocked')).privateNetwork).toEqual([
      'explicit',
      true,
      'StorageAccounts_List.properties.privateEndpointConnections',
    ]);
  });

  it('puts open network paths in the DMZ and the rest in the internal interface zone', async () => {
    const graph = scanInventory(await collect()).graph;
    const zone = (id: string): string => graph.getNodeAttribute(id, 'zone').zone;
    expect([APP_SUBNET, nsg('nsg-open')].map(zone)).toEqual(['dmz', 'dmz']);
    expect(
      [VNET, PE_SUBNET, FREE_SUBNET, nsg('nsg-locked'), endpoint('pe-st'), endpoint('pe-sql')].map(zone),
    ).toEqual(Array(6).fill('internal-interface'));
  });

  it('turns a 403 on NSGs into a denied note and unknown openness of the subnets that have one', async () => {
    fake.faults.push({ operation: 'networkSecurityGroups.list', kind: 'denied' });
    const inv = await collect();
    expect(inv.notes).toEqual([
      {
        kind: 'denied',
        message: `Microsoft.Network NetworkSecurityGroups_ListAll was denied in subscription ${SUB} (AuthorizationFailed); what it would have told is unknown`,
        input: `azure://${SUB}`,
        service: 'Microsoft.Network',
        api: 'NetworkSecurityGroups_ListAll',
        account: SUB,
        errorCode: 'AuthorizationFailed',
      },
    ]);
    const denied = 'Microsoft.Network NetworkSecurityGroups_ListAll denied (AuthorizationFailed)';
    expect(facts(inv, PE_SUBNET).internetReachable).toEqual(['unknown', undefined, denied]);
    expect(facts(inv, APP_SUBNET).internetReachable).toEqual(['unknown', undefined, denied]);
    expect(facts(inv, FREE_SUBNET).internetReachable).toEqual(['default', false, SUBNET_NSG]);
    expect(inv.assets.some((a) => a.kind === 'firewall-rule')).toBe(false);
    expect(networkFlows(inv).filter(([from]) => from.includes('/networkSecurityGroups/'))).toEqual([]);
  });

  it('leaves a subnet unknown when its NSG is not in the listing, and draws no flow from it', async () => {
    await fake.stop();
    const t = tenant();
    const without = t.subscriptions[SUB]?.filter((r) => r.id !== nsg('nsg-open')) ?? [];
    fake = new FakeAzure({ ...t, subscriptions: { [SUB]: without } }, certificate);
    await fake.start();
    const inv = await collect();
    expect(facts(inv, APP_SUBNET).internetReachable).toEqual([
      'unknown',
      undefined,
      `network security group ${nsg('nsg-open')} is not in NetworkSecurityGroups_ListAll of subscription ${SUB}`,
    ]);
    expect(
      networkFlows(inv)
        .filter(([, to]) => to === APP_SUBNET)
        .map(([from]) => from),
    ).toEqual([endpoint('pe-files'), endpoint('pe-sql')]);
    expect(inv.notes).toEqual([]);
  });

  it('turns a 403 on virtual networks into a note: no subnets, and private endpoints placed nowhere', async () => {
    fake.faults.push({ operation: 'virtualNetworks.list', kind: 'denied' });
    const inv = await collect();
    expect(inv.notes.map((n) => [n.kind, n.api, n.errorCode])).toEqual([
      ['denied', 'VirtualNetworks_ListAll', 'AuthorizationFailed'],
    ]);
    expect(inv.assets.filter((a) => a.kind === 'subnet' || a.kind === 'network')).toEqual([]);
    // The endpoints still reach the resources they serve.
    expect(networkFlows(inv).map(([from, to]) => [from, to])).toEqual([
      [endpoint('pe-oai'), OPENAI],
      [endpoint('pe-open'), storage('stopen')],
      [endpoint('pe-st'), storage('stlocked')],
    ]);
  });

  it('turns a 403 on private endpoints into a note; targets keep what they read themselves', async () => {
    fake.faults.push({ operation: 'privateEndpoints.list', kind: 'denied' });
    const inv = await collect();
    expect(inv.notes.map((n) => [n.kind, n.api, n.errorCode])).toEqual([
      ['denied', 'PrivateEndpoints_ListBySubscription', 'AuthorizationFailed'],
    ]);
    expect(inv.assets.some((a) => a.kind === 'private-endpoint')).toBe(false);
    expect(facts(inv, storage('stlocked')).privateNetwork).toEqual([
      'explicit',
      true,
      'StorageAccounts_List.properties.privateEndpointConnections',
    ]);
    expect(facts(inv, storage('stopen')).privateNetwork).toEqual([
      'explicit',
      false,
      'StorageAccounts_List.properties.privateEndpointConnections',
    ]);
  });

  it('lists each collection once per page with the network api-version, GET only', async () => {
    await collect();
    const calls = fake.log
      .filter((c) => c.path.includes('/Microsoft.Network/'))
      .map(
        (c) =>
          `${c.method} ${c.path.split('/').pop() ?? ''} ${c.query['$skipToken'] ?? '-'} ${c.query['api-version'] ?? ''}`,
      )
      .sort();
    expect(calls).toEqual([
      'GET networkSecurityGroups - 2025-05-01',
      'GET networkSecurityGroups 2 2025-05-01',
      'GET privateEndpoints - 2025-05-01',
      'GET privateEndpoints 2 2025-05-01',
      'GET privateEndpoints 4 2025-05-01',
      'GET virtualNetworks - 2025-05-01',
    ]);
    expect(
      fake.log
        .filter((c) => c.path.includes('/Microsoft.Network/'))
        .every((c) => c.path.startsWith(`/subscriptions/${SUB}/providers/Microsoft.Network/`)),
    ).toBe(true);
  });
});
