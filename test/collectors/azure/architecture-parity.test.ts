import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { armId } from '../../../collectors/azure/ids.js';
import { collectAzure } from '../../../collectors/azure/index.js';
import { scanFilesSync, type ScanResult } from '../../../src/scan.js';
import { makeTestCertificate } from '../../fake-azure/cert.js';
import { fakeAzureOptions } from '../../fake-azure/client.js';
import { FakeAzure, type FakeTenant } from '../../fake-azure/server.js';
import { assetById, expectSameBut, factValues, flowsOf, scanFake, threatsOf } from '../live-parity.js';
import { APPI, architecture, DEPLOYED, PLAN, SUB } from './architecture-fixture.js';

/**
 * Whole-architecture parity: fixtures/reference-architecture/azure/plan.json scanned as a plan, and the same
 * architecture as deployed (./architecture-fixture.ts) scanned live from the fake ARM, give the same assets, facts,
 * flows, zones and threats once plan addresses are read as the ARM ids of the resources deployed from them.
 * Expected differences, each asserted exactly below (the live side is unknown where it cannot see, never a guess):
 * - azurerm_application_insights.ml: Application Insights components are not read live, so there is no asset for
 *   it and no log-to flow from it to the Log Analytics workspace (the workspace's log-to flow to it is drawn).
 * - azurerm_log_analytics_workspace.main: not read live either; the asset made from the diagnostic setting that
 *   names it has customerManagedKey unknown, and deletionLifecycle true (a workspace always has a retention),
 *   while the plan gives customerManagedKey false by default and deletionLifecycle unknown (retention after apply).
 * - azurerm_machine_learning_workspace.main plaintextSecrets: the plan sets it from the datastore's `account_key`,
 *   a secret in Terraform state; ARM returns no datastore credential, so live there is no such fact.
 * - azurerm_user_assigned_identity.training externalTrust: federated identity credentials are not read live
 *   (unknown); the plan has none (false).
 * - azurerm_api_management.gw requestValidation and wafProtected: operation policies and Application Gateways are
 *   not read live (unknown); the plan has no validate-content and no gateway (false).
 * - threats that follow from these facts: TG-IAM-005 (plaintext secrets) and TG-DATA-007 (no deletion lifecycle on
 *   the workspace, possible) only from the plan; TG-IAM-002 (external trust, possible) only live; TG-INF-003 and
 *   TG-INF-013 (request validation, WAF) possible live where the plan confirms them; TG-LOG-002 possible and low
 *   live (customer-managed key unknown) where the plan confirms it at medium.
 * The last case reads the same subscription with its resource group spelled in other cases (in the resources' own
 * ids and in their references to one another), as ARM returns it: ids meet through `armId`, on the plan side too.
 */

const WORKSPACE = 'azurerm_log_analytics_workspace.main';
const APP_INSIGHTS = 'azurerm_application_insights.ml';

/** Facts whose live value differs from the plan's, by plan address. */
const FACTS_LIVE: Readonly<Record<string, Record<string, unknown>>> = {
  [WORKSPACE]: { customerManagedKey: 'unknown', deletionLifecycle: true },
  'azurerm_user_assigned_identity.training': { externalTrust: 'unknown' },
  'azurerm_api_management.gw': { requestValidation: 'unknown', wafProtected: 'unknown' },
};
/** Facts the plan gives that the live side has not at all. */
const FACTS_PLAN_ONLY: Readonly<Record<string, Record<string, unknown>>> = {
  'azurerm_machine_learning_workspace.main': { plaintextSecrets: true },
};
const FLOWS_PLAN_ONLY = [`log-to ${APPI} -> ${DEPLOYED[WORKSPACE] ?? ''}`];
/** Threats as `rule asset confidence severity`. */
const THREATS_PLAN_ONLY = [
  `TG-IAM-005 ${DEPLOYED['azurerm_machine_learning_workspace.main'] ?? ''} confirmed high`,
  `TG-DATA-007 ${DEPLOYED[WORKSPACE] ?? ''} possible medium`,
  `TG-INF-003 ${DEPLOYED['azurerm_api_management.gw'] ?? ''} confirmed medium`,
  `TG-INF-013 ${DEPLOYED['azurerm_api_management.gw'] ?? ''} confirmed medium`,
  `TG-LOG-002 ${DEPLOYED[WORKSPACE] ?? ''} confirmed medium`,
];
const THREATS_LIVE_ONLY = [
  `TG-IAM-002 ${DEPLOYED['azurerm_user_assigned_identity.training'] ?? ''} possible high`,
  `TG-INF-003 ${DEPLOYED['azurerm_api_management.gw'] ?? ''} possible medium`,
  `TG-INF-013 ${DEPLOYED['azurerm_api_management.gw'] ?? ''} possible medium`,
  `TG-LOG-002 ${DEPLOYED[WORKSPACE] ?? ''} possible low`,
];

/** The ARM id a plan address stands for (flow ends and threat assets are compared in live ids). */
const live = (address: string): string => DEPLOYED[address] ?? `unmapped ${address}`;

async function scanLive(tenant: FakeTenant): Promise<ScanResult> {
  const certificate = makeTestCertificate();
  const fake = new FakeAzure(tenant, certificate);
  return scanFake(fake, () => collectAzure(fakeAzureOptions(fake, certificate)));
}

let planScan: ScanResult;
let liveScan: ScanResult;

beforeAll(async () => {
  planScan = scanFilesSync([PLAN]);
  liveScan = await scanLive(architecture());
});

describe('live Azure vs plan parity (whole reference architecture)', () => {
  it('finds every asset of the plan, but Application Insights, and nothing else, without a coverage note', () => {
    expect(planScan.inventory.assets.map((a) => a.id).sort()).toEqual(Object.keys(DEPLOYED).sort());
    expect(liveScan.inventory.assets.map((a) => a.id).sort()).toEqual(
      Object.entries(DEPLOYED)
        .filter(([address]) => address !== APP_INSIGHTS)
        .map(([, id]) => id)
        .sort(),
    );
    expect(liveScan.inventory.notes).toEqual([]);
  });

  it('spells the ids the plan knows (the landing zone, from prior state) as the live side does', () => {
    interface Module {
      resources?: { address: string; values: { id?: unknown } }[];
      child_modules?: Module[];
    }
    const plan = JSON.parse(readFileSync(PLAN, 'utf8')) as { planned_values: { root_module: Module } };
    const known: [string, string][] = [];
    (function walk(m: Module): void {
      for (const r of m.resources ?? [])
        if (typeof r.values.id === 'string' && r.address in DEPLOYED)
          known.push([r.address, armId(r.values.id)]);
      for (const c of m.child_modules ?? []) walk(c);
    })(plan.planned_values.root_module);
    expect(known).toEqual(known.map(([address]) => [address, DEPLOYED[address]]));
    expect(known.map(([address]) => address)).toEqual([
      'azurerm_virtual_network.main',
      'azurerm_subnet.private_endpoints',
      'azurerm_subnet.training',
      'azurerm_subnet.appgw',
    ]);
  });

  it.each(Object.keys(DEPLOYED).filter((a) => a !== APP_INSIGHTS))(
    '%s has the same kind, facts and zone live',
    (address) => {
      const p = assetById(planScan.inventory, address);
      const l = assetById(liveScan.inventory, live(address));
      expect(l.kind).toBe(p.kind);
      const planOnly = FACTS_PLAN_ONLY[address] ?? {};
      const planFacts = factValues(p);
      for (const [k, v] of Object.entries(planOnly)) expect([k, planFacts[k]]).toEqual([k, v]);
      const expected = Object.fromEntries(
        Object.entries({ ...planFacts, ...FACTS_LIVE[address] }).filter(([k]) => !(k in planOnly)),
      );
      for (const [k, v] of Object.entries(FACTS_LIVE[address] ?? {}))
        expect([k, factValues(p)[k]]).not.toEqual([k, v]);
      expect(factValues(l)).toEqual(expected);
      const zone = (s: ScanResult, id: string): string => s.graph.getNodeAttribute(id, 'zone').zone;
      expect(zone(liveScan, l.id)).toBe(zone(planScan, address));
    },
  );

  it('draws the same flows, but the one from Application Insights', () => {
    const planFlows = flowsOf(planScan, live);
    expectSameBut(
      planFlows,
      flowsOf(liveScan, (x) => x),
      FLOWS_PLAN_ONLY,
      [],
    );
    expect(planFlows).toHaveLength(24);
  });

  it('emits the same threats, but those of the facts that differ', () => {
    const planThreats = threatsOf(planScan, live);
    expectSameBut(
      planThreats,
      threatsOf(liveScan, (x) => x),
      THREATS_PLAN_ONLY,
      THREATS_LIVE_ONLY,
    );
    expect(planThreats).toHaveLength(29);
    // The model deployment runs under Microsoft.DefaultV2 (unset in the plan, named and listed live), which
    // screens its prompts: neither side reports it, or its account, as an LLM path without a guardrail.
    expect(
      [...planThreats, ...threatsOf(liveScan, (x) => x)].filter((t) => t.startsWith('TG-ORCH-001')),
    ).toEqual([]);
  });
});

/** `resourceGroups/rg-aiapp-prod` spelled as ARM also returns it: `RG-AIAPP-PROD`, `resourcegroups/...`. */
const upper = (id: string): string =>
  id.replace(/\/resourceGroups\/rg-aiapp-prod/i, '/resourceGroups/RG-AIAPP-PROD');
const lower = (id: string): string => id.replace(/\/resourceGroups\//i, '/resourcegroups/');

describe('live Azure resource group case', () => {
  it('gives the same inventory when ARM spells the resource group in other cases', async () => {
    let n = 0;
    const mixed = architecture((x) => (n++ % 2 === 0 ? upper(x) : lower(upper(x))));
    // The resources' own ids too: every third one as ARM might list it.
    const listed = (mixed.subscriptions[SUB] ?? []).map((r, i) =>
      i % 3 === 0 ? { ...r, id: upper(r.id) } : r,
    );
    expect(n).toBeGreaterThan(10);
    expect(listed.filter((r) => r.id.includes('/RG-AIAPP-PROD/')).length).toBe(10);
    const respelled = await scanLive({ ...mixed, subscriptions: { [SUB]: listed } });
    // Whole assets and flows: ids, sources, facts with their evidence, flow evidence.
    expect(respelled.inventory.assets).toEqual(liveScan.inventory.assets);
    expect(respelled.inventory.flows).toEqual(liveScan.inventory.flows);
    expect(threatsOf(respelled, (x) => x)).toEqual(threatsOf(liveScan, (x) => x));
    expect(respelled.inventory.notes).toEqual([]);
  });
});
