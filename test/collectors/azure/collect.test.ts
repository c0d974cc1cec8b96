import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectAzure } from '../../../collectors/azure/index.js';
import type { AzureScanOptions } from '../../../collectors/azure/options.js';
import type { Inventory } from '../../../src/model/index.js';
import { makeTestCertificate, type TestCertificate } from '../../fake-azure/cert.js';
import { fakeAzureOptions } from '../../fake-azure/client.js';
import { FakeAzure } from '../../fake-azure/server.js';
import { facts } from '../aws/scan.js';
import { account, deployment, IDENTITY, SUB, tenant } from './fixture.js';

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

const collect = (more: Partial<AzureScanOptions> = {}): Promise<Inventory> =>
  collectAzure(fakeAzureOptions(fake, certificate, more));

const LOCKED = account('oai-locked');
const OPEN = account('ais-open');
const ACCOUNTS_PATH = `/subscriptions/${SUB}/providers/Microsoft.CognitiveServices/accounts`;
const deploymentsPath = (id: string): string => `${id}/deployments`;
// No diagnostic setting in this tenant: the account does not log invocations.
const NO_LOGS = ['default', false, 'DiagnosticSettings_List.value'];
const L = 'Accounts_List.';
const D = 'Deployments_List.';
const R = 'RaiPolicies_List.properties.contentFilters';
/** A deployment without raiPolicyName (API versions before ARM filled in Microsoft.DefaultV2): the default policy. */
const UNSET = `${D}properties.raiPolicyName (unset: built-in default policy Microsoft.DefaultV2)`;
/** The Cognitive Services calls of accounts and deployments (other services' calls are tested in their files). */
const armCalls = (): { path: string; status: number; skip?: string }[] =>
  fake.log
    .filter((c) =>
      /^\/subscriptions\/.*Microsoft\.CognitiveServices\/accounts(\/[^/]+\/deployments)?$/.test(c.path),
    )
    .map((c) => ({
      path: c.path,
      status: c.status,
      ...(c.query['$skipToken'] === undefined ? {} : { skip: c.query['$skipToken'] }),
    }));

describe('collectAzure over a fake ARM and Entra ID', () => {
  it('reads a locked-down OpenAI account with the facts the azurerm mapper gives', async () => {
    const inv = await collect();
    expect(facts(inv, LOCKED)).toEqual({
      internetReachable: ['explicit', false, `${L}properties.publicNetworkAccess`],
      keyAuthEnabled: ['explicit', false, `${L}properties.disableLocalAuth`],
      customerManagedKey: ['explicit', true, `${L}properties.encryption.keySource`],
      networkIsolated: ['explicit', true, `${L}properties.restrictOutboundNetworkAccess`],
      privateNetwork: ['explicit', true, `${L}properties.privateEndpointConnections`],
      invocationLogging: NO_LOGS,
      providerManaged: ['explicit', true, `${L}kind`],
      guardrailAttached: ['explicit', true, `${D}properties.raiPolicyName`],
    });
    const a = inv.assets.find((x) => x.id === LOCKED);
    expect(a).toMatchObject({
      kind: 'foundation-model-service',
      provider: 'azure',
      nativeType: 'Microsoft.CognitiveServices/accounts',
      name: 'oai-locked',
      source: { input: `azure://${SUB}`, address: LOCKED, region: 'swedencentral' },
      tags: { env: 'prod' },
    });
  });

  it('reads an open AIServices account: public, key auth on by default, Microsoft-managed key', async () => {
    const inv = await collect();
    expect(facts(inv, OPEN)).toEqual({
      // publicNetworkAccess is explicit, so the pair is; the absent ACL is open by default.
      internetReachable: [
        'explicit',
        true,
        `${L}properties.publicNetworkAccess + ${L}properties.networkAcls.defaultAction`,
      ],
      keyAuthEnabled: ['default', true, `${L}properties.disableLocalAuth`],
      customerManagedKey: ['explicit', false, `${L}properties.encryption.keySource`],
      networkIsolated: ['default', false, `${L}properties.restrictOutboundNetworkAccess`],
      privateNetwork: ['explicit', false, `${L}properties.privateEndpointConnections`],
      invocationLogging: NO_LOGS,
      providerManaged: ['explicit', true, `${L}kind`],
      // Its only deployment has no RAI policy: the default one screens its prompts.
      guardrailAttached: ['default', true, UNSET],
    });
  });

  it('reads deployments as models with invoke flows, and the identity the account assumes', async () => {
    const inv = await collect();
    const strict = 'RAI policy "strict-policy" is not among the account\'s RAI policies';
    expect(facts(inv, deployment('oai-locked', 'gpt-4o'))).toEqual({
      guardrailAttached: ['explicit', true, `${D}properties.raiPolicyName`],
      autoModelUpgrade: ['explicit', false, `${D}properties.versionUpgradeOption`],
      crossRegionProcessing: ['explicit', false, `${D}sku.name`],
      promptAttackFilter: ['unknown', undefined, strict],
      sensitiveDataFilter: ['unknown', undefined, strict],
      harmfulContentFilter: ['unknown', undefined, strict],
    });
    // Microsoft.DefaultV2, judged from the filters ARM lists for the system-managed policy.
    expect(facts(inv, deployment('oai-locked', 'embed'))).toEqual({
      guardrailAttached: ['explicit', true, `${R}[0] Hate (Prompt)`],
      autoModelUpgrade: ['explicit', true, `${D}properties.versionUpgradeOption`],
      crossRegionProcessing: ['explicit', false, `${D}sku.name`],
      promptAttackFilter: ['explicit', true, `${R}[8] Jailbreak`],
      sensitiveDataFilter: ['explicit', false, `${R} (no enabled, blocking PII filter)`],
      harmfulContentFilter: ['explicit', true, `${R} (Completion)`],
    });
    expect(facts(inv, deployment('oai-locked', 'mini')).crossRegionProcessing).toEqual([
      'explicit',
      true,
      `${D}sku.name`,
    ]);
    expect(facts(inv, deployment('ais-open', 'chat'))).toEqual({
      guardrailAttached: ['default', true, UNSET],
      autoModelUpgrade: ['default', true, `${D}properties.versionUpgradeOption`],
      crossRegionProcessing: ['explicit', true, `${D}sku.name`],
      promptAttackFilter: [
        'default',
        true,
        `${UNSET}: Jailbreak blocked on prompts; indirect attacks not screened`,
      ],
      sensitiveDataFilter: ['default', false, `${UNSET}: no PII filter`],
      harmfulContentFilter: ['default', true, `${UNSET}: harm categories blocked at Medium`],
    });
    expect(inv.assets.find((a) => a.id === deployment('ais-open', 'chat'))).toMatchObject({
      kind: 'model',
      name: 'chat (gpt-4o-mini)',
    });
    expect(inv.assets.map((a) => [a.kind, a.id])).toEqual([
      ['foundation-model-service', OPEN],
      ['model', deployment('ais-open', 'chat')],
      ['foundation-model-service', LOCKED],
      ['model', deployment('oai-locked', 'embed')],
      ['model', deployment('oai-locked', 'gpt-4o')],
      ['model', deployment('oai-locked', 'mini')],
      ['foundation-model-service', account('speech')],
      ['identity', IDENTITY],
    ]);
    expect(inv.flows.map((f) => [f.kind, f.from, f.to])).toEqual(
      expect.arrayContaining([
        ['invoke', OPEN, deployment('ais-open', 'chat')],
        ['invoke', LOCKED, deployment('oai-locked', 'embed')],
        ['invoke', LOCKED, deployment('oai-locked', 'gpt-4o')],
        ['invoke', LOCKED, deployment('oai-locked', 'mini')],
        ['assume-identity', LOCKED, IDENTITY],
      ]),
    );
    expect(inv.flows).toHaveLength(5);
    expect(inv.notes).toEqual([]);
    expect(inv.inputs).toEqual([
      expect.objectContaining({ path: `azure://${SUB}`, format: 'azure-live', resources: 8, account: SUB }),
    ]);
  });

  it('follows nextLink across pages, and lists deployments of OpenAI and AIServices accounts only', async () => {
    await collect();
    // The order of the two accounts' listings depends on what else is in flight.
    const byPath = (a: { path: string; skip?: string }, b: { path: string; skip?: string }) =>
      `${a.path} ${a.skip ?? ''}`.localeCompare(`${b.path} ${b.skip ?? ''}`);
    expect(armCalls().sort(byPath)).toEqual(
      [
        { path: ACCOUNTS_PATH, status: 200 },
        { path: ACCOUNTS_PATH, status: 200, skip: '2' },
        { path: deploymentsPath(LOCKED), status: 200 },
        { path: deploymentsPath(LOCKED), status: 200, skip: '2' },
        { path: deploymentsPath(OPEN), status: 200 },
      ].sort(byPath),
    );
  });

  it('turns a 403 on deployments into a denied note and unknown facts, and goes on', async () => {
    fake.faults.push({ operation: 'deployments.list', kind: 'denied', pathIncludes: '/ais-open/' });
    const inv = await collect();
    expect(inv.notes).toEqual([
      {
        kind: 'denied',
        message: `Microsoft.CognitiveServices Deployments_List was denied in subscription ${SUB} (AuthorizationFailed) for ${OPEN}; what it would have told is unknown`,
        input: `azure://${SUB}`,
        address: OPEN,
        service: 'Microsoft.CognitiveServices',
        api: 'Deployments_List',
        account: SUB,
        errorCode: 'AuthorizationFailed',
      },
    ]);
    expect(facts(inv, OPEN).guardrailAttached).toEqual([
      'unknown',
      undefined,
      'Microsoft.CognitiveServices Deployments_List denied (AuthorizationFailed)',
    ]);
    expect(inv.assets.some((a) => a.id === deployment('ais-open', 'chat'))).toBe(false);
    expect(facts(inv, LOCKED).guardrailAttached).toEqual(['explicit', true, `${D}properties.raiPolicyName`]);
    // A 403 is final: it is not retried.
    expect(armCalls().filter((c) => c.path === deploymentsPath(OPEN))).toEqual([
      { path: deploymentsPath(OPEN), status: 403 },
    ]);
  });

  it('turns a denied account listing into a note and no assets', async () => {
    fake.faults.push({ operation: 'accounts.list', kind: 'denied' });
    const inv = await collect();
    expect(inv.assets).toEqual([]);
    expect(inv.notes.map((n) => [n.kind, n.api, n.errorCode, n.address])).toEqual([
      ['denied', 'Accounts_List', 'AuthorizationFailed', undefined],
    ]);
  });

  it('notes a resource provider the subscription is not registered for, once, and reads the rest', async () => {
    fake.faults.push({ operation: 'workspaces.list', kind: 'unregistered' });
    const inv = await collect();
    expect(inv.notes).toEqual([
      {
        kind: 'skipped',
        message: `Microsoft.MachineLearningServices is not registered in subscription ${SUB}, which can hold none of its resources`,
        input: `azure://${SUB}`,
        service: 'Microsoft.MachineLearningServices',
        api: 'Workspaces_ListBySubscription',
        account: SUB,
        errorCode: 'MissingSubscriptionRegistration',
      },
    ]);
    // A 409 is an answer, not retried.
    expect(
      fake.log.filter((c) => c.path.endsWith('/Microsoft.MachineLearningServices/workspaces')),
    ).toHaveLength(1);
    expect(inv.assets.some((a) => a.id === LOCKED)).toBe(true);
  });

  it('retries a 429 after its retry-after-ms, and a 500, with the same result as without', async () => {
    const clean = JSON.stringify(await collect());
    await fake.stop();
    fake = new FakeAzure(tenant(), certificate);
    await fake.start();
    fake.faults.push({ operation: 'accounts.list', kind: 'throttled', times: 1 });
    fake.faults.push({
      operation: 'deployments.list',
      kind: 'server-error',
      times: 1,
      pathIncludes: '/ais-open/',
    });
    const inv = await collect();
    expect(JSON.stringify(inv)).toBe(clean);
    expect(inv.notes).toEqual([]);
    expect(armCalls().slice(0, 2)).toEqual([
      { path: ACCOUNTS_PATH, status: 429 },
      { path: ACCOUNTS_PATH, status: 200 },
    ]);
    expect(
      armCalls()
        .filter((c) => c.path === deploymentsPath(OPEN))
        .map((c) => c.status),
    ).toEqual([500, 200]);
  });

  it('retries a 429 without Retry-After (which the SDK alone does not), and notes one that persists', async () => {
    fake.faults.push({ operation: 'accounts.list', kind: 'throttled-bare', times: 2 });
    const inv = await collect();
    expect(inv.notes).toEqual([]);
    expect(inv.assets).toHaveLength(8);
    expect(
      armCalls()
        .slice(0, 3)
        .map((c) => c.status),
    ).toEqual([429, 429, 200]);
    await fake.stop();
    fake = new FakeAzure(tenant(), certificate);
    await fake.start();
    fake.faults.push({ operation: 'accounts.list', kind: 'throttled-bare' });
    const gaveUp = await collect({ maxRetries: 1 });
    expect(gaveUp.notes.map((n) => [n.kind, n.api, n.errorCode])).toEqual([
      ['skipped', 'Accounts_List', 'TooManyRequests'],
    ]);
    expect(armCalls().map((c) => c.status)).toEqual([429, 429]);
  });

  it('gives up on a 500 that persists after the configured retries, with a skipped note', async () => {
    fake.faults.push({ operation: 'deployments.list', kind: 'server-error', pathIncludes: '/ais-open/' });
    const inv = await collect({ maxRetries: 1 });
    expect(inv.notes.map((n) => [n.kind, n.api, n.errorCode, n.address])).toEqual([
      ['skipped', 'Deployments_List', 'InternalServerError', OPEN],
    ]);
    expect(
      armCalls()
        .filter((c) => c.path === deploymentsPath(OPEN))
        .map((c) => c.status),
    ).toEqual([500, 500]);
  });

  it('is read-only: one client-credentials token request, then only GETs with an api-version', async () => {
    await collect();
    const writes = fake.log.filter((c) => c.method !== 'GET');
    expect(writes).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: `/${fake.tenant.tenantId}/oauth2/v2.0/token`,
        status: 200,
        grantType: 'client_credentials',
      }),
    ]);
    const arm = fake.log.filter((c) => c.path.startsWith('/subscriptions/'));
    for (const c of arm.filter(
      (x) =>
        x.path.includes('/Microsoft.CognitiveServices/') &&
        !x.path.includes('/providers/Microsoft.Insights/'),
    ))
      expect(c.query['api-version']).toBe('2025-09-01');
    for (const c of arm) expect(c.query['api-version']).toMatch(/^\d{4}-\d{2}-\d{2}(-preview)?$/);
    // Every ARM call carried the fake's token (the fake answers 401 otherwise).
    expect(arm.every((c) => c.status === 200)).toBe(true);
  });

  it('never follows a nextLink off the machine: the page is refused and the gap noted', async () => {
    fake.nextLinkOrigin = 'https://management.azure.com';
    const inv = await collect();
    expect(armCalls().filter((c) => c.path === ACCOUNTS_PATH)).toEqual([
      { path: ACCOUNTS_PATH, status: 200 },
    ]);
    expect(inv.notes.find((n) => n.api === 'Accounts_List')).toMatchObject({
      kind: 'skipped',
      account: SUB,
      errorCode: 'UnknownError',
    });
    expect(inv.assets.map((a) => a.name)).not.toContain('speech');
  });

  it('stops a listing whose nextLink repeats, keeping what it read, and notes the gap', async () => {
    fake.pageSize = 1;
    fake.loopPages = true;
    const inv = await collect();
    const loops = inv.notes.filter((n) => n.errorCode === 'RepeatedPageToken');
    expect(loops.filter((n) => n.api === 'Accounts_List')).toEqual([
      expect.objectContaining({ kind: 'skipped', account: SUB, service: 'Microsoft.CognitiveServices' }),
    ]);
    // Every listing that looped says so, and none other.
    expect(inv.notes.every((n) => n.errorCode === 'RepeatedPageToken')).toBe(true);
    // The first two pages' accounts are kept; the listing did not go round again.
    expect(armCalls().filter((c) => c.path === ACCOUNTS_PATH)).toHaveLength(2);
    expect(inv.assets.filter((a) => a.kind === 'foundation-model-service').map((a) => a.name)).toHaveLength(
      2,
    );
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    fake.latencyMs = 40;
    await collect({ concurrency: 1 });
    expect(fake.maxInFlight).toBe(1);
    fake.maxInFlight = 0;
    await collect();
    // The services' first listings run at once by default.
    expect(fake.maxInFlight).toBeGreaterThan(1);
  });

  it('gives byte-identical output for the same subscription', async () => {
    const first = JSON.stringify(await collect());
    expect(JSON.stringify(await collect())).toBe(first);
  });

  it('stops with one clear error when no token can be had, and trusts only the certificate it is given', async () => {
    const other = makeTestCertificate();
    await expect(collectAzure(fakeAzureOptions(fake, other))).rejects.toThrow(
      '--azure: cannot get a management token (CredentialUnavailableError)',
    );
    // The TLS handshake with an untrusted certificate fails: not even the token request reached the fake.
    expect(fake.log).toEqual([]);
  });

  it('refuses a subscription that is not a GUID before any call', async () => {
    await expect(collect({ subscriptions: ['../../evil'] })).rejects.toThrow(
      '"../../evil" is not a subscription id (a GUID)',
    );
    expect(fake.log).toEqual([]);
  });
});
