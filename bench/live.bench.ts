/**
 * `npm run bench` (live part): a live AWS scan of a fake organisation, 3 accounts × 4 regions and about 5,000
 * AI and supporting resources, through the real SDK clients against the fake AWS (test/fake-aws) with 20 ms of
 * latency per call, in a worker thread.
 *
 *   node dist/bench/live.bench.js [--concurrency 16] [--latency 20]
 *
 * Prints the API calls made, the wall time and its ratio to the ideal (calls × latency ÷ concurrency), and
 * checks the targets: no call made twice for the same resource, and wall time at most 1.3× the ideal.
 * Results also go to bench/out/live.json.
 */
import { collectAws } from '../collectors/aws/index.js';
import { cleanAwsEnvironment, fakeOptions } from '../test/fake-aws/client.js';
import type { LoggedCall } from '../test/fake-aws/protocol.js';
import { liveArgs, reportLive, startFake, timed } from './live-report.js';
import { ORG_REGIONS, syntheticOrg } from './synthetic-org.js';

const PAGE_SIZE = 100;

const { concurrency, latencyMs } = liveArgs(16);

cleanAwsEnvironment();
const { org, resources, keys, roleArns } = syntheticOrg();
const fake = await startFake({ cloud: 'aws', org, latencyMs, pageSize: PAGE_SIZE });
const { url } = fake;

const {
  value: inv,
  wallMs,
  busyMs,
} = await timed(() =>
  collectAws(
    fakeOptions(
      { url },
      {
        regions: ORG_REGIONS,
        assumeRoles: roleArns,
        concurrency,
        credentials: { accessKeyId: keys[0] ?? '', secretAccessKey: 'bench' },
        callTimeoutMs: 30_000,
        maxAttempts: 3,
      },
    ),
  ),
);
const stopped = await fake.stop();
const log = stopped.log as LoggedCall[];
const { maxInFlight } = stopped;

reportLive({
  title: `live AWS scan: ${String(keys.length)} accounts × ${String(ORG_REGIONS.length)} regions`,
  out: 'live.json',
  resources,
  assets: inv.assets.length,
  notes: inv.notes.length,
  callKeys: log.map((c) => `${c.account} ${c.region} ${c.service} ${c.operation} ${c.request}`),
  maxInFlight,
  concurrency,
  latencyMs,
  wallMs,
  busyMs,
});
