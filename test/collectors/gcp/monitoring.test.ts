import { describe, expect, it } from 'vitest';
import { collectGcp } from '../../../collectors/gcp/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { collectWithFaults, fakeGcpOptions } from '../../fake-gcp/client.js';
import { scannedFake } from '../../fake-gcp/scanned.js';
import { INVOCATIONS, PUBLISHER_MODEL } from '../../fake-gcp/monitoring.js';
import { answered, FAKE_TOKEN, FakeGcp, readOnly, type FakeProject } from '../../fake-gcp/server.js';
import { facts } from '../aws/scan.js';
import { PROJECT, REGION, vertex } from './fixture.js';

/**
 * The publisher models a project invoked, read from the fake Cloud Monitoring: each (location, publisher, model)
 * with invocations in the 30 days before the scan's clock is a provider-managed foundation-model service.
 */

const NOW = new Date('2026-06-30T12:00:00.000Z');
const model = (location: string, publisher: string, id: string): string =>
  `//aiplatform.googleapis.com/projects/${PROJECT}/locations/${location}/publishers/${publisher}/models/${id}`;
const LIST = `/v3/projects/${PROJECT}/timeSeries`;
const CLAUDE = 'claude-3-5-sonnet-v2@20241022';

function monitoredProject(): FakeProject {
  const labels = (location: string, publisher: string, id: string): Record<string, string> => ({
    resource_container: PROJECT,
    location,
    publisher,
    model_user_id: id,
    model_version_id: '',
  });
  return {
    vertex: { [REGION]: { endpoints: [{ name: 'chat', displayName: 'chat' }] } },
    monitoring: {
      series: [
        // Two raw series of one model (other response codes): one model.
        {
          labels: labels('global', 'google', 'gemini-2.0-flash-001'),
          points: [
            ['2026-06-29T00:00:00Z', 40],
            ['2026-04-01T00:00:00Z', 7],
          ],
        },
        { labels: labels('global', 'google', 'gemini-2.0-flash-001'), points: [['2026-06-20T00:00:00Z', 2]] },
        // A partner model in a region outside --locations: kept.
        { labels: labels('us-east5', 'anthropic', CLAUDE), points: [['2026-06-10T00:00:00Z', 3]] },
        { labels: labels('eu', 'google', 'gemini-2.5-flash'), points: [['2026-06-01T00:00:00Z', 5]] },
        // Counted as zero in the window: no use.
        { labels: labels(REGION, 'google', 'gemini-1.5-pro-002'), points: [['2026-06-15T00:00:00Z', 0]] },
        // Used only before the window: the API returns no series for it.
        { labels: labels(REGION, 'google', 'text-bison'), points: [['2026-04-01T00:00:00Z', 9]] },
      ],
      raw: [
        {
          resource: {
            labels: {
              ['__proto__']: 'x',
              location: 'global',
              publisher: 'google',
              model_user_id: 'x'.repeat(10_000),
            },
          },
          points: [{ value: { int64Value: '1' } }],
        },
        {
          resource: { labels: { location: 5, publisher: 'google', model_user_id: 'gemini-odd' } },
          points: [{ value: { int64Value: '1' } }],
        },
        {
          resource: { labels: { location: 'global', publisher: 'google', model_user_id: 'gemini-nan' } },
          points: [{ value: { int64Value: 'NaN' } }, { value: { doubleValue: 'many' } }, null],
        },
        {
          resource: { labels: { location: 'global', publisher: 'google', model_user_id: 'gemini-x' } },
          points: 'all',
        },
        { resource: 'PublisherModel', points: [{ value: { int64Value: '3' } }] },
        'not a series',
      ],
    },
  };
}

const scanned = scannedFake(() => new FakeGcp({ [PROJECT]: monitoredProject() }), { now: () => NOW });

const models = (i: Inventory): unknown[][] =>
  i.assets
    .filter((a) => a.nativeType === PUBLISHER_MODEL)
    .map((a) => [a.id, a.kind, a.name, a.source.region]);
const scan = (faults: Parameters<typeof collectWithFaults>[1]): Promise<Inventory> =>
  collectWithFaults(scanned.fake, faults, { now: () => NOW });
const seriesCalls = (): string[] => scanned.fake.apiCalls().filter((c) => c.includes('/timeSeries'));

describe('collectGcp: publisher models invoked (Cloud Monitoring)', () => {
  it('makes each model invoked in the last 30 days a foundation-model service where it was invoked', () => {
    expect(models(scanned.inv)).toEqual([
      [
        model('eu', 'google', 'gemini-2.5-flash'),
        'foundation-model-service',
        'publishers/google/models/gemini-2.5-flash',
        'eu',
      ],
      [
        model('global', 'google', 'gemini-2.0-flash-001'),
        'foundation-model-service',
        'publishers/google/models/gemini-2.0-flash-001',
        'global',
      ],
      [
        model('us-east5', 'anthropic', CLAUDE),
        'foundation-model-service',
        `publishers/anthropic/models/${CLAUDE}`,
        'us-east5',
      ],
    ]);
    expect(scanned.inv.notes).toEqual([]);
  });

  it('says the provider runs it, where requests may be served, and what is not read', () => {
    const metric = `ListTimeSeries.${INVOCATIONS}`;
    const location = 'ListTimeSeries.resource.labels.location';
    const notRead = {
      guardrailAttached: [
        'unknown',
        undefined,
        'Model Armor floor settings are not read by the live GCP collector yet',
      ],
      invocationLogging: [
        'unknown',
        undefined,
        'Publisher model request-response logging configs are not read by the live GCP collector yet',
      ],
    };
    expect(facts(scanned.inv, model('global', 'google', 'gemini-2.0-flash-001'))).toEqual({
      providerManaged: ['explicit', true, metric],
      crossRegionProcessing: ['explicit', true, location],
      ...notRead,
    });
    expect(facts(scanned.inv, model('eu', 'google', 'gemini-2.5-flash'))['crossRegionProcessing']).toEqual([
      'explicit',
      true,
      location,
    ]);
    expect(facts(scanned.inv, model('us-east5', 'anthropic', CLAUDE))).toEqual({
      providerManaged: ['explicit', true, metric],
      crossRegionProcessing: ['explicit', false, location],
      ...notRead,
    });
  });

  it('asks for the metric over the 30 days before the clock, summed per model, page by page', async () => {
    await scan([]);
    expect(seriesCalls()).toEqual([
      `GET ${LIST}`,
      `GET ${LIST}?2`,
      `GET ${LIST}?4`,
      `GET ${LIST}?6`,
      `GET ${LIST}?8`,
    ]);
    const first = scanned.fake.log.find((c) => c.path === LIST);
    expect(first?.query).toMatchObject({
      filter: `metric.type="${INVOCATIONS}" AND resource.type="${PUBLISHER_MODEL}"`,
      'interval.startTime': '2026-05-31T12:00:00.000Z',
      'interval.endTime': '2026-06-30T12:00:00.000Z',
      'aggregation.alignmentPeriod': '2592000s',
      'aggregation.perSeriesAligner': 'ALIGN_SUM',
      'aggregation.crossSeriesReducer': 'REDUCE_SUM',
    });
    // The fake answers 400 to any other filter or aggregation, as the API does: every call was answered.
    expect(scanned.fake.log.every((c) => readOnly(c) && answered(c))).toBe(true);
    const other = new URL(`${scanned.fake.url}${LIST}`);
    for (const [k, v] of Object.entries(first?.query ?? {})) other.searchParams.set(k, v);
    other.searchParams.set(
      'filter',
      'metric.type="aiplatform.googleapis.com/prediction/online/prediction_count"',
    );
    const reply = await fetch(other, { headers: { authorization: `Bearer ${FAKE_TOKEN}` } });
    expect(reply.status).toBe(400);
  });

  it('notes a denied read exactly, and the rest of the scan is read', async () => {
    const got = await scan([{ collection: 'timeSeries', kind: 'denied' }]);
    expect(got.notes).toEqual([
      {
        kind: 'denied',
        message: `ListTimeSeries was denied in project ${PROJECT} (all locations, PERMISSION_DENIED); what it would have told is unknown`,
        input: `gcp://${PROJECT}`,
        service: 'monitoring.googleapis.com',
        api: 'ListTimeSeries',
        account: PROJECT,
        errorCode: 'PERMISSION_DENIED',
      },
    ]);
    expect(models(got)).toEqual([]);
    expect(got.assets.map((a) => a.id)).toContain(vertex('endpoints', 'chat'));
  });

  it('notes a Cloud Monitoring API that is not enabled as skipped', async () => {
    const got = await scan([{ collection: 'timeSeries', kind: 'disabled' }]);
    expect(got.notes.map((n) => [n.kind, n.api, n.errorCode, n.message])).toEqual([
      [
        'skipped',
        'ListTimeSeries',
        'SERVICE_DISABLED',
        `ListTimeSeries was skipped: monitoring.googleapis.com is not enabled in project ${PROJECT}; what it would have told is unknown`,
      ],
    ]);
    expect(got.assets.map((a) => a.id)).toContain(vertex('endpoints', 'chat'));
  });

  it('notes a reply answered in part (executionErrors) and keeps what it did answer', async () => {
    const base = monitoredProject();
    const partial = new FakeGcp({
      [PROJECT]: {
        ...base,
        monitoring: {
          ...base.monitoring,
          executionErrors: [{ code: 14, message: 'Some data could not be read.' }],
        },
      },
    });
    await partial.start();
    try {
      const got = await collectGcp(fakeGcpOptions(partial, { now: () => NOW }));
      expect(got.notes).toEqual([
        {
          kind: 'skipped',
          message: `ListTimeSeries in project ${PROJECT} (all locations) answered in part (1 execution error, UNAVAILABLE); publisher models invoked may be missing`,
          input: `gcp://${PROJECT}`,
          service: 'monitoring.googleapis.com',
          api: 'ListTimeSeries',
          account: PROJECT,
          errorCode: 'UNAVAILABLE',
        },
      ]);
      expect(models(got)).toEqual(models(scanned.inv));
    } finally {
      await partial.stop();
    }
  }, 60_000);

  it('retries throttled and unavailable pages', async () => {
    const got = await scan([
      { collection: 'timeSeries', kind: 'exhausted', times: 1 },
      { collection: 'timeSeries', kind: 'unavailable', times: 1 },
    ]);
    expect(got.notes).toEqual([]);
    expect(models(got)).toEqual(models(scanned.inv));
    expect(seriesCalls().filter((c) => c === `GET ${LIST}`)).toHaveLength(3);
  });
});
