import { byDefault, explicit, type Fact, type Facts } from '../../src/model/index.js';
import { mergeFact } from '../terraform/context.js';
import {
  filterTerms,
  logBucketFacts,
  sinkDestination,
  storageDestinationFacts,
  unlinkedDestination,
} from '../terraform/google/logging.js';
import type { GcpInventory } from './inventory.js';
import { bucketId, cmek, encryptsWith, evidence, notRead, present, resourceId } from './links.js';
import { jsonPage } from './rest.js';
import type { GcpRuntime, Listing } from './runtime.js';

/** The parts of a Cloud Logging (v2) LogSink read here. */
interface LogSink {
  readonly name?: string;
  readonly destination?: string;
  readonly filter?: string;
  readonly disabled?: boolean;
}

/** The parts of a Cloud Logging (v2) LogBucket read here. */
interface LogBucket {
  readonly name?: string;
  readonly retentionDays?: number;
  readonly locked?: boolean;
  readonly cmekSettings?: { readonly kmsKeyName?: string };
}

const HOST = 'logging.googleapis.com';
const SINKS_OP = 'ListSinks';
const BUCKETS_OP = 'ListBuckets';
const SINKS = { service: HOST, operation: SINKS_OP } as const;
const BUCKETS = { service: HOST, operation: BUCKETS_OP } as const;
const SINK_NAME = /^[\w.-]{1,100}$/;
const LOG_BUCKET = /^projects\/[^/]+\/locations\/[^/]+\/buckets\/[\w.-]{1,100}$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]$/;

/**
 * The filter labels that name a resource (as the mapper's FILTER_LABELS), and where the live collector names
 * such a resource: `//{service}/projects/{project}/locations/{location}/{collection}/{value}`.
 */
const SOURCES: Readonly<Record<string, readonly [string, string]>> = {
  service_name: ['run.googleapis.com', 'services'],
  function_name: ['cloudfunctions.googleapis.com', 'functions'],
  gateway_id: ['apigateway.googleapis.com', 'gateways'],
  endpoint_id: ['aiplatform.googleapis.com', 'endpoints'],
};

/**
 * Reads the sinks and log buckets of a project; the sinks become assets in the returned phase, run once every
 * module has read its resources, because a sink takes its facts from its destination bucket and patches the
 * resources its filter selects. Log buckets are no assets: their retention, lock and key fold into the sinks
 * that route to them, as google_logging_project_bucket_config does.
 */
export async function collectLogging(
  rt: GcpRuntime,
  inv: GcpInventory,
  project: string,
): Promise<() => void> {
  const scope = { project, location: '-' };
  const base = `/v2/projects/${encodeURIComponent(project)}`;
  const [sinks, buckets, info] = await Promise.all([
    rt.list<LogSink>(scope, SINKS, (pageToken) =>
      jsonPage(rt, HOST, `${base}/sinks`, 'sinks', { pageToken }),
    ),
    rt.list<LogBucket>(scope, BUCKETS, (pageToken) =>
      jsonPage(rt, HOST, `${base}/locations/-/buckets`, 'buckets', { pageToken }),
    ),
    rt.project(project),
  ]);
  const owners = [project, ...(info.number === undefined ? [] : [info.number])];
  return () => {
    for (const s of sinks.items)
      if (typeof s.name === 'string' && SINK_NAME.test(s.name)) addSink(inv, project, owners, s, buckets);
  };
}

function addSink(
  inv: GcpInventory,
  project: string,
  owners: readonly string[],
  s: LogSink,
  buckets: Listing<LogBucket>,
): void {
  const id = resourceId(HOST, `projects/${project}/sinks/${String(s.name)}`);
  const destination = typeof s.destination === 'string' ? s.destination : '';
  const dest = sinkDestination(destination);
  const logBucket =
    dest.kind === 'log-bucket'
      ? buckets.items.find((b) => b.name === dest.name && LOG_BUCKET.test(dest.name))
      : undefined;
  inv.asset(project, {
    id,
    kind: 'log-sink',
    nativeType: `${HOST}/LogSink`,
    name: String(s.name),
    facts: destinationFacts(inv, dest, logBucket, buckets),
  });
  if (s.disabled === true) return;
  encryptsWith(
    { inv, project, from: id, operation: BUCKETS_OP },
    logBucket?.cmekSettings?.kmsKeyName,
    'cmekSettings.kmsKeyName',
  );
  for (const t of filterTerms(typeof s.filter === 'string' ? s.filter : '')) {
    const spec = SOURCES[t.label];
    if (spec === undefined) continue;
    for (const source of sourcesNamed(inv, spec, owners, t.value)) {
      inv.flow('log-to', source, id, evidence(id, SINKS_OP, 'filter', `filter term ${t.term}`));
      const current = inv.get(source)?.facts['invocationLogging'];
      const merged = mergeFact(current, explicit(true, `${id}.filter`), 'or') as Fact<boolean>;
      inv.patch(source, { invocationLogging: merged });
    }
  }
}

/** CMK and retention come from the destination: a log bucket, a Cloud Storage bucket; others are not read. */
function destinationFacts(
  inv: GcpInventory,
  dest: ReturnType<typeof sinkDestination>,
  logBucket: LogBucket | undefined,
  buckets: Listing<LogBucket>,
): Facts {
  const at = `${SINKS_OP}.destination`;
  if (dest.kind === 'log-bucket') {
    if (logBucket !== undefined) {
      const via = resourceId(HOST, dest.name);
      return logBucketFacts(
        {
          retentionDays: typeof logBucket.retentionDays === 'number' ? logBucket.retentionDays : undefined,
          locked: logBucket.locked === true,
          customerManagedKey: present(logBucket.cmekSettings?.kmsKeyName)
            ? cmek(logBucket.cmekSettings?.kmsKeyName, `${via}.cmekSettings.kmsKeyName`)
            : byDefault(false, `${via}.cmekSettings`),
        },
        via,
        { retention: 'retentionDays', locked: 'locked' },
      );
    }
    return unlinkedDestination(
      at,
      buckets.incomplete === undefined
        ? 'the destination log bucket is not among the project’s log buckets read'
        : `the log buckets: ${buckets.incomplete.message}`,
    );
  }
  if (dest.kind === 'storage' && BUCKET_NAME.test(dest.name)) {
    const bucket = inv.get(bucketId(dest.name));
    if (bucket !== undefined) return storageDestinationFacts(bucket.facts, bucket.id);
    return unlinkedDestination(at, 'the destination bucket was not read in this scan');
  }
  if (dest.kind === 'bigquery') {
    const f = notRead(at, 'BigQuery datasets');
    return { customerManagedKey: f, deletionLifecycle: f };
  }
  return unlinkedDestination(
    at,
    'the destination is not a log bucket, Cloud Storage bucket or BigQuery dataset',
  );
}

/** The assets of the scan the filter's label names, in the sink's project (by id or number), any location. */
function sourcesNamed(
  inv: GcpInventory,
  [service, collection]: readonly [string, string],
  owners: readonly string[],
  value: string,
): string[] {
  const out: string[] = [];
  for (const a of inv.all()) {
    const parts = a.id.split('/');
    // ['', '', service, 'projects', p, 'locations', l, collection, value]
    if (
      parts.length === 9 &&
      parts[2] === service &&
      parts[3] === 'projects' &&
      owners.includes(parts[4] ?? '') &&
      parts[5] === 'locations' &&
      parts[7] === collection &&
      parts[8] === value
    )
      out.push(a.id);
  }
  return out.sort();
}
