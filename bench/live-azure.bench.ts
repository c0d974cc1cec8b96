/**
 * `npm run bench` (live Azure part): a live Azure scan of a fake subscription of about 2,000 AI and supporting
 * resources, through the real SDK clients and a real ClientSecretCredential against the fake Entra ID and ARM
 * (test/fake-azure) over HTTPS with 20 ms of latency per ARM call, in a worker thread.
 *
 *   node dist/bench/live-azure.bench.js [--concurrency 8] [--latency 20]
 *
 * Prints the calls made, the wall time and its ratio to the ideal (calls × latency ÷ concurrency), and checks
 * the targets of the AWS bench. The SDK packages the collector imports lazily (about 1 s of module loading on
 * this machine, printed before the scan and measured for the CLI by the start-up bench) are loaded before the
 * clock starts: the target is about how calls are scheduled, and a fixed cost would count against a small
 * subscription only. Results also go to bench/out/live-azure.json.
 */
import { collectAzure } from '../collectors/azure/index.js';
import { makeTestCertificate } from '../test/fake-azure/cert.js';
import { fakeAzureOptions } from '../test/fake-azure/client.js';
import type { LoggedCall } from '../test/fake-azure/server.js';
import { liveArgs, preloadCollector, reportLive, startFake, timed } from './live-report.js';
import { syntheticSubscription } from './synthetic-subscription.js';

const PAGE_SIZE = 100;

const { concurrency, latencyMs } = liveArgs(8);

const { tenant, resources } = syntheticSubscription();
const certificate = makeTestCertificate();
const fake = await startFake({
  cloud: 'azure',
  tenant,
  certificate,
  latencyMs,
  pageSize: PAGE_SIZE,
});
const { url } = fake;

await preloadCollector('azure');

const {
  value: inv,
  wallMs,
  busyMs,
} = await timed(() => collectAzure(fakeAzureOptions({ url, tenant }, certificate, { concurrency })));
const stopped = await fake.stop();
const log = stopped.log as LoggedCall[];
const { maxInFlight } = stopped;

// Only Resource Manager calls carry the latency; the one token request does not.
const arm = log.filter((c) => c.path.startsWith('/subscriptions'));
reportLive({
  title: 'live Azure scan: 1 subscription',
  out: 'live-azure.json',
  resources,
  assets: inv.assets.length,
  notes: inv.notes.length,
  callKeys: arm.map((c) => `${c.method} ${c.path} ${JSON.stringify(c.query)}`),
  maxInFlight,
  concurrency,
  latencyMs,
  wallMs,
  busyMs,
});
