import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../../src/model/index.js';
import { collectWithFaults } from '../../fake-gcp/client.js';
import { scannedFake } from '../../fake-gcp/scanned.js';
import { FakeGcp, type FakeProject } from '../../fake-gcp/server.js';
import { facts } from '../aws/scan.js';
import { bucket, KEY, kmsKey, PROJECT, REGION, vertex } from './fixture.js';

/**
 * Cloud Logging sinks and log buckets, read from the fake REST API: each sink is a log-sink asset with the CMK
 * and retention of its destination, as google_logging_project_sink gives them, and the resources its filter
 * names log to it.
 */

const LOG = 'logging.googleapis.com';
const sink = (name: string): string => `//${LOG}/projects/${PROJECT}/sinks/${name}`;
const logBucket = (where: string, id: string): string =>
  `//${LOG}/projects/${PROJECT}/locations/${where}/buckets/${id}`;
const dest = (where: string, id: string): string =>
  `${LOG}/projects/${PROJECT}/locations/${where}/buckets/${id}`;
const CHAT = vertex('endpoints', 'chat');

function loggingProject(): FakeProject {
  return {
    vertex: { [REGION]: { endpoints: [{ name: 'chat', displayName: 'chat' }] } },
    storage: {
      buckets: [
        {
          name: 'acme-logs',
          location: 'EUROPE-WEST4',
          iamConfiguration: { publicAccessPrevention: 'enforced' },
          lifecycle: { rule: [{ action: { type: 'Delete' }, condition: { age: 90 } }] },
          encryption: { defaultKmsKeyName: KEY },
        },
      ],
    },
    logging: {
      sinks: [
        {
          name: '_Default',
          destination: dest('global', '_Default'),
          filter: 'NOT LOG_ID("cloudaudit.googleapis.com/activity")',
        },
        {
          name: 'vertex-logs',
          destination: dest(REGION, 'ai-logs'),
          filter: `resource.type="aiplatform.googleapis.com/Endpoint" AND resource.labels.endpoint_id="chat"`,
          writerIdentity: 'serviceAccount:service-1@gcp-sa-logging.iam.gserviceaccount.com',
        },
        {
          name: 'to-gcs',
          destination: 'storage.googleapis.com/acme-logs',
          filter: 'resource.labels.service_name="gone"',
        },
        {
          name: 'to-bq',
          destination: `bigquery.googleapis.com/projects/${PROJECT}/datasets/logs`,
          filter: 'resource.labels.endpoint_id="chat"',
          disabled: true,
        },
        { name: 'to-pubsub', destination: `pubsub.googleapis.com/projects/${PROJECT}/topics/logs` },
        { name: 'bad/name', destination: 'storage.googleapis.com/acme-logs' },
      ],
      buckets: [
        { name: 'global/_Default', lifecycleState: 'ACTIVE' },
        { name: 'global/_Required', retentionDays: 400, locked: true, lifecycleState: 'ACTIVE' },
        {
          name: `${REGION}/ai-logs`,
          retentionDays: 365,
          locked: true,
          cmekSettings: {
            kmsKeyName: KEY,
            serviceAccountId: 'cmek-p1@gcp-sa-logging.iam.gserviceaccount.com',
          },
        },
      ],
    },
  };
}

const scanned = scannedFake(() => new FakeGcp({ [PROJECT]: loggingProject() }));

const flowsOf = (i: Inventory, id: string): [string, string, string, string][] =>
  i.flows
    .filter((f) => f.from === id || f.to === id)
    .map((f) => [f.kind, f.from, f.to, f.evidence.map((e) => e.attribute).join()]);

describe('collectGcp: Cloud Logging sinks', () => {
  it('makes each sink a log-sink asset and no asset of the log buckets', () => {
    const sinks = scanned.inv.assets.filter((a) => a.id.startsWith(`//${LOG}/`));
    expect(sinks.map((a) => [a.id, a.kind, a.nativeType, a.name, a.source.input])).toEqual(
      ['_Default', 'to-bq', 'to-gcs', 'to-pubsub', 'vertex-logs'].map((n) => [
        sink(n),
        'log-sink',
        `${LOG}/LogSink`,
        n,
        `gcp://${PROJECT}`,
      ]),
    );
  });

  it('takes retention, lock and key from a log bucket, with an encrypt-with flow to the key', () => {
    const via = logBucket(REGION, 'ai-logs');
    expect(facts(scanned.inv, sink('vertex-logs'))).toEqual({
      customerManagedKey: ['explicit', true, `${via}.cmekSettings.kmsKeyName`],
      deletionLifecycle: ['explicit', true, `${via}.retentionDays`],
      immutability: ['explicit', true, `${via}.locked`],
    });
    expect(flowsOf(scanned.inv, sink('vertex-logs'))).toEqual([
      ['encrypt-with', sink('vertex-logs'), kmsKey, 'ListBuckets.cmekSettings.kmsKeyName'],
      ['log-to', CHAT, sink('vertex-logs'), 'ListSinks.filter'],
    ]);
  });

  it('reads an absent retention as the default 30 days, and no key as Google-managed', () => {
    const via = logBucket('global', '_Default');
    expect(facts(scanned.inv, sink('_Default'))).toEqual({
      customerManagedKey: ['default', false, `${via}.cmekSettings`],
      deletionLifecycle: ['default', true, `${via}.retentionDays (default 30 days)`],
      immutability: ['default', false, `${via}.locked`],
    });
    expect(flowsOf(scanned.inv, sink('_Default'))).toEqual([]);
  });

  it('takes the facts of a Cloud Storage destination from the bucket, named after it', () => {
    const b = bucket('acme-logs');
    expect(facts(scanned.inv, sink('to-gcs'))).toEqual({
      customerManagedKey: ['explicit', true, `${b}.ListBuckets.encryption.defaultKmsKeyName`],
      deletionLifecycle: ['explicit', true, `${b}.ListBuckets.lifecycle.rule.action.type`],
    });
    // Its filter names a Cloud Run service the scan did not find: no flow.
    expect(flowsOf(scanned.inv, sink('to-gcs'))).toEqual([]);
  });

  it('leaves BigQuery and Pub/Sub destinations unknown, and a disabled sink draws no flow', () => {
    expect(facts(scanned.inv, sink('to-bq'))).toEqual({
      customerManagedKey: [
        'unknown',
        undefined,
        'BigQuery datasets are not read by the live GCP collector yet',
      ],
      deletionLifecycle: [
        'unknown',
        undefined,
        'BigQuery datasets are not read by the live GCP collector yet',
      ],
    });
    expect(flowsOf(scanned.inv, sink('to-bq'))).toEqual([]);
    const why = 'the destination is not a log bucket, Cloud Storage bucket or BigQuery dataset';
    expect(facts(scanned.inv, sink('to-pubsub'))).toEqual({
      customerManagedKey: ['unknown', undefined, why],
      deletionLifecycle: ['unknown', undefined, why],
    });
  });

  it('marks the endpoint a sink’s filter selects as logged, as the mapper does', () => {
    expect(facts(scanned.inv, CHAT)['invocationLogging']).toEqual([
      'explicit',
      true,
      `${sink('vertex-logs')}.filter`,
    ]);
    expect(scanned.inv.notes).toEqual([]);
  });

  it('pages both lists and calls GetProject once for every module', async () => {
    const { calls } = await scan([]);
    // The project's getIamPolicy is counted in iam.test.ts.
    const read = calls.filter(
      (c) => /\/(?:sinks|buckets)(?:\?|$)|\/v3\/(?!.*\/timeSeries)/.test(c) && !c.endsWith(':getIamPolicy'),
    );
    expect(read.sort()).toEqual([
      `GET /v2/projects/${PROJECT}/locations/-/buckets`,
      `GET /v2/projects/${PROJECT}/locations/-/buckets?2`,
      `GET /v2/projects/${PROJECT}/sinks`,
      `GET /v2/projects/${PROJECT}/sinks?2`,
      `GET /v2/projects/${PROJECT}/sinks?4`,
      `GET /v3/projects/${PROJECT}`,
    ]);
  });

  it('notes denied log buckets once; the sinks routing to them get unknown facts naming why', async () => {
    const { inv: got } = await scan([{ collection: 'logBuckets', kind: 'denied' }]);
    expect(got.notes).toEqual([
      {
        kind: 'denied',
        message: `ListBuckets was denied in project ${PROJECT} (all locations, PERMISSION_DENIED); what it would have told is unknown`,
        input: `gcp://${PROJECT}`,
        service: LOG,
        api: 'ListBuckets',
        account: PROJECT,
        errorCode: 'PERMISSION_DENIED',
      },
    ]);
    const why = 'the log buckets: ListBuckets denied (PERMISSION_DENIED)';
    expect(facts(got, sink('vertex-logs'))).toEqual({
      customerManagedKey: ['unknown', undefined, why],
      deletionLifecycle: ['unknown', undefined, why],
    });
    // The filter is still read: the endpoint logs to the sink.
    expect(flowsOf(got, sink('vertex-logs'))).toEqual([
      ['log-to', CHAT, sink('vertex-logs'), 'ListSinks.filter'],
    ]);
  });

  it('skips a disabled Logging API with one note and makes no sink', async () => {
    const { inv: got } = await scan([{ collection: 'sinks', kind: 'disabled' }]);
    expect(got.notes.map((n) => [n.kind, n.api, n.errorCode, n.message])).toEqual([
      [
        'skipped',
        'ListSinks',
        'SERVICE_DISABLED',
        `ListSinks was skipped: ${LOG} is not enabled in project ${PROJECT}; what it would have told is unknown`,
      ],
    ]);
    expect(got.assets.some((a) => a.kind === 'log-sink')).toBe(false);
    expect(facts(got, CHAT)['invocationLogging']).toEqual([
      'default',
      false,
      'ListEndpoints.predictRequestResponseLoggingConfig.enabled',
    ]);
  });
});

async function scan(
  faults: Parameters<typeof collectWithFaults>[1],
): Promise<{ inv: Inventory; calls: string[] }> {
  const got = await collectWithFaults(scanned.fake, faults);
  return { inv: got, calls: scanned.fake.apiCalls() };
}
