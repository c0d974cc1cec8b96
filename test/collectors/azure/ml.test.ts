import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectAzure } from '../../../collectors/azure/index.js';
import type { AzureScanOptions } from '../../../collectors/azure/options.js';
import type { Inventory } from '../../../src/model/index.js';
import { makeTestCertificate, type TestCertificate } from '../../fake-azure/cert.js';
import { fakeAzureOptions } from '../../fake-azure/client.js';
import { FakeAzure } from '../../fake-azure/server.js';
import { facts } from '../aws/scan.js';
import {
  IDENTITY,
  INSIGHTS,
  OPENAI,
  PUBLIC_BLOB,
  REGISTRY,
  STORAGE,
  SUB,
  SUBNET,
  TRAINING,
  VAULT_REF,
  mlTenant,
  search,
  workspace,
} from './ml-fixture.js';

/** Azure Machine Learning (workspaces, AI Foundry hubs and projects, computes, datastores, endpoints, connections). */

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

const collect = (more: Partial<AzureScanOptions> = {}): Promise<Inventory> =>
  collectAzure(fakeAzureOptions(fake, certificate, more));

const LOCKED = workspace('mlw-locked');
const OPEN = workspace('mlw-open');
const HUB = workspace('hub-foundry');
const PROJECT = workspace('proj-foundry');
const compute = (ws: string, name: string): string => `${workspace(ws)}/computes/${name}`;
const endpoint = (ws: string, name: string): string => `${workspace(ws)}/onlineEndpoints/${name}`;
const deployment = (ws: string, e: string, name: string): string => `${endpoint(ws, e)}/deployments/${name}`;
const W = 'Workspaces_ListBySubscription.';
const C = 'Compute_List.';
const E = 'OnlineEndpoints_List.';
const D = 'OnlineDeployments_List.';
const ISOLATION = `${W}properties.managedNetwork.isolationMode`;
/** The Machine Learning calls (the diagnostics pass reads the workspaces' settings too, tested with it). */
const mlCalls = (): { path: string; skip?: string }[] =>
  fake.log
    .filter(
      (c) =>
        c.path.includes('/Microsoft.MachineLearningServices/') && !c.path.includes('/Microsoft.Insights/'),
    )
    .map((c) => ({
      path: c.path,
      ...(c.query['$skipToken'] === undefined ? {} : { skip: c.query['$skipToken'] }),
    }));

describe('live Azure Machine Learning', () => {
  it('reads a locked-down workspace with the facts of azurerm_machine_learning_workspace', async () => {
    const inv = await collect();
    expect(facts(inv, LOCKED)).toEqual({
      internetReachable: ['explicit', false, `${W}properties.publicNetworkAccess`],
      networkIsolated: ['explicit', true, ISOLATION],
      customerManagedKey: ['explicit', true, `${W}properties.encryption.status`],
      privateNetwork: ['explicit', true, `${W}properties.privateEndpointConnections`],
      keyAuthEnabled: ['explicit', false, `${W}properties.systemDatastoresAuthMode`],
    });
    expect(inv.assets.find((a) => a.id === LOCKED)).toMatchObject({
      kind: 'ml-workspace',
      provider: 'azure',
      nativeType: 'Microsoft.MachineLearningServices/workspaces',
      name: 'mlw-locked',
      source: { input: `azure://${SUB}`, address: LOCKED, region: 'westeurope' },
      tags: { env: 'prod' },
    });
  });

  it('reads an open workspace from the service defaults, an AI Foundry hub and a project', async () => {
    const inv = await collect();
    expect(facts(inv, OPEN)).toEqual({
      internetReachable: ['default', true, `${W}properties.publicNetworkAccess`],
      networkIsolated: ['default', false, ISOLATION],
      customerManagedKey: ['default', false, `${W}properties.encryption.status`],
      privateNetwork: ['explicit', false, `${W}properties.privateEndpointConnections`],
      keyAuthEnabled: ['default', true, `${W}properties.systemDatastoresAuthMode`],
    });
    // A hub is azurerm_ai_foundry: no system datastore auth mode; AllowInternetOutbound does not isolate.
    expect(facts(inv, HUB)).toEqual({
      internetReachable: ['explicit', true, `${W}properties.publicNetworkAccess`],
      networkIsolated: ['explicit', false, ISOLATION],
      customerManagedKey: ['default', false, `${W}properties.encryption.status`],
      privateNetwork: ['explicit', false, `${W}properties.privateEndpointConnections`],
    });
    // A project is azurerm_ai_foundry_project: no facts, only the identity it assumes.
    expect(facts(inv, PROJECT)).toEqual({});
    expect(inv.assets.find((a) => a.id === PROJECT)?.kind).toBe('ml-workspace');
  });

  it('reads compute instances as notebooks and clusters as ml-compute, with the workspace isolation', async () => {
    const inv = await collect();
    const lockedIsolation = ['explicit', true, `${LOCKED}.${ISOLATION}`];
    expect(facts(inv, compute('mlw-locked', 'ci-locked'))).toEqual({
      directInternetAccess: ['explicit', false, `${C}properties.properties.enableNodePublicIp`],
      rootAccess: ['default', true, 'compute instance sudo (not configurable)'],
      shellAccess: ['explicit', false, `${C}properties.properties.sshSettings.sshPublicAccess`],
      privateNetwork: ['explicit', true, `${C}properties.properties.subnet`],
      keyAuthEnabled: ['explicit', false, `${C}properties.disableLocalAuth`],
      networkIsolated: lockedIsolation,
    });
    expect(facts(inv, compute('mlw-locked', 'cluster-locked'))).toEqual({
      directInternetAccess: ['explicit', false, `${C}properties.properties.enableNodePublicIp`],
      privateNetwork: ['explicit', true, `${C}properties.properties.subnet`],
      shellAccess: ['explicit', false, `${C}properties.properties.remoteLoginPortPublicAccess`],
      keyAuthEnabled: ['explicit', false, `${C}properties.disableLocalAuth`],
      networkIsolated: lockedIsolation,
    });
    const openIsolation = ['default', false, `${OPEN}.${ISOLATION}`];
    expect(facts(inv, compute('mlw-open', 'ci-open'))).toEqual({
      directInternetAccess: ['explicit', true, `${C}properties.properties.enableNodePublicIp`],
      rootAccess: ['default', true, 'compute instance sudo (not configurable)'],
      shellAccess: ['explicit', true, `${C}properties.properties.sshSettings.sshPublicAccess`],
      privateNetwork: ['default', false, `${C}properties.properties.subnet`],
      keyAuthEnabled: ['default', true, `${C}properties.disableLocalAuth`],
      networkIsolated: openIsolation,
    });
    // NotSpecified opens the SSH port of public nodes: this cluster is in no subnet.
    expect(facts(inv, compute('mlw-open', 'cluster-open'))).toEqual({
      directInternetAccess: ['default', true, `${C}properties.properties.enableNodePublicIp`],
      privateNetwork: ['default', false, `${C}properties.properties.subnet`],
      shellAccess: ['explicit', true, `${C}properties.properties.remoteLoginPortPublicAccess (NotSpecified)`],
      keyAuthEnabled: ['default', true, `${C}properties.disableLocalAuth`],
      networkIsolated: openIsolation,
    });
    expect(inv.assets.find((a) => a.id === compute('mlw-locked', 'ci-locked'))).toMatchObject({
      kind: 'notebook',
      nativeType: 'Microsoft.MachineLearningServices/workspaces/computes',
    });
    expect(inv.assets.find((a) => a.id === compute('mlw-locked', 'cluster-locked'))?.kind).toBe('ml-compute');
    // A Databricks compute is an attachment the azurerm mappers do not model either.
    expect(inv.assets.some((a) => a.id === compute('mlw-locked', 'dbx'))).toBe(false);
  });

  it('reads online endpoints as inference endpoints and their deployments as models', async () => {
    const inv = await collect();
    expect(facts(inv, endpoint('mlw-locked', 'ep-locked'))).toEqual({
      internetReachable: ['explicit', false, `${E}properties.publicNetworkAccess`],
      requiresAuthentication: ['explicit', true, `${E}properties.authMode`],
      keyAuthEnabled: ['explicit', false, `${E}properties.authMode`],
      networkIsolated: ['explicit', true, `${D}properties.egressPublicNetworkAccess`],
    });
    // One of its deployments may reach the internet, so the endpoint may.
    expect(facts(inv, endpoint('mlw-open', 'ep-open'))).toEqual({
      internetReachable: ['explicit', true, `${E}properties.publicNetworkAccess`],
      requiresAuthentication: ['explicit', true, `${E}properties.authMode`],
      keyAuthEnabled: ['explicit', true, `${E}properties.authMode`],
      networkIsolated: ['explicit', false, `${D}properties.egressPublicNetworkAccess`],
    });
    expect(facts(inv, deployment('mlw-open', 'ep-open', 'd2'))).toEqual({
      networkIsolated: ['default', false, `${D}properties.egressPublicNetworkAccess`],
    });
    expect(inv.assets.find((a) => a.id === deployment('mlw-locked', 'ep-locked', 'blue'))).toMatchObject({
      kind: 'model',
      nativeType: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments',
      facts: { networkIsolated: { state: 'explicit', value: true } },
    });
  });

  it('draws the workspace links, datastores, connections, subnets, deployments and identities', async () => {
    const inv = await collect();
    expect(
      inv.flows
        .filter((f) => f.from.includes('/Microsoft.MachineLearningServices/'))
        .map((f) => [f.kind, f.from, f.to].join(' '))
        .sort(),
    ).toEqual(
      [
        ['assume-identity', LOCKED, IDENTITY],
        ['assume-identity', compute('mlw-locked', 'ci-locked'), IDENTITY],
        ['assume-identity', endpoint('mlw-locked', 'ep-locked'), IDENTITY],
        ['assume-identity', PROJECT, IDENTITY],
        ['invoke', LOCKED, OPENAI],
        ['read', LOCKED, PUBLIC_BLOB],
        ['retrieve-from', LOCKED, search('srch-open')],
        ['invoke', endpoint('mlw-locked', 'ep-locked'), deployment('mlw-locked', 'ep-locked', 'blue')],
        ['invoke', endpoint('mlw-open', 'ep-open'), deployment('mlw-open', 'ep-open', 'd1')],
        ['invoke', endpoint('mlw-open', 'ep-open'), deployment('mlw-open', 'ep-open', 'd2')],
        ['log-to', LOCKED, INSIGHTS],
        ['network', compute('mlw-locked', 'ci-locked'), SUBNET],
        ['network', compute('mlw-locked', 'cluster-locked'), SUBNET],
        ['read', HUB, VAULT_REF],
        ['read', LOCKED, TRAINING],
        ['read', LOCKED, REGISTRY],
        ['read', LOCKED, VAULT_REF],
        ['read', LOCKED, STORAGE],
        ['write', HUB, STORAGE],
        ['write', LOCKED, STORAGE],
        ['write', OPEN, STORAGE],
      ]
        .map((f) => f.join(' '))
        .sort(),
    );
    // A connection's auth type says whether the workspace presents a credential; None does not.
    const auth = (to: string): unknown =>
      inv.flows.find((f) => f.from === LOCKED && f.to === to)?.authenticated;
    const A = 'WorkspaceConnections_List.properties.authType';
    expect(auth(OPENAI)).toEqual({ state: 'explicit', value: true, attribute: A });
    expect(auth(search('srch-open'))).toEqual({ state: 'explicit', value: true, attribute: A });
    expect(auth(PUBLIC_BLOB)).toEqual({ state: 'explicit', value: false, attribute: A });
    expect(auth(STORAGE)).toBeUndefined();
    // The default datastore names only its account: it is the workspace's own storage account.
    const ownStore = inv.flows.find((f) => f.kind === 'read' && f.to === STORAGE);
    expect(ownStore?.evidence).toEqual([
      {
        assetId: `${LOCKED}/datastores/workspaceblobstore`,
        attribute: 'Datastores_List.properties.accountName',
      },
    ]);
    expect(inv.notes).toEqual([]);
  });

  it('turns a 403 on a workspace computes listing into a denied note, and goes on', async () => {
    fake.faults.push({ operation: 'computes.list', kind: 'denied', pathIncludes: '/mlw-locked/' });
    const inv = await collect();
    expect(inv.notes).toEqual([
      {
        kind: 'denied',
        message: `Microsoft.MachineLearningServices Compute_List was denied in subscription ${SUB} (AuthorizationFailed) for ${LOCKED}; what it would have told is unknown`,
        input: `azure://${SUB}`,
        address: LOCKED,
        service: 'Microsoft.MachineLearningServices',
        api: 'Compute_List',
        account: SUB,
        errorCode: 'AuthorizationFailed',
      },
    ]);
    expect(inv.assets.filter((a) => a.id.startsWith(`${LOCKED}/computes/`))).toEqual([]);
    expect(inv.assets.some((a) => a.id === compute('mlw-open', 'ci-open'))).toBe(true);
    // A 403 is final: it is not retried.
    expect(mlCalls().filter((c) => c.path === `${LOCKED}/computes`)).toEqual([
      { path: `${LOCKED}/computes` },
    ]);
  });

  it("makes an endpoint's isolation unknown when its deployments cannot be listed", async () => {
    fake.faults.push({ operation: 'deployments.list', kind: 'denied', pathIncludes: '/ep-open/' });
    const inv = await collect();
    expect(facts(inv, endpoint('mlw-open', 'ep-open')).networkIsolated).toEqual([
      'unknown',
      undefined,
      'Microsoft.MachineLearningServices OnlineDeployments_List denied (AuthorizationFailed)',
    ]);
    expect(inv.notes.map((n) => [n.kind, n.api, n.errorCode, n.address])).toEqual([
      ['denied', 'OnlineDeployments_List', 'AuthorizationFailed', endpoint('mlw-open', 'ep-open')],
    ]);
    expect(inv.assets.some((a) => a.id.startsWith(`${endpoint('mlw-open', 'ep-open')}/`))).toBe(false);
  });

  it('turns a denied workspace listing into a note and no ML assets', async () => {
    fake.faults.push({ operation: 'workspaces.list', kind: 'denied' });
    const inv = await collect();
    expect(inv.assets.filter((a) => a.id.includes('/Microsoft.MachineLearningServices/'))).toEqual([]);
    expect(inv.notes.map((n) => [n.kind, n.service, n.api, n.errorCode, n.address])).toEqual([
      [
        'denied',
        'Microsoft.MachineLearningServices',
        'Workspaces_ListBySubscription',
        'AuthorizationFailed',
        undefined,
      ],
    ]);
    expect(mlCalls()).toEqual([
      { path: `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/workspaces` },
    ]);
  });

  it('makes only GETs at api-version 2024-10-01, each page once, and asks for no secret', async () => {
    await collect();
    expect(fake.log.filter((c) => c.method !== 'GET').map((c) => c.path)).toEqual([
      `/${fake.tenant.tenantId}/oauth2/v2.0/token`,
    ]);
    // Diagnostic settings of the workspaces are read at their own api-version (tested with them).
    const ml = fake.log.filter(
      (c) =>
        c.path.includes('/Microsoft.MachineLearningServices/') && !c.path.includes('/Microsoft.Insights/'),
    );
    for (const c of ml) expect([c.status, c.query['api-version']]).toEqual([200, '2024-10-01']);
    const keys = mlCalls().map((c) => `${c.path} ${c.skip ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    const children = ['computes', 'datastores', 'onlineEndpoints', 'connections'];
    expect([...keys].sort()).toEqual(
      [
        `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/workspaces `,
        `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/workspaces 2`,
        ...[LOCKED, OPEN, HUB, PROJECT].flatMap((w) => children.map((c) => `${w}/${c} `)),
        `${LOCKED}/computes 2`,
        `${LOCKED}/datastores 2`,
        `${LOCKED}/connections 2`,
        `${endpoint('mlw-locked', 'ep-locked')}/deployments `,
        `${endpoint('mlw-open', 'ep-open')}/deployments `,
      ].sort(),
    );
    expect(keys.some((k) => /listKeys|listsecrets|listSecrets/i.test(k))).toBe(false);
  });

  it('retries a throttled workspace listing and a failed computes listing, with the same result', async () => {
    const clean = JSON.stringify(await collect());
    await fake.stop();
    fake = new FakeAzure(mlTenant(), certificate);
    await fake.start();
    fake.faults.push({ operation: 'workspaces.list', kind: 'throttled-bare', times: 1 });
    fake.faults.push({
      operation: 'computes.list',
      kind: 'server-error',
      times: 1,
      pathIncludes: '/mlw-open/',
    });
    expect(JSON.stringify(await collect())).toBe(clean);
    expect(fake.log.filter((c) => c.path === `${OPEN}/computes`).map((c) => c.status)).toEqual([500, 200]);
  });

  it('gives byte-identical output for the same subscription', async () => {
    const first = JSON.stringify(await collect());
    expect(JSON.stringify(await collect())).toBe(first);
  });
});
