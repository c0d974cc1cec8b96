import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectAzure } from '../../../collectors/azure/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { makeTestCertificate, type TestCertificate } from '../../fake-azure/cert.js';
import { fakeAzureOptions } from '../../fake-azure/client.js';
import { FakeAzure } from '../../fake-azure/server.js';
import { facts } from '../aws/scan.js';
import { STORAGE_IDENTITY, storage, SUB, tenant } from './storage-network-fixture.js';

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

const LOCKED = storage('stlocked');
const OPEN = storage('stopen');
const FILES = storage('stfiles');
const A = 'StorageAccounts_List.';
const B = 'BlobServices_GetServiceProperties.';
const C = 'BlobContainers_List.';
const P = 'ManagementPolicies_Get.';
const storageCalls = (): { path: string; status: number; version?: string; skip?: string }[] =>
  fake.log
    .filter((c) => c.path.includes('/Microsoft.Storage/') && !c.path.includes('/Microsoft.Insights/'))
    .map((c) => ({
      path: c.path,
      status: c.status,
      ...(c.query['api-version'] === undefined ? {} : { version: c.query['api-version'] }),
      ...(c.query['$skipToken'] === undefined ? {} : { skip: c.query['$skipToken'] }),
    }));

describe('live Azure storage accounts', () => {
  it('reads a locked-down account with the facts the azurerm mapper gives', async () => {
    const inv = await collect();
    expect(facts(inv, LOCKED)).toEqual({
      internetReachable: ['explicit', false, `${A}properties.publicNetworkAccess`],
      keyAuthEnabled: ['explicit', false, `${A}properties.allowSharedKeyAccess`],
      anonymousRead: ['explicit', false, `${A}properties.allowBlobPublicAccess`],
      anonymousWrite: ['default', false, `${C}properties.publicAccess`],
      publicAccessBlocked: ['explicit', true, `${A}properties.allowBlobPublicAccess`],
      encryptedAtRest: ['explicit', true, `${A}properties.encryption.services.blob.enabled`],
      customerManagedKey: ['explicit', true, `${A}properties.encryption.keySource`],
      versioning: ['explicit', true, `${B}properties.isVersioningEnabled`],
      immutability: ['explicit', true, `${A}properties.immutableStorageWithVersioning.enabled`],
      // The first rule is disabled and the second only tiers: the third deletes old versions.
      deletionLifecycle: ['explicit', true, `${P}properties.policy.rules[2].definition.actions`],
      accessLogging: ['default', false, 'DiagnosticSettings_List.value'],
      privateNetwork: ['explicit', true, `${A}properties.privateEndpointConnections`],
    });
    expect(inv.assets.find((a) => a.id === LOCKED)).toMatchObject({
      kind: 'object-store',
      provider: 'azure',
      nativeType: 'Microsoft.Storage/storageAccounts',
      name: 'stlocked',
      source: { input: `azure://${SUB}`, address: LOCKED, region: 'westeurope' },
      tags: { data: 'confidential' },
    });
  });

  it('reads an open account: public network, shared keys by default, a public container', async () => {
    const inv = await collect();
    expect(facts(inv, OPEN)).toEqual({
      // publicNetworkAccess is absent (enabled by default), the network rules allow.
      internetReachable: [
        'explicit',
        true,
        `${A}properties.publicNetworkAccess + ${A}properties.networkAcls.defaultAction`,
      ],
      keyAuthEnabled: ['default', true, `${A}properties.allowSharedKeyAccess`],
      // Public containers are allowed and the container "site" is of access level Blob.
      anonymousRead: ['explicit', true, `${A}properties.allowBlobPublicAccess + ${C}properties.publicAccess`],
      anonymousWrite: ['default', false, `${C}properties.publicAccess`],
      publicAccessBlocked: ['explicit', false, `${A}properties.allowBlobPublicAccess`],
      encryptedAtRest: ['explicit', true, `${A}properties.encryption.services.blob.enabled`],
      customerManagedKey: ['explicit', false, `${A}properties.encryption.keySource`],
      // Blob soft delete is off and versioning is not set; there is no management policy (a 404).
      versioning: ['default', false, `${B}properties.isVersioningEnabled`],
      immutability: ['default', false, `${A}properties.immutableStorageWithVersioning.enabled`],
      deletionLifecycle: ['default', false, `${P}properties.policy`],
      accessLogging: ['default', false, 'DiagnosticSettings_List.value'],
      // It lists no private endpoint connection, but an approved private endpoint serves it.
      privateNetwork: [
        'explicit',
        true,
        'PrivateEndpoints_ListBySubscription.properties.privateLinkServiceConnections[0]',
      ],
    });
    expect(inv.notes).toEqual([]);
  });

  it('does not ask a FileStorage account about a blob service it does not have', async () => {
    const inv = await collect();
    expect(facts(inv, FILES)).toMatchObject({
      // Public network access is enabled, but the network rules deny.
      internetReachable: ['explicit', false, `${A}properties.networkAcls.defaultAction`],
      anonymousRead: ['default', false, `${A}properties.allowBlobPublicAccess`],
      // Neither blob versioning nor blob lifecycle policies apply to file shares.
      versioning: ['explicit', false, `${A}kind`],
      deletionLifecycle: ['explicit', false, `${A}kind`],
    });
    const own = fake.log.filter((c) => c.path.startsWith(`${FILES}/`));
    // Only its file service's diagnostic settings are read.
    expect(own.map((c) => c.path)).toEqual([
      `${FILES}/fileServices/default/providers/Microsoft.Insights/diagnosticSettings`,
    ]);
  });

  it('adds the user-assigned identity an account holds, with an assume-identity flow', async () => {
    const inv = await collect();
    expect(inv.assets.find((a) => a.id === STORAGE_IDENTITY)).toMatchObject({
      kind: 'identity',
      nativeType: 'Microsoft.ManagedIdentity/userAssignedIdentities',
      name: 'id-storage-cmk',
    });
    const fromStorage = inv.flows.filter((f) => f.from.includes('/Microsoft.Storage/'));
    expect(fromStorage.map((f) => [f.kind, f.from, f.to, f.evidence])).toEqual([
      [
        'assume-identity',
        LOCKED,
        STORAGE_IDENTITY,
        [{ assetId: LOCKED, attribute: `${A}identity.userAssignedIdentities` }],
      ],
    ]);
  });

  it('turns a 403 on containers into a denied note and an unknown anonymousRead where it matters', async () => {
    fake.faults.push({ operation: 'containers.list', kind: 'denied' });
    const inv = await collect();
    const denied = 'Microsoft.Storage BlobContainers_List denied (AuthorizationFailed)';
    expect(inv.notes).toEqual(
      [LOCKED, OPEN].map((id) => ({
        kind: 'denied',
        message: `Microsoft.Storage BlobContainers_List was denied in subscription ${SUB} (AuthorizationFailed) for ${id}; what it would have told is unknown`,
        input: `azure://${SUB}`,
        address: id,
        service: 'Microsoft.Storage',
        api: 'BlobContainers_List',
        account: SUB,
        errorCode: 'AuthorizationFailed',
      })),
    );
    // Public containers are allowed on the open account: whether one is public is not known.
    expect(facts(inv, OPEN).anonymousRead).toEqual(['unknown', undefined, denied]);
    // On the locked account none can be public, whatever the containers say.
    expect(facts(inv, LOCKED).anonymousRead).toEqual([
      'explicit',
      false,
      `${A}properties.allowBlobPublicAccess`,
    ]);
  });

  it('turns a 403 on the blob service and the management policy into unknown versioning and lifecycle', async () => {
    fake.faults.push({ operation: 'blobServices.get', kind: 'denied', pathIncludes: '/stlocked/' });
    fake.faults.push({ operation: 'managementPolicies.get', kind: 'denied', pathIncludes: '/stlocked/' });
    const inv = await collect();
    expect(facts(inv, LOCKED)).toMatchObject({
      versioning: [
        'unknown',
        undefined,
        'Microsoft.Storage BlobServices_GetServiceProperties denied (AuthorizationFailed)',
      ],
      deletionLifecycle: [
        'unknown',
        undefined,
        'Microsoft.Storage ManagementPolicies_Get denied (AuthorizationFailed)',
      ],
    });
    expect(inv.notes.map((n) => [n.kind, n.api, n.errorCode, n.address])).toEqual([
      ['denied', 'BlobServices_GetServiceProperties', 'AuthorizationFailed', LOCKED],
      ['denied', 'ManagementPolicies_Get', 'AuthorizationFailed', LOCKED],
    ]);
    // A 403 is final; the open account's readings are untouched.
    expect(storageCalls().filter((c) => c.status === 403)).toHaveLength(2);
    expect(facts(inv, OPEN).deletionLifecycle).toEqual(['default', false, `${P}properties.policy`]);
  });

  it('turns a denied account listing into a note and no storage assets', async () => {
    fake.faults.push({ operation: 'storageAccounts.list', kind: 'denied' });
    const inv = await collect();
    expect(inv.assets.filter((a) => a.kind === 'object-store')).toEqual([]);
    expect(inv.notes.map((n) => [n.kind, n.service, n.api, n.errorCode])).toEqual([
      ['denied', 'Microsoft.Storage', 'StorageAccounts_List', 'AuthorizationFailed'],
    ]);
  });

  it('retries a throttled or failed call of the storage client as the other clients do', async () => {
    const clean = JSON.stringify(await collect());
    await fake.stop();
    fake = new FakeAzure(tenant(), certificate);
    await fake.start();
    fake.faults.push({ operation: 'storageAccounts.list', kind: 'throttled-bare', times: 1 });
    fake.faults.push({
      operation: 'blobServices.get',
      kind: 'throttled',
      times: 1,
      pathIncludes: '/stopen/',
    });
    fake.faults.push({
      operation: 'managementPolicies.get',
      kind: 'server-error',
      times: 1,
      pathIncludes: '/stlocked/',
    });
    const inv = await collect();
    expect(JSON.stringify(inv)).toBe(clean);
    const statuses = (suffix: string): number[] =>
      storageCalls()
        .filter((c) => c.path.endsWith(suffix) && c.skip === undefined)
        .map((c) => c.status);
    expect(statuses('/Microsoft.Storage/storageAccounts')).toEqual([429, 200]);
    expect(statuses('/stopen/blobServices/default')).toEqual([429, 200]);
    expect(statuses('/stlocked/managementPolicies/default')).toEqual([500, 200]);
  });

  it('never follows a storage nextLink off the machine: the page is refused and the gap noted', async () => {
    fake.nextLinkOrigin = 'https://management.azure.com';
    const inv = await collect();
    const list = `/subscriptions/${SUB}/providers/Microsoft.Storage/storageAccounts`;
    expect(storageCalls().filter((c) => c.path === list)).toEqual([
      { path: list, status: 200, version: '2025-08-01' },
    ]);
    expect(inv.notes.find((n) => n.api === 'StorageAccounts_List')).toMatchObject({
      kind: 'skipped',
      account: SUB,
      errorCode: 'UnknownError',
    });
    // The first page's two accounts are kept; the third was on the refused page.
    expect(inv.assets.filter((a) => a.kind === 'object-store')).toHaveLength(2);
  });

  it('makes only GETs with the storage api-version, each once, and never lists keys', async () => {
    await collect();
    const version = '2025-08-01';
    const list = `/subscriptions/${SUB}/providers/Microsoft.Storage/storageAccounts`;
    expect(storageCalls()).toEqual(
      expect.arrayContaining([
        { path: list, status: 200, version },
        { path: list, status: 200, version, skip: '2' },
        { path: `${LOCKED}/blobServices/default`, status: 200, version },
        { path: `${LOCKED}/blobServices/default/containers`, status: 200, version },
        { path: `${LOCKED}/blobServices/default/containers`, status: 200, version, skip: '2' },
        { path: `${LOCKED}/managementPolicies/default`, status: 200, version },
        { path: `${OPEN}/blobServices/default`, status: 200, version },
        { path: `${OPEN}/blobServices/default/containers`, status: 200, version },
        { path: `${OPEN}/managementPolicies/default`, status: 404, version },
      ]),
    );
    expect(storageCalls()).toHaveLength(9);
    const storageLog = fake.log.filter((c) => c.path.includes('/Microsoft.Storage/'));
    expect(storageLog.every((c) => c.method === 'GET')).toBe(true);
    expect(storageLog.some((c) => /listKeys|listAccountSas|listServiceSas/i.test(c.path))).toBe(false);
  });
});
