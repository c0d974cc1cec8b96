import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectGcp } from '../../../collectors/gcp/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { scanFilesSync } from '../../../src/scan.js';
import { fakeGcpOptions } from '../../fake-gcp/client.js';
import { FakeGcp } from '../../fake-gcp/server.js';
import { assetById, factValues } from '../live-parity.js';

/**
 * Parity with fixtures/reference-architecture/gcp/plan.json for the logs and the sign-in: the inference log sink
 * routing to the logs bucket, and the Identity Platform config, as the Logging, Storage and Identity Toolkit
 * APIs return them once deployed. Expected differences:
 * - the plan's log-to flow from the Cloud Run service its filter names (service_name="llm-inference") has no
 *   live counterpart: the live collector reads no Cloud Run services, so the filter names no asset of the scan;
 * - the plan's authenticate flow from the API gateway to the Identity Platform config is not live either (no
 *   API Gateway collector);
 * - live, the project's built-in _Default and _Required sinks are log-sink assets too; the plan manages neither;
 * - the plan has no service perimeter, so perimeters are compared in perimeters.test.ts only.
 */

const PROJECT = 'acme-ml-prod';
const SINK = `//logging.googleapis.com/projects/${PROJECT}/sinks/llm-inference-logs`;
const IDP = `//identitytoolkit.googleapis.com/projects/${PROJECT}/config`;
const SAME: Record<string, string> = {
  'google_logging_project_sink.inference': SINK,
  'google_identity_platform_config.auth': IDP,
};
const builtIn = (id: string): string =>
  `logging.googleapis.com/projects/${PROJECT}/locations/global/buckets/${id}`;

let fake: FakeGcp;
let plan: Inventory;
let live: Inventory;

beforeAll(async () => {
  plan = scanFilesSync(['fixtures/reference-architecture/gcp/plan.json']).inventory;
  fake = new FakeGcp({
    [PROJECT]: {
      vertex: {},
      storage: {
        buckets: [
          {
            name: 'acme-ml-prod-logs',
            location: 'EUROPE-WEST4',
            storageClass: 'STANDARD',
            labels: { system: 'llm-chat', element: 'logs' },
            iamConfiguration: { publicAccessPrevention: 'inherited' },
          },
        ],
      },
      logging: {
        sinks: [
          {
            name: '_Required',
            destination: builtIn('_Required'),
            filter: 'LOG_ID("cloudaudit.googleapis.com/activity")',
          },
          {
            name: '_Default',
            destination: builtIn('_Default'),
            filter: 'NOT LOG_ID("cloudaudit.googleapis.com/activity")',
          },
          {
            name: 'llm-inference-logs',
            destination: 'storage.googleapis.com/acme-ml-prod-logs',
            filter: 'resource.type="cloud_run_revision" AND resource.labels.service_name="llm-inference"',
            description: 'Model server request and container logs',
            writerIdentity: 'serviceAccount:service-123@gcp-sa-logging.iam.gserviceaccount.com',
          },
        ],
        buckets: [
          { name: 'global/_Default', retentionDays: 30, lifecycleState: 'ACTIVE' },
          { name: 'global/_Required', retentionDays: 400, locked: true, lifecycleState: 'ACTIVE' },
        ],
      },
      identityPlatform: {
        signIn: {
          email: { enabled: true, passwordRequired: true },
          anonymous: { enabled: false },
          allowDuplicateEmails: false,
        },
        authorizedDomains: ['localhost', 'acme-ml-prod.firebaseapp.com', 'chat.acme.example'],
        mfa: { state: 'DISABLED' },
        autodeleteAnonymousUsers: false,
        subtype: 'IDENTITY_PLATFORM',
      },
    },
  });
  await fake.start();
  live = await collectGcp(fakeGcpOptions(fake, { locations: ['europe-west4'] }));
}, 60_000);

afterAll(async () => {
  await fake.stop();
});

describe('live GCP vs plan parity (Cloud Logging sinks and Identity Platform)', () => {
  it.each(Object.entries(SAME))('%s has the same kind, name and fact values live', (address, id) => {
    const p = assetById(plan, address);
    const l = assetById(live, id);
    expect(l.kind).toBe(p.kind);
    expect(l.name).toBe(p.name);
    expect(factValues(l)).toEqual(factValues(p));
  });

  it('gives the sink the facts of its destination bucket on both sides, read from the same fields', () => {
    const p = assetById(plan, 'google_logging_project_sink.inference').facts;
    const l = assetById(live, SINK).facts;
    expect([p.customerManagedKey?.state, p.deletionLifecycle?.state]).toEqual(['default', 'default']);
    expect([l.customerManagedKey?.state, l.deletionLifecycle?.state]).toEqual(['default', 'default']);
  });

  it('differs only as the doc comment says: no Cloud Run or API Gateway flow live, and the built-in sinks', () => {
    const planned = plan.flows.filter((f) => Object.keys(SAME).some((a) => f.from === a || f.to === a));
    expect(planned.map((f) => [f.kind, f.from, f.to])).toEqual([
      ['authenticate', 'google_api_gateway_gateway.llm', 'google_identity_platform_config.auth'],
      ['log-to', 'google_cloud_run_v2_service.inference', 'google_logging_project_sink.inference'],
    ]);
    expect(live.flows.filter((f) => [SINK, IDP].includes(f.from) || [SINK, IDP].includes(f.to))).toEqual([]);
    expect(live.assets.filter((a) => a.kind === 'log-sink').map((a) => a.name)).toEqual([
      '_Default',
      '_Required',
      'llm-inference-logs',
    ]);
    expect(plan.assets.some((a) => a.nativeType === 'google_access_context_manager_service_perimeter')).toBe(
      false,
    );
    expect(live.notes).toEqual([]);
  });
});
