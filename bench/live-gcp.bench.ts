/**
 * `npm run bench` (live GCP part): a live GCP scan of a fake project of about 2,000 Vertex AI and Workbench
 * resources in 8 regions, through the real Google Cloud clients over their REST transport against the fake
 * (test/fake-gcp) with 20 ms of latency per call, in a worker thread.
 *
 *   node dist/bench/live-gcp.bench.js [--concurrency 8] [--latency 20]
 *
 * Prints the calls made, the wall time and its ratio to the ideal (calls × latency ÷ concurrency), and checks
 * the targets of the AWS bench. The client packages are loaded before the clock starts, as in the Azure bench;
 * building the clients (their protobuf descriptors) is inside it. Results also go to bench/out/live-gcp.json.
 */
import { performance } from 'node:perf_hooks';
import { collectGcp } from '../collectors/gcp/index.js';
import { fakeGcpOptions } from '../test/fake-gcp/client.js';
import type { LoggedCall } from '../test/fake-gcp/server.js';
import { liveArgs, preloadCollector, reportLive, startFake } from './live-report.js';
import { BENCH_LOCATIONS, syntheticProject } from './synthetic-project.js';

const PAGE_SIZE = 100;

const { concurrency, latencyMs } = liveArgs(8);

const { projects, resources } = syntheticProject();
const fake = await startFake({ cloud: 'gcp', projects, latencyMs, pageSize: PAGE_SIZE });
const { url } = fake;

await preloadCollector('gcp');

const started = performance.now();
const inv = await collectGcp(fakeGcpOptions({ url, projects }, { locations: BENCH_LOCATIONS, concurrency }));
const wallMs = performance.now() - started;
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
});
