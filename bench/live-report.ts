/**
 * What the live benchmarks share: the targets (no call twice for the same request, wall time at most 1.3× the
 * ideal, the concurrency bound kept), their printing, and the results file in bench/out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { FakeWorkerData } from './fake-worker.js';

export const TARGET_RATIO = 1.3;

export interface LiveRun {
  /** Heading of the printout. */
  readonly title: string;
  /** File name in bench/out. */
  readonly out: string;
  readonly resources: number;
  readonly assets: number;
  readonly notes: number;
  /** One key per call: the same key twice is the same request made twice. */
  readonly callKeys: readonly string[];
  readonly maxInFlight: number;
  readonly concurrency: number;
  readonly latencyMs: number;
  readonly wallMs: number;
  /** Of the wall time, how long the main thread ran (the collector and the SDKs; the fake runs in a worker). */
  readonly busyMs: number;
}

/** Runs a scan and measures its wall time and the main thread's busy time over it. */
export async function timed<T>(
  scan: () => Promise<T>,
): Promise<{ value: T; wallMs: number; busyMs: number }> {
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  const value = await scan();
  const wallMs = performance.now() - started;
  return { value, wallMs, busyMs: performance.eventLoopUtilization(elu).active };
}

/** Prints the run and its targets, writes bench/out/<out>, and says whether every target passed. */
export function reportLive(run: LiveRun): boolean {
  const seen = new Map<string, number>();
  for (const k of run.callKeys) seen.set(k, (seen.get(k) ?? 0) + 1);
  const repeated = [...seen.entries()].filter(([, n]) => n > 1);
  const calls = run.callKeys.length;
  const idealMs = (calls * run.latencyMs) / run.concurrency;
  const ratio = run.wallMs / idealMs;
  const line = (label: string, value: string) => {
    console.log(`${label.padEnd(28)}${value}`);
  };
  console.log(run.title);
  line('resources in the fake', run.resources.toLocaleString('en'));
  line('assets collected', run.assets.toLocaleString('en'));
  line('coverage notes', String(run.notes));
  line('API calls', calls.toLocaleString('en'));
  line('calls in flight at most', `${String(run.maxInFlight)} (bound ${String(run.concurrency)})`);
  line('latency per call', `${String(run.latencyMs)} ms`);
  line('wall time', `${(run.wallMs / 1000).toFixed(2)} s`);
  line('main thread busy', `${(run.busyMs / 1000).toFixed(2)} s (the collector and SDKs' CPU)`);
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
      name: `wall time ≤ ${String(TARGET_RATIO)}× ideal at concurrency ${String(run.concurrency)}`,
      pass: ratio <= TARGET_RATIO,
      detail: `${ratio.toFixed(2)}×`,
    },
    {
      name: 'every call within the concurrency bound',
      pass: run.maxInFlight <= run.concurrency,
      detail: String(run.maxInFlight),
    },
  ];
  for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'out');
  fs.mkdirSync(dir, { recursive: true });
  const figures = {
    resources: run.resources,
    assets: run.assets,
    calls,
    wallMs: run.wallMs,
    busyMs: run.busyMs,
    idealMs,
    ratio,
    maxInFlight: run.maxInFlight,
    concurrency: run.concurrency,
    latencyMs: run.latencyMs,
    checks,
  };
  fs.writeFileSync(path.join(dir, run.out), `${JSON.stringify(figures, null, 2)}\n`);
  return checks.every((c) => c.pass);
}

/** `--concurrency` (the collector's default unless given) and `--latency` (ms per call, default 20). */
export function liveArgs(defaultConcurrency: number): { concurrency: number; latencyMs: number } {
  const { values } = parseArgs({
    options: {
      concurrency: { type: 'string', default: String(defaultConcurrency) },
      latency: { type: 'string', default: '20' },
    },
  });
  return { concurrency: Number(values.concurrency), latencyMs: Number(values.latency) };
}

/**
 * A fake cloud running in a worker thread (bench/fake-worker.ts); `stop` hands back its call log (the fake's own
 * LoggedCall type, which the caller names).
 */
export async function startFake(
  data: FakeWorkerData,
): Promise<{ url: string; stop(): Promise<{ log: unknown[]; maxInFlight: number }> }> {
  const worker = new Worker(new URL('./fake-worker.js', import.meta.url), { workerData: data });
  const url = await new Promise<string>((resolve) => {
    worker.once('message', (m: { url: string }) => {
      resolve(m.url);
    });
  });
  return {
    url,
    async stop() {
      worker.postMessage('stop');
      const out = await new Promise<{ log: unknown[]; maxInFlight: number }>((resolve) => {
        worker.once('message', resolve);
      });
      await worker.terminate();
      return out;
    },
  };
}

/**
 * Loads every package a collector imports lazily (found in its sources, so that a new one is not missed) and
 * prints how long it took: the live benches load them before the clock, as the target is about scheduling calls.
 */
export async function preloadCollector(name: string): Promise<void> {
  const sources = fileURLToPath(new URL(`../../collectors/${name}/`, import.meta.url));
  const packages = [
    ...new Set(
      fs
        .readdirSync(sources)
        .filter((f) => f.endsWith('.ts'))
        .flatMap((f) => [
          // `import('pkg')`, or a package name held in a constant for an import through a variable.
          ...fs
            .readFileSync(path.join(sources, f), 'utf8')
            .matchAll(/import\('((?:@[\w-]+\/)?[\w-]+)'\)|= '(@(?:google-cloud|azure)\/[\w-]+)'/g),
        ])
        .map((m) => m[1] ?? m[2] ?? ''),
    ),
  ].sort();
  const started = performance.now();
  await Promise.all(packages.map((p) => import(p)));
  const s = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `${String(packages.length)} packages the collector loads lazily, loaded before the clock in ${s} s\n`,
  );
}
