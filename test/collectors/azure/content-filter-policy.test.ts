import { beforeAll, describe, expect, it } from 'vitest';
import { collectAzure } from '../../../collectors/azure/index.js';
import { scanInventory, type ScanResult } from '../../../src/scan.js';
import { makeTestCertificate } from '../../fake-azure/cert.js';
import { fakeAzureOptions } from '../../fake-azure/client.js';
import { cognitiveAccount, resourceId, resourceTree } from '../../fake-azure/resources.js';
import { FakeAzure, type FakeResource, type FakeTenant, type Json } from '../../fake-azure/server.js';
import { inventoryOf, type TestResource } from '../terraform/azurerm/plan-builder.js';
import { assetById, factValues, scanFake } from '../live-parity.js';

/**
 * The content filter policy of an Azure OpenAI deployment, one case per account, judged from a plan and from a live
 * scan of the same deployments: none named (the built-in default), the built-in Microsoft.DefaultV2 and
 * Microsoft.Default, a custom policy whose Prompt Shields are off, one that blocks nothing on prompts, and a name
 * the input does not define. Live, ARM lists the system-managed policies with their filters (see
 * test/fake-azure/resources.ts); the plan knows them by name only.
 */

const SUB = '44444444-5555-6666-7777-888888888888';
const GROUP = 'rg-filters';

interface Filter {
  readonly name: string;
  readonly source: 'Prompt' | 'Completion';
  readonly on: boolean;
}
const HARMS = ['Hate', 'Sexual', 'Violence', 'Selfharm'];
const SHIELDS_OFF: Filter[] = [
  { name: 'Jailbreak', source: 'Prompt', on: false },
  { name: 'Indirect Attack', source: 'Prompt', on: false },
];
const harms = (source: Filter['source']): Filter[] => HARMS.map((name) => ({ name, source, on: true }));
/** Custom policies by name: Prompt Shields off but the harm categories screened on prompts, or nothing on prompts. */
const CUSTOM: Readonly<Record<string, readonly Filter[]>> = {
  'no-jailbreak': [...SHIELDS_OFF, ...harms('Prompt'), ...harms('Completion')],
  'prompts-open': [...SHIELDS_OFF, ...harms('Completion')],
};
/** Each case's account and the policy its one deployment names. */
const CASES: Readonly<Record<string, string | undefined>> = {
  bare: undefined,
  v2: 'Microsoft.DefaultV2',
  v1: 'Microsoft.Default',
  nojb: 'no-jailbreak',
  open: 'prompts-open',
  elsewhere: 'elsewhere',
};

const accountId = (c: string): string =>
  resourceId(SUB, GROUP, 'Microsoft.CognitiveServices/accounts', `oai-${c}`);
/** Plan address → ARM id, for every asset the cases give. */
const IDS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(CASES).flatMap(([c, policy]): [string, string][] => [
    [`azurerm_cognitive_account.${c}`, accountId(c)],
    [`azurerm_cognitive_deployment.${c}`, `${accountId(c)}/deployments/gpt`],
    ...(policy !== undefined && policy in CUSTOM
      ? [
          [`azurerm_cognitive_account_rai_policy.${c}`, `${accountId(c)}/raiPolicies/${policy}`] as [
            string,
            string,
          ],
        ]
      : []),
  ]),
);

function planResources(): TestResource[] {
  return Object.entries(CASES).flatMap(([c, policy]): TestResource[] => {
    const custom = policy === undefined ? undefined : CUSTOM[policy];
    const account = `azurerm_cognitive_account.${c}`;
    return [
      {
        address: account,
        values: { name: `oai-${c}`, kind: 'OpenAI', public_network_access_enabled: false },
        unknown: { id: true },
      },
      {
        address: `azurerm_cognitive_deployment.${c}`,
        values: { name: 'gpt', ...(policy === undefined ? {} : { rai_policy_name: policy }) },
        unknown: { cognitive_account_id: true },
        refs: {
          cognitive_account_id: `${account}.id`,
          ...(custom === undefined
            ? {}
            : { rai_policy_name: `azurerm_cognitive_account_rai_policy.${c}.name` }),
        },
      },
      ...(custom === undefined
        ? []
        : [
            {
              address: `azurerm_cognitive_account_rai_policy.${c}`,
              values: {
                name: policy ?? '',
                mode: 'Blocking',
                content_filter: custom.map((f) => ({
                  name: f.name,
                  filter_enabled: f.on,
                  block_enabled: f.on,
                  source: f.source,
                })),
              },
              unknown: { cognitive_account_id: true },
              refs: { cognitive_account_id: `${account}.id` },
            },
          ]),
    ];
  });
}

function tenant(): FakeTenant {
  const resources: FakeResource[] = Object.entries(CASES).flatMap(([c, policy]) => {
    const custom = policy === undefined ? undefined : CUSTOM[policy];
    const properties: Record<string, Json> = { model: { format: 'OpenAI', name: 'gpt-4o' } };
    if (policy !== undefined) properties['raiPolicyName'] = policy;
    return [
      ...cognitiveAccount(
        SUB,
        GROUP,
        {
          name: `oai-${c}`,
          kind: 'OpenAI',
          location: 'swedencentral',
          properties: { publicNetworkAccess: 'Disabled' },
        },
        // No raiPolicyName for `bare`: as API versions before ARM named Microsoft.DefaultV2 return it.
        [{ name: 'gpt', properties }],
      ),
      ...(custom === undefined
        ? []
        : resourceTree(`${accountId(c)}/raiPolicies/${policy ?? ''}`, {
            properties: {
              type: 'UserManaged',
              mode: 'Blocking',
              basePolicyName: 'Microsoft.DefaultV2',
              contentFilters: custom.map((f) => ({
                name: f.name,
                enabled: f.on,
                blocking: f.on,
                source: f.source,
              })),
            },
          })),
    ];
  });
  return {
    tenantId: '99999999-8888-7777-6666-555555555555',
    clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    clientSecret: 'fake-client-secret',
    subscriptions: { [SUB]: resources },
  };
}

const GUARDRAIL_RULES = ['TG-ORCH-001', 'TG-ORCH-002', 'TG-ORCH-003', 'TG-MODEL-011'];
const guardrailThreats = (s: ScanResult, id: (x: string) => string): string[] =>
  s.threats
    .filter((t) => GUARDRAIL_RULES.includes(t.ruleId))
    .map((t) => `${t.ruleId} ${t.assets.map(id).join(',')} ${t.confidence}`)
    .sort();
const FILTER_FACTS = [
  'guardrailAttached',
  'promptAttackFilter',
  'sensitiveDataFilter',
  'harmfulContentFilter',
];
const filterValues = (s: ScanResult, id: string): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(factValues(assetById(s.inventory, id))).filter(([k]) => FILTER_FACTS.includes(k)),
  );

let plan: ScanResult;
let live: ScanResult;

beforeAll(async () => {
  plan = scanInventory(inventoryOf(planResources()));
  const certificate = makeTestCertificate();
  const fake = new FakeAzure(tenant(), certificate);
  live = await scanFake(fake, () => collectAzure(fakeAzureOptions(fake, certificate)));
});

const screened = {
  guardrailAttached: true,
  promptAttackFilter: true,
  sensitiveDataFilter: false,
  harmfulContentFilter: true,
};
/** The deployment's filter facts per case, from the plan. */
const PLAN_FACTS: Readonly<Record<string, Record<string, unknown>>> = {
  // The documented default (Microsoft.DefaultV2): harm categories and Jailbreak, no indirect attacks, no PII.
  bare: screened,
  v2: screened,
  // Documented for the harm categories only.
  v1: { ...screened, promptAttackFilter: 'unknown', sensitiveDataFilter: 'unknown' },
  // Prompt Shields off; the harm categories still screen prompts.
  nojb: { ...screened, promptAttackFilter: false },
  open: { ...screened, guardrailAttached: false, promptAttackFilter: false },
  elsewhere: {
    guardrailAttached: true,
    promptAttackFilter: 'unknown',
    sensitiveDataFilter: 'unknown',
    harmfulContentFilter: 'unknown',
  },
};
/** Where the live side differs: it reads Microsoft.Default's filters (in the fake, the harm categories only). */
const LIVE_FACTS: Readonly<Record<string, Record<string, unknown>>> = {
  v1: { promptAttackFilter: false, sensitiveDataFilter: false },
};

describe('content filter policy of a deployment, plan and live', () => {
  it.each(Object.keys(CASES))(
    '%s: the deployment and its account get the filter facts of its policy',
    (c) => {
      const deployment = `azurerm_cognitive_deployment.${c}`;
      expect(filterValues(plan, deployment)).toEqual(PLAN_FACTS[c]);
      expect(filterValues(live, IDS[deployment] ?? '')).toEqual({ ...PLAN_FACTS[c], ...LIVE_FACTS[c] });
      for (const s of [plan, live]) {
        const account =
          s === plan ? `azurerm_cognitive_account.${c}` : (IDS[`azurerm_cognitive_account.${c}`] ?? '');
        expect(factValues(assetById(s.inventory, account)).guardrailAttached).toBe(
          PLAN_FACTS[c]?.guardrailAttached,
        );
      }
    },
  );

  it('says where the default judgement comes from, and what it leaves out', () => {
    const unset = 'rai_policy_name (unset: built-in default policy Microsoft.DefaultV2)';
    expect(assetById(plan.inventory, 'azurerm_cognitive_deployment.bare').facts.promptAttackFilter).toEqual({
      state: 'default',
      value: true,
      attribute: `${unset}: Jailbreak blocked on prompts; indirect attacks not screened`,
    });
    // Live, Microsoft.DefaultV2 is judged from the filters ARM lists for it.
    expect(
      assetById(live.inventory, IDS['azurerm_cognitive_deployment.v2'] ?? '').facts.promptAttackFilter,
    ).toEqual({
      state: 'explicit',
      value: true,
      attribute: 'RaiPolicies_List.properties.contentFilters[8] Jailbreak',
    });
  });

  it('reports the missing prompt screening where a policy blocks nothing on prompts, and the custom policies’ gaps', () => {
    const expected = [
      `TG-ORCH-001 azurerm_cognitive_account.open confirmed`,
      `TG-ORCH-001 azurerm_cognitive_deployment.open confirmed`,
      `TG-ORCH-002 azurerm_cognitive_account_rai_policy.nojb confirmed`,
      `TG-ORCH-002 azurerm_cognitive_account_rai_policy.open confirmed`,
      `TG-ORCH-003 azurerm_cognitive_account_rai_policy.nojb confirmed`,
      `TG-ORCH-003 azurerm_cognitive_account_rai_policy.open confirmed`,
    ];
    // Exactly these: none for no policy, the built-in policies or a policy defined elsewhere.
    expect(guardrailThreats(plan, (x) => x)).toEqual(expected);
    // The same threats live; the system-managed policies are no guardrail assets, so nothing is reported on them.
    expect(guardrailThreats(live, (x) => x)).toEqual(
      expected.map((t) => t.replace(/ (\S+) /, (_m, a: string) => ` ${IDS[a] ?? a} `)).sort(),
    );
  });
});
