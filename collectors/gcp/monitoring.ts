import { explicit } from '../../src/model/index.js';
import type { GcpInventory } from './inventory.js';
import { notRead, resourceId, VERTEX_API } from './links.js';
import { jsonPage } from './rest.js';
import { failureOf } from './errors.js';
import { inputOf, type GcpRuntime } from './runtime.js';

/**
 * The Model Garden publisher models (Gemini, partner models) a project invoked on Vertex AI, read from Cloud
 * Monitoring: calling one creates no resource, so the invocation count the platform reports per model is what
 * makes the use visible. Metric `aiplatform.googleapis.com/publisher/online_serving/model_invocation_count`
 * (DELTA, INT64) on the monitored resource `aiplatform.googleapis.com/PublisherModel`, whose labels `location`,
 * `publisher` and `model_user_id` say which model was called where.
 */

/** The parts of a Cloud Monitoring (v3) TimeSeries read here, as the aggregation below leaves them. */
interface TimeSeries {
  readonly resource?: { readonly labels?: unknown };
  readonly points?: unknown;
}

const HOST = 'monitoring.googleapis.com';
const OP = 'ListTimeSeries';
const API = { service: HOST, operation: OP } as const;
const INVOCATIONS = 'aiplatform.googleapis.com/publisher/online_serving/model_invocation_count';
const PUBLISHER_MODEL = 'aiplatform.googleapis.com/PublisherModel';
const WINDOW_DAYS = 30;
const WINDOW_SECONDS = WINDOW_DAYS * 24 * 3600;
/** The query: one point per model over the window, whatever the response codes, methods or token sizes. */
const GROUP_BY = ['resource.label.location', 'resource.label.publisher', 'resource.label.model_user_id'];
/** A region (europe-west4), a multi-region (us, eu) or `global`. */
const LOCATION = /^(?:[a-z]{2,}-[a-z]+\d{1,2}|[a-z]{2,12})$/;
const REGION = /^[a-z]{2,}-[a-z]+\d{1,2}$/;
const PUBLISHER = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** A publisher model id (gemini-2.0-flash-001, claude-3-5-sonnet-v2@20241022). */
const MODEL = /^[A-Za-z0-9][\w.@-]{0,127}$/;
const INT64 = /^\d{1,19}$/;

/**
 * Each (location, publisher, model) invoked at least once in the last 30 days becomes a foundation-model-service
 * in that location, whether or not the location is among `--locations`: the scan is about what the project uses,
 * and a call to the global endpoint is in none of them.
 */
export async function collectPublisherModels(
  rt: GcpRuntime,
  inv: GcpInventory,
  project: string,
): Promise<void> {
  const end = rt.now();
  const start = new Date(end.getTime() - WINDOW_SECONDS * 1000);
  const query = {
    filter: `metric.type="${INVOCATIONS}" AND resource.type="${PUBLISHER_MODEL}"`,
    'interval.startTime': start.toISOString(),
    'interval.endTime': end.toISOString(),
    'aggregation.alignmentPeriod': `${String(WINDOW_SECONDS)}s`,
    'aggregation.perSeriesAligner': 'ALIGN_SUM',
    'aggregation.crossSeriesReducer': 'REDUCE_SUM',
    'aggregation.groupByFields': GROUP_BY,
  };
  const path = `/v3/projects/${encodeURIComponent(project)}/timeSeries`;
  // The errors of every page, each once (a page may repeat an error of the query as a whole).
  const errors = new Map<string, unknown>();
  const got = await rt.list<TimeSeries>({ project, location: '-' }, API, async (pageToken) => {
    // Cloud Monitoring takes no cloud-platform.read-only token, but its own read-only scope (runtime.ts TokenScope).
    const page = await jsonPage<TimeSeries>(
      rt,
      HOST,
      path,
      'timeSeries',
      { ...query, pageToken },
      'monitoring-read',
    );
    const failed: unknown = page[1]['executionErrors'];
    if (Array.isArray(failed))
      for (const e of failed as unknown[])
        if (typeof e === 'object' && e !== null) errors.set(JSON.stringify(e).slice(0, 2000), e);
    return page;
  });
  if (errors.size > 0) partial(rt, project, [...errors.values()]);
  const used = new Map<string, { location: string; publisher: string; model: string }>();
  for (const s of got.items) {
    const model = modelOf(s.resource?.labels);
    if (model !== undefined && invoked(s.points)) used.set(JSON.stringify(model), model);
  }
  for (const { location, publisher, model } of used.values()) {
    const name = `publishers/${publisher}/models/${model}`;
    const metric = `${OP}.${INVOCATIONS}`;
    inv.asset(project, {
      id: resourceId(VERTEX_API, `projects/${project}/locations/${location}/${name}`),
      kind: 'foundation-model-service',
      nativeType: PUBLISHER_MODEL,
      name,
      region: location,
      facts: {
        providerManaged: explicit(true, metric),
        // The global endpoint, or a multi-region, may serve a request in any of its regions.
        crossRegionProcessing: explicit(!REGION.test(location), `${OP}.resource.labels.location`),
        guardrailAttached: notRead(metric, 'Model Armor floor settings'),
        invocationLogging: notRead(metric, 'Publisher model request-response logging configs'),
      },
    });
  }
}

/**
 * A reply with executionErrors (google.rpc.Status) answered only in part: what it left out is unknown, so it is a
 * note, as a failed page is.
 */
function partial(rt: GcpRuntime, project: string, errors: readonly unknown[]): void {
  const status = failureOf(errors[0]).status;
  rt.notes.push({
    kind: 'skipped',
    message: `${OP} in project ${project} (all locations) answered in part (${String(errors.length)} execution error${errors.length === 1 ? '' : 's'}, ${status}); publisher models invoked may be missing`,
    input: inputOf(project),
    service: HOST,
    api: OP,
    account: project,
    errorCode: status,
  });
}

/** The model a series counts, when its labels name one in the shapes Vertex AI gives. */
function modelOf(labels: unknown): { location: string; publisher: string; model: string } | undefined {
  if (typeof labels !== 'object' || labels === null) return undefined;
  const l = labels as Readonly<Record<string, unknown>>;
  const [location, publisher, model] = [own(l, 'location'), own(l, 'publisher'), own(l, 'model_user_id')];
  return LOCATION.test(location) && PUBLISHER.test(publisher) && MODEL.test(model)
    ? { location, publisher, model }
    : undefined;
}

const own = (o: Readonly<Record<string, unknown>>, key: string): string => {
  const v = Object.hasOwn(o, key) ? o[key] : undefined;
  return typeof v === 'string' ? v : '';
};

/** Some point of the series counts an invocation (an INT64 is a decimal string in JSON). */
function invoked(points: unknown): boolean {
  if (!Array.isArray(points)) return false;
  return points.some((p: unknown) => {
    const v = (p as { value?: { int64Value?: unknown; doubleValue?: unknown } } | null)?.value;
    const n =
      typeof v?.int64Value === 'string' && INT64.test(v.int64Value)
        ? Number(v.int64Value)
        : typeof v?.int64Value === 'number'
          ? v.int64Value
          : v?.doubleValue;
    return typeof n === 'number' && Number.isFinite(n) && n > 0;
  });
}
