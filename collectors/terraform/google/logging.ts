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

/**
 * What a log bucket keeps, whichever input read it: entries are deleted after `retentionDays` (0 or absent is
 * the default of 30 days), a locked bucket's retention cannot be shortened, and a named key is a CMK.
 */
export interface LogBucketSettings {
  readonly retentionDays: number | undefined;
  /** Why the retention is not known (a value known only after apply). */
  readonly retentionUnknown?: string;
  readonly locked: boolean | undefined;
  readonly customerManagedKey: Fact<boolean>;
}

/** The facts a sink routing to a log bucket takes from it; attributes are named `${via}.${field}`. */
export function logBucketFacts(
  s: LogBucketSettings,
  via: string,
  fields: { readonly retention: string; readonly locked: string },
): Facts {
  const retention = `${via}.${fields.retention}`;
  return {
    customerManagedKey: s.customerManagedKey,
    deletionLifecycle:
      s.retentionUnknown !== undefined
        ? unknown(retention, s.retentionUnknown)
        : s.retentionDays === undefined || s.retentionDays === 0
          ? byDefault(true, `${retention} (default 30 days)`)
          : explicit(true, retention),
    immutability:
      s.locked === true
        ? explicit(true, `${via}.${fields.locked}`)
        : byDefault(false, `${via}.${fields.locked}`),
  };
}

function tfLogBucketFacts(ctx: MapperContext, b: TfResource, via: string): Facts {
  return logBucketFacts(
    {
      retentionDays: num(b, 'retention_days'),
      ...(isUnknownAt(b, 'retention_days') ? { retentionUnknown: AFTER_APPLY } : {}),
      locked: bool(b, 'locked'),
      customerManagedKey:
        prefixed(cmekFact(ctx, b, 'cmek_settings.0.kms_key_name'), b) ??
        byDefault(false, `${via}.cmek_settings`),
    },
    via,
    { retention: 'retention_days', locked: 'locked' },
  );
}

/** Where a sink's `destination` routes, by the service its resource name starts with. */
export type SinkDestination =
  | { readonly kind: 'log-bucket'; readonly name: string }
  | { readonly kind: 'storage'; readonly name: string }
  | { readonly kind: 'bigquery'; readonly name: string; readonly dataset: string }
  | { readonly kind: 'pubsub'; readonly name: string }
  | { readonly kind: 'other'; readonly name: string };

const DESTINATION_KINDS: Readonly<Record<string, SinkDestination['kind']>> = {
  'logging.googleapis.com': 'log-bucket',
  'storage.googleapis.com': 'storage',
  'bigquery.googleapis.com': 'bigquery',
  'pubsub.googleapis.com': 'pubsub',
};

/**
 * `logging.googleapis.com/projects/p/locations/l/buckets/b`, `storage.googleapis.com/b`,
 * `bigquery.googleapis.com/projects/p/datasets/d`, `pubsub.googleapis.com/projects/p/topics/t`.
 */
export function sinkDestination(destination: string): SinkDestination {
  const [service = '', ...rest] = destination.split('/');
  const name = rest.join('/');
  const kind = DESTINATION_KINDS[service] ?? 'other';
  return kind === 'bigquery' ? { kind, name, dataset: rest[rest.length - 1] ?? '' } : { kind, name };
}

/** The resource the sink's `destination` names (see sinkDestination). */
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
  const dest = sinkDestination(d);
  const found =
    dest.kind === 'log-bucket'
      ? ctx.byValue(LOG_BUCKET, dest.name, ['id', 'name'])
      : dest.kind === 'storage'
        ? ctx.byValue(STORAGE, dest.name, ['name'])
        : dest.kind === 'bigquery'
          ? ctx.byValue(BIGQUERY, dest.dataset, ['dataset_id'])
          : [];
  return found.map((t) => ({ resource: t, via: `destination "${d}" names ${t.address}` }));
}

function destinationFacts(ctx: MapperContext, r: TfResource): Facts {
  const dest = destinationOf(ctx, r)[0]?.resource;
  if (dest === undefined) {
    const why = isUnknownAt(r, 'destination')
      ? AFTER_APPLY
      : 'destination could not be linked to a resource in this plan';
    return unlinkedDestination('destination', why);
  }
  if (dest.type === 'google_logging_project_bucket_config') return tfLogBucketFacts(ctx, dest, dest.address);
  if (dest.type === 'google_storage_bucket') {
    return storageDestinationFacts(bucketFacts(ctx, dest), dest.address);
  }
  return {
    customerManagedKey: prefixed(
      cmekFact(ctx, dest, 'default_encryption_configuration.0.kms_key_name'),
      dest,
    ),
    deletionLifecycle: prefixed(presenceFact(dest, 'default_table_expiration_ms'), dest),
  };
}

/** A sink whose destination is not read: what it keeps, and under which key, is unknown. */
export function unlinkedDestination(attribute: string, why: string): Facts {
  return { customerManagedKey: unknown(attribute, why), deletionLifecycle: unknown(attribute, why) };
}

/** The facts a sink routing to a Cloud Storage bucket takes from the bucket's, named after the bucket. */
export function storageDestinationFacts(bucket: Facts, via: string): Facts {
  const out: Record<string, Fact<boolean>> = {};
  for (const k of ['customerManagedKey', 'deletionLifecycle'] as const) {
    const f = bucket[k];
    if (f !== undefined) out[k] = prefixedBy(f, via);
  }
  return out;
}

function prefixedBy(f: Fact<boolean>, via: string): Fact<boolean> {
  return { ...f, attribute: `${via}.${f.attribute}` };
}

function prefixed(f: Fact<boolean> | undefined, dest: TfResource): Fact<boolean> | undefined {
  return f === undefined ? undefined : prefixedBy(f, dest.address);
}

/** `resource.labels.<key>="<value>"` terms of a logging filter, mapped to the resource types they name. */
const FILTER_LABELS: Readonly<Record<string, readonly [readonly string[], readonly string[]]>> = {
  service_name: [['google_cloud_run_v2_service'], ['name']],
  function_name: [['google_cloudfunctions2_function'], ['name']],
  gateway_id: [['google_api_gateway_gateway'], ['gateway_id']],
  endpoint_id: [['google_vertex_ai_endpoint'], ['name']],
  instance_id: [['google_compute_instance'], ['instance_id']],
};
export interface FilterTerm {
  readonly label: string;
  readonly value: string;
  /** The term as written in the filter. */
  readonly term: string;
}

/** The `resource.labels.<key>="<value>"` terms of a logging filter: the resources whose logs it selects. */
export function filterTerms(filter: string): FilterTerm[] {
  const out: FilterTerm[] = [];
  for (const m of filter.matchAll(/resource\.labels\.(\w+)\s*=\s*"([^"]+)"/g))
    if (m[1] !== undefined && m[2] !== undefined) out.push({ label: m[1], value: m[2], term: m[0] });
  return out;
}

const SOURCE_TYPES = Object.values(FILTER_LABELS).flatMap(([types]) => types);

/** Resources whose logs the sink's filter selects: references in the filter expression, then label values. */
function sourcesOf(ctx: MapperContext, r: TfResource): Link[] {
  const linked = ctx.linked(r, 'filter', SOURCE_TYPES, ['name', 'gateway_id']);
  if (linked.length > 0) return linked;
  const filter = str(r, 'filter') ?? '';
  const out: Link[] = [];
  for (const t of filterTerms(filter)) {
    const spec = FILTER_LABELS[t.label];
    if (spec === undefined) continue;
    for (const r of ctx.byValue(spec[0], t.value, spec[1]))
      out.push({ resource: r, via: `filter term ${t.term}` });
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
