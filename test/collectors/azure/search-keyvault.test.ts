import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectAzure } from '../../../collectors/azure/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { makeTestCertificate, type TestCertificate } from '../../fake-azure/cert.js';
import { fakeAzureOptions } from '../../fake-azure/client.js';
import { FakeAzure } from '../../fake-azure/server.js';
import { facts } from '../aws/scan.js';
import { IDENTITY, SUB, mlTenant, search, vault } from './ml-fixture.js';

/** Azure AI Search services and Key Vaults. */

let certificate: TestCertificate;
let fake: FakeAzure;

beforeAll(() => {
  certificate = makeTestCertificate();
});

beforeEach(async () => {
  fake = new FakeAzure(mlTenant(), certificate);
  await fake.start();
});

afterEach(async () => {
  await fake.stop();
});

const collect = (): Promise<Inventory> => collectAzure(fakeAzureOptions(fake, certificate));
const S = 'Services_ListBySubscription.';
const V = 'Vaults_ListBySubscription.';
const SEARCH_PATH = `/subscriptions/${SUB}/providers/Microsoft.Search/searchServices`;
const VAULTS_PATH = `/subscriptions/${SUB}/providers/Microsoft.KeyVault/vaults`;

describe('live Azure AI Search', () => {
  it('reads a locked-down service with the facts of azurerm_search_service, and its identity', async () => {
    const inv = await collect();
    expect(facts(inv, search('srch-locked'))).toEqual({
      internetReachable: ['explicit', false, `${S}properties.publicNetworkAccess`],
      keyAuthEnabled: ['explicit', false, `${S}properties.disableLocalAuth`],
      customerManagedKey: ['explicit', true, `${S}properties.encryptionWithCmk.enforcement`],
      privateNetwork: ['explicit', true, `${S}properties.privateEndpointConnections`],
      accessLogging: ['default', false, 'DiagnosticSettings_List.value'],
    });
    expect(inv.assets.find((a) => a.id === search('srch-locked'))).toMatchObject({
      kind: 'vector-store',
      nativeType: 'Microsoft.Search/searchServices',
      name: 'srch-locked',
      source: { input: `azure://${SUB}`, address: search('srch-locked'), region: 'westeurope' },
      tags: { env: 'prod' },
    });
    expect(inv.flows.filter((f) => f.from === search('srch-locked')).map((f) => [f.kind, f.to])).toEqual([
      ['assume-identity', IDENTITY],
    ]);
  });

  it('reads an open service: IP rules do not take it off the internet, key auth and Microsoft keys by default', async () => {
    const inv = await collect();
    expect(facts(inv, search('srch-open'))).toEqual({
      internetReachable: ['explicit', true, `${S}properties.publicNetworkAccess`],
      keyAuthEnabled: ['default', true, `${S}properties.disableLocalAuth`],
      customerManagedKey: ['default', false, `${S}properties.encryptionWithCmk.enforcement`],
      privateNetwork: ['explicit', false, `${S}properties.privateEndpointConnections`],
      accessLogging: ['default', false, 'DiagnosticSettings_List.value'],
    });
  });

  it('turns a denied listing into a note and no search assets', async () => {
    fake.faults.push({ operation: 'searchServices.list', kind: 'denied' });
    const inv = await collect();
    expect(inv.assets.filter((a) => a.kind === 'vector-store')).toEqual([]);
    expect(inv.notes).toEqual([
      {
        kind: 'denied',
        message: `Microsoft.Search Services_ListBySubscription was denied in subscription ${SUB} (AuthorizationFailed); what it would have told is unknown`,
        input: `azure://${SUB}`,
        service: 'Microsoft.Search',
        api: 'Services_ListBySubscription',
        account: SUB,
        errorCode: 'AuthorizationFailed',
      },
    ]);
    expect(fake.log.filter((c) => c.path === SEARCH_PATH).map((c) => c.status)).toEqual([403]);
  });
});

describe('live Azure Key Vault', () => {
  it('reads a locked-down vault and an open one with the facts of azurerm_key_vault', async () => {
    const inv = await collect();
    expect(facts(inv, vault('kv-locked'))).toEqual({
      internetReachable: ['explicit', false, `${V}properties.publicNetworkAccess`],
      privateNetwork: ['explicit', true, `${V}properties.privateEndpointConnections`],
    });
    // Neither public network access nor an ACL: open by default, as azurerm judges it.
    expect(facts(inv, vault('kv-open'))).toEqual({
      internetReachable: [
        'default',
        true,
        `${V}properties.publicNetworkAccess + ${V}properties.networkAcls.defaultAction`,
      ],
      privateNetwork: ['explicit', false, `${V}properties.privateEndpointConnections`],
    });
    expect(inv.assets.find((a) => a.id === vault('kv-open'))).toMatchObject({
      kind: 'secret-store',
      nativeType: 'Microsoft.KeyVault/vaults',
      name: 'kv-open',
      source: { region: 'westeurope' },
    });
  });

  it('turns a denied listing into a note and no vaults', async () => {
    fake.faults.push({ operation: 'vaults.list', kind: 'denied' });
    const inv = await collect();
    expect(inv.assets.filter((a) => a.kind === 'secret-store')).toEqual([]);
    expect(inv.notes).toEqual([
      {
        kind: 'denied',
        message: `Microsoft.KeyVault Vaults_ListBySubscription was denied in subscription ${SUB} (AuthorizationFailed); what it would have told is unknown`,
        input: `azure://${SUB}`,
        service: 'Microsoft.KeyVault',
        api: 'Vaults_ListBySubscription',
        account: SUB,
        errorCode: 'AuthorizationFailed',
      },
    ]);
  });

  it('follows a vault nextLink, and retries a 429 and a 500 with the same result', async () => {
    const clean = JSON.stringify(await collect());
    await fake.stop();
    fake = new FakeAzure(mlTenant(), certificate);
    fake.pageSize = 1;
    await fake.start();
    fake.faults.push({ operation: 'vaults.list', kind: 'throttled', times: 1 });
    fake.faults.push({ operation: 'vaults.list', kind: 'server-error', times: 1, pathIncludes: '/vaults' });
    const inv = await collect();
    expect(inv.assets.filter((a) => a.kind === 'secret-store').map((a) => a.name)).toEqual([
      'kv-locked',
      'kv-open',
    ]);
    expect(inv.notes).toEqual([]);
    const calls = fake.log.filter((c) => c.path === VAULTS_PATH);
    expect(calls.map((c) => [c.status, c.query['$skipToken']])).toEqual([
      [429, undefined],
      [500, undefined],
      [200, undefined],
      [200, '1'],
    ]);
    expect(JSON.stringify(inv.assets.filter((a) => a.kind === 'secret-store'))).toBe(
      JSON.stringify((JSON.parse(clean) as Inventory).assets.filter((a) => a.kind === 'secret-store')),
    );
  });
});

describe('Search and Key Vault calls', () => {
  it("are GETs at the clients' api-versions, one each, under one shared token", async () => {
    await collect();
    expect(fake.log.filter((c) => c.method !== 'GET').map((c) => c.path)).toEqual([
      `/${fake.tenant.tenantId}/oauth2/v2.0/token`,
    ]);
    expect(
      fake.log
        .filter((c) => c.path === SEARCH_PATH || c.path === VAULTS_PATH)
        .map((c) => [c.path, c.status, c.query['api-version']])
        .sort(),
    ).toEqual([
      [VAULTS_PATH, 200, '2026-02-01'],
      [SEARCH_PATH, 200, '2025-05-01'],
    ]);
  });
});
