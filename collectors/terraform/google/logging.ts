import { byDefault, explicit, unknown, type Fact, type Facts } from '../../../src/model/index.js';
import {
  AFTER_APPLY,
  attributeName,
  bool,
  isUnknownAt,
  list,
  num,
  presenceFact,
  str,
} from '../attributes.js';
import type { Link, MapFn, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { cmekFact, encryptsWith } from './common.js';
import { resourceIamMapper } from './iam.js';
import { bucketFacts } from './storage.js';

const LOG_BUCKET = ['google_logging_project_bucket_config'] as const;
const STORAGE = ['google_storage_bucket'] as const;
const BIGQUERY = ['google_bigquery_dataset'] as const;

/** google_logging_project_bucket_config: folded into the sinks that route to it (see mapLogSink). */
export const mapLogBucketConfig: MapFn = () => undefined;

/** Log buckets keep entries for `retention_days` (30 by default) and delete them afterwards. */
function logBucketFacts(ctx: MapperContext, b: TfResource, via: string): Facts {
  const retention = isUnknownAt(b, 'retention_days')
    ? unknown(`${via}.retention_days`, AFTER_APPLY)
    : num(b, 'retention_days') === undefined
      ? byDefault(true, `${via}.retention_days (default 30 days)`)
      : explicit(true, `${via}.retention_days`);
  return {
    customerManagedKey:
      prefixed(cmekFact(ctx, b, 'cmek_settings.0.kms_key_name'), b) ??
      byDefault(false, `${via}.cmek_settings`),
    deletionLifecycle: retention,
    immutability:
      bool(b, 'locked') === true ? explicit(true, `${via}.locked`) : byDefault(false, `${via}.locked`),
  };
}

/** Resource names in `destination`: `logging.googleapis.com/projects/p/locations/l/buckets/b`, `storage.googleapis.com/b`, `bigquery.googleapis.com/projects/p/datasets/d`. */
function destinationOf(ctx: MapperContext, r: TfResource): Link[] {
  const linked = ctx.linked(
    r,
    'destination',
    [...LOG_BUCKET, ...STORAGE, ...BIGQUERY],
    ['id', 'name', 'dataset_id'],
  );
  if (linked.length > 0) return linked;
  const d = str(r, 'destination');
  if (d === undefined || isUnknownAt(r, 'destination')) return [];
  const [service, ...rest] = d.split('/');
  const name = rest.join('/');
  const last = rest[rest.length - 1] ?? '';
  const found =
    service === 'logging.googleapis.com'
      ? ctx.byValue(LOG_BUCKET, name, ['id', 'name'])
      : service === 'storage.googleapis.com'
        ? ctx.byValue(STORAGE, name, ['name'])
        : service === 'bigquery.googleapis.com'
          ? ctx.byValue(BIGQUERY, last, ['dataset_id'])
          : [];
  return found.map((t) => ({ resource: t, via: `destination "${d}" names ${t.address}` }));
}

function destinationFacts(ctx: MapperContext, r: TfResource): Facts {
  const dest = destinationOf(ctx, r)[0]?.resource;
  if (dest === undefined) {
    const why = isUnknownAt(r, 'destination')
      ? AFTER_APPLY
      : 'destination could not be linked to a resource in this plan';
    return {
      customerManagedKey: unknown('destination', why),
      deletionLifecycle: unknown('destination', why),
    };
  }
  if (dest.type === 'google_logging_project_bucket_config') return logBucketFacts(ctx, dest, dest.address);
  if (dest.type === 'google_storage_bucket') {
    const f = bucketFacts(ctx, dest);
    return {
      customerManagedKey: prefixed(f.customerManagedKey, dest),
      deletionLifecycle: prefixed(f.deletionLifecycle, dest),
    };
  }
  return {
    customerManagedKey: prefixed(
      cmekFact(ctx, dest, 'default_encryption_configuration.0.kms_key_name'),
      dest,
    ),
    deletionLifecycle: prefixed(presenceFact(dest, 'default_table_expiration_ms'), dest),
  };
}

function prefixed(f: Fact<boolean> | undefined, dest: TfResource): Fact<boolean> | undefined {
  return f === undefined ? undefined : { ...f, attribute: `${dest.address}.${f.attribute}` };
}

/** `resource.labels.<key>="<value>"` terms of a logging filter, mapped to the resource types they name. */
const FILTER_LABELS: Readonly<Record<string, readonly [readonly string[], readonly string[]]>> = {
  service_name: [['google_cloud_run_v2_service'], ['name']],
  function_name: [['google_cloudfunctions2_function'], ['name']],
  gateway_id: [['google_api_gateway_gateway'], ['gateway_id']],
  endpoint_id: [['google_vertex_ai_endpoint'], ['name']],
  instance_id: [['google_compute_instance'], ['instance_id']],
};
const SOURCE_TYPES = Object.values(FILTER_LABELS).flatMap(([types]) => types);

/** Resources whose logs the sink's filter selects: references in the filter expression, then label values. */
function sourcesOf(ctx: MapperContext, r: TfResource): Link[] {
  const linked = ctx.linked(r, 'filter', SOURCE_TYPES, ['name', 'gateway_id']);
  if (linked.length > 0) return linked;
  const filter = str(r, 'filter') ?? '';
  const out: Link[] = [];
  for (const m of filter.matchAll(/resource\.labels\.(\w+)\s*=\s*"([^"]+)"/g)) {
    const spec = FILTER_LABELS[m[1] ?? ''];
    if (spec === undefined || m[2] === undefined) continue;
    for (const t of ctx.byValue(spec[0], m[2], spec[1]))
      out.push({ resource: t, via: `filter term ${m[0]}` });
  }
  return out;
}

/**
 * google_logging_project_sink: routes log entries to a destination. It stands for the logs of the sources its
 * filter selects; CMK and retention come from the destination (log bucket, GCS bucket, BigQuery dataset).
 */
export const mapLogSink: MapFn = (r, ctx) => {
  ctx.asset(r, { kind: 'log-sink', facts: destinationFacts(ctx, r) });
  if (bool(r, 'disabled') === true) return;
  for (const dest of destinationOf(ctx, r)) {
    if (dest.resource.type === 'google_logging_project_bucket_config') {
      encryptsWith(ctx, dest.resource, 'cmek_settings.0.kms_key_name', r.address);
    }
  }
  const sources = sourcesOf(ctx, r);
  if (sources.length === 0 && (isUnknownAt(r, 'filter') || str(r, 'filter') === undefined)) {
    ctx.note(
      'unresolved-link',
      'the sink filter selects no resource in this plan by name; no log-to flows are derived',
      r.address,
    );
  }
  for (const s of sources) {
    ctx.flow(s.resource.address, r.address, 'log-to', ctx.evidence(r, 'filter', s.via));
    ctx.patch(s.resource.address, { invocationLogging: explicit(true, `${r.address}.filter`) }, 'or');
  }
};

/** google_bigquery_dataset: a database (also the destination of Vertex AI request-response logging). */
export const mapBigQueryDataset: MapFn = (r, ctx) => {
  const access = 'access';
  const isPublic = (i: number): boolean =>
    str(r, `${access}.${i}.special_group`) === 'allAuthenticatedUsers' ||
    ['allUsers', 'allAuthenticatedUsers'].includes(str(r, `${access}.${i}.iam_member`) ?? '');
  const publicIndex = list(r, access).findIndex((_, i) => isPublic(i));
  const publicWrite = list(r, access).findIndex(
    (_, i) =>
      isPublic(i) &&
      ['WRITER', 'OWNER', 'roles/bigquery.dataEditor', 'roles/bigquery.dataOwner'].includes(
        str(r, `${access}.${i}.role`) ?? '',
      ),
  );
  ctx.asset(r, {
    kind: 'database',
    facts: {
      anonymousRead:
        publicIndex >= 0
          ? explicit(true, attributeName(`${access}.${publicIndex}`))
          : byDefault(false, access),
      anonymousWrite:
        publicWrite >= 0
          ? explicit(true, attributeName(`${access}.${publicWrite}`))
          : byDefault(false, access),
      encryptedAtRest: byDefault(true, 'default_encryption_configuration'),
      customerManagedKey: cmekFact(ctx, r, 'default_encryption_configuration.0.kms_key_name'),
      deletionLifecycle: presenceFact(r, 'default_table_expiration_ms'),
    },
  });
  encryptsWith(ctx, r, 'default_encryption_configuration.0.kms_key_name');
};

export const mapBigQueryDatasetIam: MapFn = resourceIamMapper({
  targetPath: 'dataset_id',
  targetTypes: BIGQUERY,
  matchOn: ['dataset_id', 'id'],
});
