import { beforeAll, describe, expect, it } from 'vitest';
import { collectGcp } from '../../../collectors/gcp/index.js';
import { scanFilesSync, type ScanResult } from '../../../src/scan.js';
import { fakeGcpOptions } from '../../fake-gcp/client.js';
import { answered, FakeGcp, readOnly } from '../../fake-gcp/server.js';
import { assetById, expectSameBut, factValues, flowsOf, scanFake, threatsOf } from '../live-parity.js';
import {
  architecture,
  DEFAULT_SA,
  DEFAULT_SUBNET,
  DEPLOYED,
  email,
  LOG_SINK,
  PLAN,
  PROJECT,
  REGION,
  saId,
  SINK_WRITER,
} from './architecture-fixture.js';

/**
 * Whole-architecture parity: fixtures/reference-architecture/gcp/plan.json scanned as a plan, and the same
 * architecture as deployed (./architecture-fixture.ts) scanned live from the fake Google APIs, give the same
 * assets, facts, flows, zones and threats once plan addresses are read as the full resource names of the
 * resources deployed from them (the API config's hash-URL backend resolves to the Cloud Run service that reports
 * that URL). Expected differences, each asserted exactly below (the live side sees what Google fills in at apply):
 * - the project's default compute service account is listed live, with the automatic roles/editor grant
 *   (adminPrivileges true); the plan does not model it. google_workbench_instance.research names no service
 *   account in the plan (an unresolved-link note, no flow); deployed it runs as that account: an assume-identity
 *   flow to it live, and from it TG-IAM-001 (admin identity) and TG-STRIDE-004 (a workload with an admin identity);
 * - the Workbench instance's privateNetwork: the plan leaves network_interfaces empty (unknown: Google picks the
 *   network at apply), the deployed instance reports the default VPC's subnetwork (true, a network flow to it);
 *   so TG-DEV-004 (a notebook maybe on a public network, possible) only from the plan;
 * - the built-in _Default and _Required log sinks are log-sink assets live; the plan manages neither;
 * - google_storage_bucket_iam_member.sink_writer: its member is the sink's writer identity, known only after
 *   apply (no plan flow); live the logging service agent holds the grant, a write flow from it to the logs bucket;
 * - the plan's deploy flow from the training persistent resource to the Cloud Run service, which the mapper
 *   derives from the training account's write grant on the model bucket the service loads: the live collector
 *   draws the grant's write and the service's read, not the deploy flow across them;
 * - the service accounts' names: the plan names them by `name` (known before apply for two of them), else
 *   `display_name`; the live collector by email.
 */

const WORKBENCH = 'google_workbench_instance.research';
const PERSISTENT = 'google_vertex_ai_persistent_resource.training';
const RUN = 'google_cloud_run_v2_service.inference';

/** The full resource name a plan address stands for (flow ends and threat assets are compared in live ids). */
const live = (address: string): string => DEPLOYED[address] ?? `unmapped ${address}`;
const D = (address: string): string => DEPLOYED[address] ?? '';

const ASSETS_LIVE_ONLY = [saId(DEFAULT_SA), LOG_SINK('_Default'), LOG_SINK('_Required')];
/** Facts whose live value differs from the plan's, by plan address. */
const FACTS_LIVE: Readonly<Record<string, Record<string, unknown>>> = {
  [WORKBENCH]: { privateNetwork: true },
};
/** Asset names that differ live, by plan address: the plan's, then the live one. */
const NAMES: Readonly<Record<string, readonly [string, string]>> = {
  'google_service_account.gateway': [
    `projects/${PROJECT}/serviceAccounts/${email('sa-llm-gateway')}`,
    email('sa-llm-gateway'),
  ],
  'google_service_account.inference': [
    `projects/${PROJECT}/serviceAccounts/${email('sa-inference')}`,
    email('sa-inference'),
  ],
  'google_service_account.training': ['Training cluster runtime', email('sa-training')],
};
const FLOWS_PLAN_ONLY = [`deploy ${D(PERSISTENT)} -> ${D(RUN)}`];
const FLOWS_LIVE_ONLY = [
  `assume-identity ${D(WORKBENCH)} -> ${saId(DEFAULT_SA)}`,
  `network ${D(WORKBENCH)} -> ${DEFAULT_SUBNET}`,
  `write ${saId(SINK_WRITER)} -> ${D('google_storage_bucket.logs')}`,
];
/** Threats as `rule assets confidence severity`. */
const THREATS_PLAN_ONLY = [`TG-DEV-004 ${D(WORKBENCH)} possible medium`];
const THREATS_LIVE_ONLY = [
  `TG-IAM-001 ${saId(DEFAULT_SA)} confirmed high`,
  `TG-STRIDE-004 ${[saId(DEFAULT_SA), D(WORKBENCH)].sort().join(',')} confirmed medium`,
];

let fake: FakeGcp;

async function scanLive(): Promise<ScanResult> {
  fake = new FakeGcp({ [PROJECT]: architecture() });
  return scanFake(fake, () => collectGcp(fakeGcpOptions(fake, { locations: [REGION] })));
}

let planScan: ScanResult;
let liveScan: ScanResult;

// The 60 s bound: building the clients takes seconds of CPU, more on a loaded machine.
beforeAll(async () => {
  planScan = scanFilesSync([PLAN]);
  liveScan = await scanLive();
}, 60_000);

describe('live GCP vs plan parity (whole reference architecture)', () => {
  it('finds every asset of the plan and the three Google makes, without a coverage note', () => {
    expect(planScan.inventory.assets.map((a) => a.id).sort()).toEqual(Object.keys(DEPLOYED).sort());
    expect(liveScan.inventory.assets.map((a) => a.id).sort()).toEqual(
      [...Object.values(DEPLOYED), ...ASSETS_LIVE_ONLY].sort(),
    );
    expect(liveScan.inventory.notes).toEqual([]);
    // Read-only, every call answered as in a healthy project, none made twice.
    expect(fake.log.every((c) => readOnly(c) && answered(c))).toBe(true);
    expect(new Set(fake.apiCalls()).size).toBe(fake.apiCalls().length);
    expect(planScan.inventory.notes.map((n) => [n.kind, n.address])).toEqual([
      ['unresolved-link', WORKBENCH],
      ['unsupported-type', undefined],
    ]);
  });

  it.each(Object.keys(DEPLOYED))('%s has the same kind, name, tags, facts and zone live', (address) => {
    const p = assetById(planScan.inventory, address);
    const l = assetById(liveScan.inventory, live(address));
    const [planName, liveName] = NAMES[address] ?? [p.name, p.name];
    expect([p.name, l.kind, l.name, l.tags]).toEqual([planName, p.kind, liveName, p.tags]);
    for (const [k, v] of Object.entries(FACTS_LIVE[address] ?? {}))
      expect([k, factValues(p)[k]]).not.toEqual([k, v]);
    expect(factValues(l)).toEqual({ ...factValues(p), ...FACTS_LIVE[address] });
    const zone = (s: ScanResult, id: string): string => s.graph.getNodeAttribute(id, 'zone').zone;
    expect(zone(liveScan, l.id)).toBe(zone(planScan, address));
  });

  it('gives the live-only assets the facts of what Google made', () => {
    expect(ASSETS_LIVE_ONLY.map((id) => [assetById(liveScan.inventory, id).kind])).toEqual([
      ['identity'],
      ['log-sink'],
      ['log-sink'],
    ]);
    expect(factValues(assetById(liveScan.inventory, saId(DEFAULT_SA)))).toEqual({
      adminPrivileges: true,
      externalTrust: false,
      wildcardModelAccess: false,
    });
  });

  it('reads what the plan reads from other resources from the same fields', () => {
    // roles/editor in the project policy makes the training account an admin, as the plan's project_iam_member.
    expect(assetById(liveScan.inventory, D('google_service_account.training')).facts.adminPrivileges).toEqual(
      {
        state: 'explicit',
        value: true,
        attribute: 'Projects.GetIamPolicy.bindings',
      },
    );
    // The sink takes its destination bucket's encryption and lifecycle, by default on both sides.
    const sink = (s: ScanResult, id: string): (string | undefined)[] => {
      const f = assetById(s.inventory, id).facts;
      return [f.customerManagedKey?.state, f.deletionLifecycle?.state];
    };
    const SINK = 'google_logging_project_sink.inference';
    expect(sink(planScan, SINK)).toEqual(['default', 'default']);
    expect(sink(liveScan, D(SINK))).toEqual(['default', 'default']);
  });

  it('draws the same flows, the gateway’s invoke by the hash URL too, but those of the doc comment', () => {
    const planFlows = flowsOf(planScan, live);
    const liveFlows = flowsOf(liveScan, (x) => x);
    expectSameBut(planFlows, liveFlows, FLOWS_PLAN_ONLY, FLOWS_LIVE_ONLY);
    expect(liveFlows).toContain(`invoke ${D('google_api_gateway_gateway.llm')} -> ${D(RUN)}`);
    expect(planFlows).toHaveLength(15);
  });

  it('emits the same threats, but those of the differences', () => {
    const planThreats = threatsOf(planScan, live);
    expectSameBut(
      planThreats,
      threatsOf(liveScan, (x) => x),
      THREATS_PLAN_ONLY,
      THREATS_LIVE_ONLY,
    );
    expect(planThreats).toHaveLength(26);
  });
});
