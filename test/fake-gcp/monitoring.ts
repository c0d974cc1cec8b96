import { rpcError, type FakeGcp, type Json, type Reply } from './server.js';

/**
 * The fake's Cloud Monitoring (v3) ListTimeSeries (`GET /v3/projects/{p}/timeSeries`) for the one metric the
 * collector reads. It checks the query as the API would (400 INVALID_ARGUMENT otherwise): the filter names that
 * metric and its monitored resource type, the interval is given and in order, the aggregation is a per-series
 * ALIGN_SUM with REDUCE_SUM over resource labels. It then aggregates as the API does: the points of each raw
 * series inside the interval summed, one series per value of the grouped labels (the others dropped), paged as
 * the other lists.
 */

export type MonitoringCollection = 'timeSeries';

/** One raw series of the metric: its resource labels and its points (end time, count). */
export interface FakeSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly points: readonly (readonly [string, number])[];
}

export interface FakeMonitoring {
  readonly series?: readonly FakeSeries[];
  /** Series put in the reply as they are, after the aggregated ones (hostile shapes). */
  readonly raw?: readonly Json[];
  /** google.rpc.Status values every page reports in `executionErrors` (a reply answered in part). */
  readonly executionErrors?: readonly Json[];
}

export const MONITORING_PATH = /^\/v3\/projects\/([^/]+)\/timeSeries$/;
export const INVOCATIONS = 'aiplatform.googleapis.com/publisher/online_serving/model_invocation_count';
export const PUBLISHER_MODEL = 'aiplatform.googleapis.com/PublisherModel';
const SERVICE = 'monitoring.googleapis.com';
const FILTER = `metric.type="${INVOCATIONS}" AND resource.type="${PUBLISHER_MODEL}"`;
const RESOURCE_LABEL = /^resource\.labels?\.([a-z_]+)$/;

export function routeMonitoring(fake: FakeGcp, url: URL): Reply {
  const project = MONITORING_PATH.exec(url.pathname)?.[1] ?? '';
  const fault = fake.fault('timeSeries', url.pathname, project, SERVICE);
  if (fault !== undefined) return fault;
  const q = url.searchParams;
  const invalid = (message: string): Reply => rpcError(400, 'INVALID_ARGUMENT', message);
  if (q.get('filter') !== FILTER)
    return invalid(`Cannot find metric(s) that match the filter ${q.get('filter') ?? ''}.`);
  const start = Date.parse(q.get('interval.startTime') ?? '');
  const end = Date.parse(q.get('interval.endTime') ?? '');
  if (Number.isNaN(end) || Number.isNaN(start) || start > end)
    return invalid('Field interval.endTime is required and must not be before interval.startTime.');
  const period = /^(\d+)s$/.exec(q.get('aggregation.alignmentPeriod') ?? '')?.[1];
  if (period === undefined || Number(period) < 60)
    return invalid('The alignment period must be at least 60 seconds.');
  if (
    q.get('aggregation.perSeriesAligner') !== 'ALIGN_SUM' ||
    q.get('aggregation.crossSeriesReducer') !== 'REDUCE_SUM'
  )
    return invalid('The fake answers only a per-series ALIGN_SUM reduced by REDUCE_SUM.');
  const groupBy = q.getAll('aggregation.groupByFields').map((f) => RESOURCE_LABEL.exec(f)?.[1]);
  if (groupBy.length === 0 || groupBy.some((l) => l === undefined))
    return invalid('aggregation.groupByFields must name resource labels.');
  const monitoring = fake.projects[project]?.monitoring ?? {};
  const sums = new Map<string, { labels: Record<string, string>; count: number }>();
  for (const s of monitoring.series ?? []) {
    const labels = Object.fromEntries(groupBy.map((l) => [l ?? '', s.labels[l ?? ''] ?? '']));
    const count = s.points
      .filter(([at]) => Date.parse(at) > start && Date.parse(at) <= end)
      .reduce((n, [, c]) => n + c, 0);
    if (!s.points.some(([at]) => Date.parse(at) > start && Date.parse(at) <= end)) continue;
    const key = JSON.stringify(labels);
    sums.set(key, { labels, count: (sums.get(key)?.count ?? 0) + count });
  }
  const interval = { startTime: new Date(start).toISOString(), endTime: new Date(end).toISOString() };
  const series: Json[] = [...sums.values()].map(({ labels, count }) => ({
    metric: { type: INVOCATIONS },
    resource: { type: PUBLISHER_MODEL, labels },
    metricKind: 'DELTA',
    valueType: 'INT64',
    points: [{ interval, value: { int64Value: String(count) } }],
  }));
  const all = [...series, ...(monitoring.raw ?? [])];
  // Proto3 JSON leaves an empty repeated field out: no invocations in the interval answers `{}`.
  const reply = all.length === 0 ? { status: 200, body: {} } : fake.page(url, 'timeSeries', all);
  const errors = monitoring.executionErrors ?? [];
  return errors.length === 0
    ? reply
    : { ...reply, body: { ...(reply.body as Record<string, Json>), executionErrors: [...errors] } };
}
