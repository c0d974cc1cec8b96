/**
 * `npm run bench` (live GCP part): a live GCP scan of a fake project of about 2,400 Vertex AI, Workbench and
 * Cloud Run resources in 8 regions (each Cloud Run service's IAM policy read as well), with API keys and publisher
 * model invocations counted up to a fixed clock, through the real Google Cloud clients over their REST transport
 * against the fake (test/fake-gcp) with 20 ms of latency per call, in a worker thread.
 *
 *   node dist/bench/live-gcp.bench.js [--concurrency 8] [--latency 20]
 *
 * Prints the calls made, the wall time and its ratio to the ideal (calls × latency ÷ concurrency), and checks
 * the targets of the AWS bench. The client packages are loaded before the clock starts, as in the Azure bench, and
 * a first scan of a one-copy project builds the clients' protobuf roots and message codecs (about 1 s of CPU once
 * per process, whatever the project holds; printed): the target is about scheduling calls, and that fixed cost
 * is the start-up of a GCP scan, not of its calls. Results also go to bench/out/live-gcp.json.
 */
import { performance } from 'node:perf_hooks';
import { collectGcp } from '../collectors/gcp/index.js';
import { fakeGcpOptions } from '../test/fake-gcp/client.js';
import type { LoggedCall } from '../test/fake-gcp/server.js';
import { liveArgs, preloadCollector, reportLive, startFake, timed } from './live-report.js';
import { BENCH_LOCATIONS, BENCH_NOW, syntheticProject } from './synthetic-project.js';

const PAGE_SIZE = 100;

const { concurrency, latencyMs } = liveArgs(8);

const { projects, resources } = syntheticProject();
const fake = await startFake({ cloud: 'gcp', projects, latencyMs, pageSize: PAGE_SIZE });
const { url } = fake;

await preloadCollector('gcp');
await warmUp();

const {
  value: inv,
  wallMs,
  busyMs,
} = await timed(() =>
  collectGcp(
    fakeGcpOptions({ url, projects }, { locations: BENCH_LOCATIONS, concurrency, now: () => BENCH_NOW }),
  ),
);
const stopped = await fake.stop();
const log = stopped.log as LoggedCall[];
const { maxInFlight } = stopped;

const api = log.filter((c) => /^\/(?:v1|v1beta1|v2|v3)\//.test(c.path));
reportLive({
  title: `live GCP scan: 1 project × ${String(BENCH_LOCATIONS.length)} regions`,
  out: 'live-gcp.json',
  resources,
  assets: inv.assets.length,
  notes: inv.notes.length,
  callKeys: api.map((c) => `${c.method} ${c.path} ${JSON.stringify(c.query)}`),
  maxInFlight,
  concurrency,
  latencyMs,
  wallMs,
  busyMs,
});

/** One scan of a small copy of the project, against its own fake, so that no call of it is counted. */
async function warmUp(): Promise<void> {
  const small = syntheticProject(1);
  const warm = await startFake({ cloud: 'gcp', projects: small.projects, latencyMs: 0, pageSize: PAGE_SIZE });
  const t0 = performance.now();
  await collectGcp(
    fakeGcpOptions(
      { url: warm.url, projects: small.projects },
      { locations: BENCH_LOCATIONS, now: () => BENCH_NOW },
    ),
  );
  const s = ((performance.now() - t0) / 1000).toFixed(2);
  await warm.stop();
  console.log(
    `first scan in this process (${String(small.resources)} resources, builds the protobuf roots): ${s} s\n`,
  );
}
