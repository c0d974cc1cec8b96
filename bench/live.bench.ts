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
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { collectAws } from '../collectors/aws/index.js';
import { cleanAwsEnvironment, fakeOptions } from '../test/fake-aws/client.js';
import type { LoggedCall } from '../test/fake-aws/protocol.js';
import { ORG_REGIONS, syntheticOrg } from './synthetic-org.js';

const TARGET_RATIO = 1.3;
const PAGE_SIZE = 100;

const { values } = parseArgs({
  options: { concurrency: { type: 'string', default: '16' }, latency: { type: 'string', default: '20' } },
});
const concurrency = Number(values.concurrency);
const latencyMs = Number(values.latency);

cleanAwsEnvironment();
const { org, resources, keys, roleArns } = syntheticOrg();
const worker = new Worker(new URL('./fake-worker.js', import.meta.url), {
  workerData: { org, latencyMs, pageSize: PAGE_SIZE },
});
const url = await new Promise<string>((resolve) => {
  worker.once('message', (m: { url: string }) => {
    resolve(m.url);
  });
});

const started = performance.now();
const inv = await collectAws(
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
);
const wallMs = performance.now() - started;
worker.postMessage('stop');
const { log, maxInFlight } = await new Promise<{ log: LoggedCall[]; maxInFlight: number }>((resolve) => {
  worker.once('message', resolve);
});
await worker.terminate();

const seen = new Map<string, number>();
for (const c of log) {
  const k = `${c.account} ${c.region} ${c.service} ${c.operation} ${c.request}`;
  seen.set(k, (seen.get(k) ?? 0) + 1);
}
const repeated = [...seen.entries()].filter(([, n]) => n > 1);
const idealMs = (log.length * latencyMs) / concurrency;
const ratio = wallMs / idealMs;

const line = (label: string, value: string) => {
  console.log(`${label.padEnd(28)}${value}`);
};
console.log(`live AWS scan: ${String(keys.length)} accounts × ${String(ORG_REGIONS.length)} regions`);
line('resources in the fake', resources.toLocaleString('en'));
line('assets collected', inv.assets.length.toLocaleString('en'));
line('coverage notes', String(inv.notes.length));
line('API calls', log.length.toLocaleString('en'));
line('calls in flight at most', `${String(maxInFlight)} (bound ${String(concurrency)})`);
line('latency per call', `${String(latencyMs)} ms`);
line('wall time', `${(wallMs / 1000).toFixed(2)} s`);
line('ideal', `${(idealMs / 1000).toFixed(2)} s (calls × latency ÷ concurrency)`);
console.log('\nTargets');
const checks = [
  {
    name: 'no call made twice for the same resource',
    pass: repeated.length === 0,
    detail:
      repeated.length === 0
        ? '0 repeated'
        : `${String(repeated.length)} repeated, e.g. ${repeated[0]?.[0] ?? ''}`,
  },
  {
    name: `wall time ≤ ${String(TARGET_RATIO)}× ideal at concurrency ${String(concurrency)}`,
    pass: ratio <= TARGET_RATIO,
    detail: `${ratio.toFixed(2)}×`,
  },
  {
    name: 'every call within the concurrency bound',
    pass: maxInFlight <= concurrency,
    detail: String(maxInFlight),
  },
];
for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'out');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(
  path.join(out, 'live.json'),
  `${JSON.stringify({ resources, assets: inv.assets.length, calls: log.length, wallMs, idealMs, ratio, maxInFlight, concurrency, latencyMs, checks }, null, 2)}\n`,
);
