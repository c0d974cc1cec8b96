import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectDiagnostics } from '../../../collectors/azure/diagnostics.js';
import { collectAzure } from '../../../collectors/azure/index.js';
import { AzureInventory } from '../../../collectors/azure/inventory.js';
import { AzureRuntime } from '../../../collectors/azure/runtime.js';
import type { Inventory } from '../../../src/model/index.js';
import { makeTestCertificate, type TestCertificate } from '../../fake-azure/cert.js';
import { fakeAzureOptions } from '../../fake-azure/client.js';
import { resourceId } from '../../fake-azure/resources.js';
import { FakeAzure } from '../../fake-azure/server.js';
import { facts } from '../aws/scan.js';
import {
  ACCOUNT,
  CUSTOM_ROLE,
  GPT,
  LAX,
  LAX_DEPLOYMENT,
  LOCKED,
  OPEN,
  P_CUSTOM,
  P_USER,
  STRICT,
  UAI,
  WORKSPACE,
  GROUP,
  SUB,
  gatewayTenant,
} from './gateway-fixture.js';

let certificate: TestCertificate;
let fake: FakeAzure;
beforeAll(() => {
  certificate = makeTestCertificate();
});
beforeEach(async () => {
  fake = new FakeAzure(gatewayTenant(), certificate);
  await fake.start();
});
afterEach(async () => {
  await fake.stop();
});
const collect = (): Promise<Inventory> => collectAzure(fakeAzureOptions(fake, certificate));
const flows = (inv: Inventory): string[][] => inv.flows.map((f) => [f.kind, f.from, f.to]);
const USER = `principal:${P_USER}`;
const WAF = [
  'unknown',
  undefined,
  'Application Gateways in front of the service are not read by the live Azure collector',
];
const OPS =
  'no global or API policy validates request bodies; operation policies are not read by the live Azure collector';
const R = 'RaiPolicies_List.properties.';
const A = 'RoleAssignments_ListForSubscription';

describe('API Management over a fake ARM', () => {
  it('judges a locked-down service: internal VNet, Entra token, token limit, body validation', async () => {
    const inv = await collect();
    expect(facts(inv, LOCKED)).toEqual({
      internetReachable: ['explicit', false, 'ApiManagementService_List.properties.virtualNetworkType'],
      requiresAuthentication: [
        'explicit',
        true,
        'ApiPolicy_ListByApi.properties.value (validate-jwt / validate-azure-ad-token)',
      ],
      authMethod: ['explicit', 'ENTRA_ID', 'validate-azure-ad-token'],
      throttling: ['explicit', true, 'Policy_Get.properties.value (rate-limit / quota / token-limit)'],
      requestValidation: [
        'explicit',
        true,
        'ApiPolicy_ListByApi.properties.value (validate-content (prevent) in inbound)',
      ],
      wafProtected: WAF,
      requestBodyLogging: ['default', false, 'Diagnostic_ListByService.value'],
      invocationLogging: ['default', false, 'DiagnosticSettings_List.value'],
    });
    expect(inv.assets.find((a) => a.id === LOCKED)).toMatchObject({
      kind: 'api-gateway',
      nativeType: 'Microsoft.ApiManagement/service',
      name: 'apim-locked',
      source: { region: 'westeurope' },
      tags: { tier: 'gateway' },
    });
  });

  it('judges an open service: public, no key, no policy (404), request bodies logged', async () => {
    const inv = await collect();
    expect(facts(inv, OPEN)).toEqual({
      internetReachable: [
        'explicit',
        true,
        'ApiManagementService_List.properties.virtualNetworkType + ApiManagementService_List.properties.publicNetworkAccess',
      ],
      requiresAuthentication: ['explicit', false, 'Api_ListByService.properties.subscriptionRequired'],
      authMethod: ['explicit', 'NONE', 'Api_ListByService.properties.subscriptionRequired'],
      throttling: ['default', false, 'ApiPolicy_ListByApi.properties.value'],
      requestValidation: ['unknown', undefined, OPS],
      wafProtected: WAF,
      requestBodyLogging: [
        'explicit',
        true,
        'Diagnostic_ListByService.properties.frontend.request.body.bytes (1024)',
      ],
      invocationLogging: ['default', false, 'DiagnosticSettings_List.value'],
    });
    // A missing policy is an answer, not a gap.
    expect(inv.notes).toEqual([]);
  });

  it('draws invoke to the OpenAI account its API serves (by subdomain host), and authenticate to Entra ID', async () => {
    const inv = await collect();
    const invoke = inv.flows.find((f) => f.kind === 'invoke' && f.from === LOCKED && f.to === ACCOUNT);
    expect(invoke?.authenticated).toMatchObject({ state: 'explicit', value: true });
    expect(invoke?.evidence.map((e) => e.attribute)).toEqual([
      'Api_ListByService.properties.serviceUrl',
      `${A}.properties.roleDefinitionId (Cognitive Services OpenAI User)`,
    ]);
    const idp = `${LOCKED}/apis/chat/policies/policy#entra-id`;
    expect(flows(inv)).toContainEqual(['authenticate', LOCKED, idp]);
    expect(inv.assets.find((a) => a.id === idp)).toMatchObject({
      kind: 'identity-provider',
      name: 'Microsoft Entra ID',
    });
    // The non-current revision names another backend: no flow to it. The open service reaches the account
    // through a backend (by the account's cognitiveservices host), unauthenticated.
    expect(flows(inv).filter((f) => f[0] === 'invoke' && (f[1] === LOCKED || f[1] === OPEN))).toEqual([
      ['invoke', LOCKED, ACCOUNT],
      ['invoke', OPEN, ACCOUNT],
    ]);
    const open = inv.flows.find((f) => f.kind === 'invoke' && f.from === OPEN);
    expect(open?.authenticated).toMatchObject({ state: 'explicit', value: false });
    expect(open?.evidence).toEqual([
      { assetId: `${OPEN}/backends/oai`, attribute: 'Backend_ListByService.properties.url' },
    ]);
  });

  it('turns a 403 on the APIs of one service into a note and unknown facts', async () => {
    fake.faults.push({ operation: 'apis.list', kind: 'denied', pathIncludes: '/apim-open/' });
    const inv = await collect();
    expect(inv.notes.map((n) => [n.kind, n.api, n.errorCode, n.address])).toEqual([
      ['denied', 'Api_ListByService', 'AuthorizationFailed', OPEN],
    ]);
    const denied = [
      'unknown',
      undefined,
      'Microsoft.ApiManagement Api_ListByService denied (AuthorizationFailed)',
    ];
    const f = facts(inv, OPEN);
    expect([f.requiresAuthentication, f.authMethod, f.requestValidation]).toEqual([denied, denied, denied]);
    expect(facts(inv, LOCKED).requiresAuthentication?.[1]).toBe(true);
  });
});

describe('RAI policies', () => {
  it('judges deployments by the content filters of the policy they name, as the mapper does', async () => {
    const inv = await collect();
    const strict = {
      promptAttackFilter: ['explicit', true, `${R}contentFilters[0] Jailbreak`],
      sensitiveDataFilter: ['explicit', false, `${R}contentFilters (no enabled, blocking PII filter)`],
      harmfulContentFilter: ['explicit', true, `${R}contentFilters (Completion)`],
    };
    expect(facts(inv, GPT)).toMatchObject(strict);
    expect(facts(inv, STRICT)).toEqual(strict);
    const lax = {
      promptAttackFilter: [
        'explicit',
        false,
        `${R}contentFilters (no enabled, blocking Jailbreak/Indirect Attack filter)`,
      ],
      sensitiveDataFilter: ['explicit', false, `${R}contentFilters (no enabled, blocking PII filter)`],
      harmfulContentFilter: [
        'explicit',
        false,
        `${R}mode (Asynchronous_filter: completions stream before filtering)`,
      ],
    };
    expect(facts(inv, LAX_DEPLOYMENT)).toMatchObject(lax);
    expect(facts(inv, LAX)).toEqual(lax);
    // The strict policy screens prompts; the lax one (Jailbreak off, filters on Completion only) does not.
    expect(facts(inv, GPT).guardrailAttached).toEqual([
      'explicit',
      true,
      `${R}contentFilters[0] Jailbreak (Prompt)`,
    ]);
    expect(facts(inv, LAX_DEPLOYMENT).guardrailAttached).toEqual([
      'explicit',
      false,
      `${R}contentFilters (no enabled, blocking Prompt filter)`,
    ]);
    // The system-managed policy is no asset of its own.
    expect(inv.assets.filter((a) => a.kind === 'guardrail').map((a) => a.id)).toEqual([LAX, STRICT]);
  });

  it('leaves the filters unknown, with the reason, when the policies cannot be listed', async () => {
    fake.faults.push({ operation: 'raiPolicies.list', kind: 'denied' });
    const inv = await collect();
    const reason =
      'RAI policy "strict" could not be read: Microsoft.CognitiveServices RaiPolicies_List denied (AuthorizationFailed)';
    expect(facts(inv, GPT).promptAttackFilter).toEqual(['unknown', undefined, reason]);
    // The deployment names a policy all the same.
    expect(facts(inv, GPT).guardrailAttached).toEqual([
      'explicit',
      true,
      'Deployments_List.properties.raiPolicyName',
    ]);
    expect(inv.notes.map((n) => [n.api, n.address])).toEqual([['RaiPolicies_List', ACCOUNT]]);
  });
});

describe('role assignments', () => {
  it('draws grant flows from managed identities found by the services, and judges broad grants', async () => {
    const inv = await collect();
    const grants = flows(inv).filter(
      (f) => ['deploy', 'write'].includes(f[0] ?? '') || (f[0] === 'invoke' && f[1] === UAI),
    );
    expect(grants).toEqual([
      ['deploy', UAI, ACCOUNT],
      ['deploy', UAI, GPT],
      ['deploy', UAI, LAX_DEPLOYMENT],
      ['invoke', UAI, ACCOUNT],
      ['write', UAI, LAX],
      ['write', UAI, STRICT],
    ]);
    // Cognitive Services User at subscription scope: every account's models.
    expect(facts(inv, UAI)).toEqual({
      adminPrivileges: ['default', false, A],
      wildcardModelAccess: ['explicit', true, `${A}.properties.scope`],
      externalTrust: [
        'unknown',
        undefined,
        'federated identity credentials are not read by the live Azure collector',
      ],
    });
    // Contributor on the resource group, by a user no service knows: an identity of its own.
    expect(inv.assets.find((a) => a.id === USER)).toMatchObject({
      kind: 'identity',
      nativeType: 'Microsoft.Entra/User',
    });
    expect(facts(inv, USER).adminPrivileges).toEqual([
      'explicit',
      true,
      `${A}.properties.roleDefinitionId (Contributor)`,
    ]);
    // The custom role (not in the role table) grants nothing modelled; no asset for its group.
    expect(inv.assets.map((a) => a.id).filter((id) => id.startsWith('principal:'))).toEqual([USER]);
  });

  it('reads a custom role definition once, and leaves identity facts unknown when assignments are denied', async () => {
    await collect();
    expect(fake.log.filter((c) => c.path.includes('/roleDefinitions/')).map((c) => c.status)).toEqual([200]);
    await fake.stop();
    fake = new FakeAzure(gatewayTenant(), certificate);
    await fake.start();
    fake.faults.push({ operation: 'roleAssignments.list', kind: 'denied' });
    const inv = await collect();
    const denied = [
      'unknown',
      undefined,
      'Microsoft.Authorization RoleAssignments_ListForSubscription denied (AuthorizationFailed)',
    ];
    expect(facts(inv, UAI).adminPrivileges).toEqual(denied);
    expect(facts(inv, UAI).wildcardModelAccess).toEqual(denied);
    expect(inv.notes.map((n) => [n.kind, n.api])).toEqual([
      ['denied', 'RoleAssignments_ListForSubscription'],
    ]);
    expect(flows(inv).filter((f) => f[1] === UAI && f[0] !== 'assume-identity')).toEqual([]);
  });
});

describe('role definitions', () => {
  it('notes a denied custom role definition and models none of its grants', async () => {
    fake.faults.push({ operation: 'roleDefinitions.get', kind: 'denied' });
    const inv = await collect();
    expect(inv.notes.map((n) => [n.kind, n.api, n.address])).toEqual([
      ['denied', 'RoleDefinitions_GetById', CUSTOM_ROLE],
    ]);
    // The built-in grants are unaffected.
    expect(flows(inv)).toContainEqual(['invoke', LOCKED, ACCOUNT]);
    expect(inv.assets.some((a) => a.id === `principal:${P_CUSTOM}`)).toBe(false);
  });
});

describe('diagnostic settings', () => {
  it('sets invocationLogging from the log categories and draws log-to to the workspace', async () => {
    const inv = await collect();
    expect(facts(inv, ACCOUNT).invocationLogging).toEqual([
      'explicit',
      true,
      'DiagnosticSettings_List.properties.logs[1].category',
    ]);
    expect(flows(inv)).toContainEqual(['log-to', ACCOUNT, WORKSPACE]);
    expect(facts(inv, WORKSPACE)).toEqual({
      customerManagedKey: [
        'unknown',
        undefined,
        'Log Analytics workspaces and clusters are not read by the live Azure collector',
      ],
      deletionLifecycle: [
        'default',
        true,
        'Microsoft.OperationalInsights/workspaces (retention always applies)',
      ],
    });
  });

  it('turns a 403 on one resource’s settings into a note and an unknown fact', async () => {
    fake.faults.push({ operation: 'diagnosticSettings.list', kind: 'denied', pathIncludes: '/oai-gw/' });
    const inv = await collect();
    expect(facts(inv, ACCOUNT).invocationLogging).toEqual([
      'unknown',
      undefined,
      'Microsoft.Insights DiagnosticSettings_List denied (AuthorizationFailed)',
    ]);
    expect(inv.notes.map((n) => [n.kind, n.api, n.address])).toEqual([
      ['denied', 'DiagnosticSettings_List', ACCOUNT],
    ]);
    expect(inv.assets.some((a) => a.id === WORKSPACE)).toBe(false);
  });
});

describe('calls', () => {
  it('makes only GETs with the right api-version, policies as rawxml, and none twice', async () => {
    await collect();
    const arm = fake.log.filter((c) => c.path.startsWith('/subscriptions/'));
    expect(arm.every((c) => c.method === 'GET')).toBe(true);
    const version = (c: (typeof arm)[number]): string =>
      c.path.includes('/Microsoft.Insights/')
        ? '2017-05-01-preview'
        : c.path.includes('/Microsoft.Authorization/')
          ? '2022-04-01'
          : c.path.includes('/Microsoft.ApiManagement/')
            ? '2024-05-01'
            : '2025-09-01';
    // The other services' calls are tested in their own files.
    const own = arm.filter((c) =>
      /\/Microsoft\.(CognitiveServices|ApiManagement|Authorization|Insights)\//.test(c.path),
    );
    for (const c of own) expect([c.path, c.query['api-version']]).toEqual([c.path, version(c)]);
    expect(arm.filter((c) => c.path.endsWith('/policies/policy')).map((c) => c.query['format'])).toEqual([
      'rawxml',
      'rawxml',
    ]);
    const keys = arm.map((c) => `${c.path} ${c.query['$skipToken'] ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(arm.some((c) => /listKeys|listSecrets/i.test(c.path))).toBe(false);
    // Storage, search and ML are not in this tenant: one diagnostic-settings call per account and service.
    expect(
      arm
        .filter((c) => c.path.endsWith('/diagnosticSettings'))
        .map((c) => c.path.replace('/providers/Microsoft.Insights/diagnosticSettings', ''))
        .sort(),
    ).toEqual([LOCKED, OPEN, ACCOUNT].sort());
  });
});

describe('diagnostic settings of resources other services find', () => {
  const STORAGE = resourceId(SUB, GROUP, 'Microsoft.Storage/storageAccounts', 'stdata');
  const LOGS = resourceId(SUB, GROUP, 'Microsoft.Storage/storageAccounts', 'stlogs');
  const VAULT = resourceId(SUB, GROUP, 'Microsoft.KeyVault/vaults', 'kv');

  it('reads storage data-plane logs on the blob service, and gives a key vault without settings nothing', async () => {
    await fake.stop();
    const base = gatewayTenant();
    fake = new FakeAzure(
      {
        ...base,
        subscriptions: {
          [SUB]: [
            { id: STORAGE, body: { name: 'stdata' } },
            { id: LOGS, body: { name: 'stlogs' } },
            { id: VAULT, body: { name: 'kv' } },
            {
              id: `${STORAGE}/blobServices/default/providers/Microsoft.Insights/diagnosticSettings/blob`,
              body: {
                name: 'blob',
                properties: {
                  storageAccountId: LOGS,
                  logs: [
                    { category: 'StorageDelete', enabled: true },
                    { category: 'StorageRead', enabled: false },
                    { category: 'StorageWrite', enabled: true },
                  ],
                },
              },
            },
          ],
        },
      },
      certificate,
    );
    await fake.start();
    const rt = new AzureRuntime(fakeAzureOptions(fake, certificate));
    const inv = new AzureInventory();
    // As the storage and Key Vault modules would have found them.
    for (const [id, nativeType] of [
      [STORAGE, 'Microsoft.Storage/storageAccounts'],
      [LOGS, 'Microsoft.Storage/storageAccounts'],
      [VAULT, 'Microsoft.KeyVault/vaults'],
    ] as const)
      inv.asset(SUB, { id, kind: 'object-store', nativeType, name: id.split('/').pop() ?? '' });
    for (const id of [STORAGE, LOGS]) inv.logsAt(id, `${id}/blobServices/default`);
    await collectDiagnostics(rt, inv, SUB);
    const built = inv.build([{ id: SUB }], rt.notes);
    expect(facts(built, STORAGE)).toEqual({
      accessLogging: ['explicit', true, 'DiagnosticSettings_List.properties.logs[2].category'],
    });
    expect(facts(built, LOGS)).toEqual({
      accessLogging: ['default', false, 'DiagnosticSettings_List.value'],
    });
    expect(facts(built, VAULT)).toEqual({});
    expect(flows(built)).toEqual([['log-to', STORAGE, LOGS]]);
    expect(
      fake.log
        .filter((c) => c.path.endsWith('/diagnosticSettings'))
        .map((c) => c.path.split('/providers/')[1])
        .sort(),
    ).toEqual([
      'Microsoft.KeyVault/vaults/kv',
      'Microsoft.Storage/storageAccounts/stdata/blobServices/default',
      'Microsoft.Storage/storageAccounts/stlogs/blobServices/default',
    ]);
  });
});
