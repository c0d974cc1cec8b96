/**
 * Measurements in fresh child processes (bench/measure-child.ts), shared by the benchmarks: run one, read its
 * JSON line, summarise several runs.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const CHILD_TIMEOUT_MS = 30 * 60 * 1000;

export type ChildMode = 'parse' | 'scan' | 'hcl-parse';

export interface ChildResult {
  readonly ms: number;
  readonly maxRssKb: number;
  readonly resources: number;
  readonly importMs?: number;
  readonly threats?: number;
}

export type ChildOutcome = { ok: true; result: ChildResult } | { ok: false; error: string };

export interface Measurement {
  readonly medianMs: number;
  readonly maxRssKb: number;
  readonly runs: readonly ChildResult[];
}

export function runChild(mode: ChildMode, file: string): ChildOutcome {
  const child = fileURLToPath(new URL('./measure-child.js', import.meta.url));
  const start = performance.now();
  const run = spawnSync(process.execPath, ['--max-old-space-size=8192', child, mode, file], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    timeout: CHILD_TIMEOUT_MS,
  });
  if (run.error !== undefined)
    return { ok: false, error: `${mode} child failed to run: ${run.error.message}` };
  const lines = run.stdout.split('\n').filter((line) => line.trim() !== '');
  const last = lines[lines.length - 1];
  let parsed: unknown;
  try {
    parsed = last === undefined ? undefined : JSON.parse(last);
  } catch {
    parsed = undefined;
  }
  if (parsed !== null && typeof parsed === 'object') {
    if ('error' in parsed) return { ok: false, error: String(parsed.error) };
    if (isChildResult(parsed) && run.status === 0) return { ok: true, result: parsed };
  }
  const exit = run.signal === null ? `exit ${String(run.status)}` : `signal ${run.signal}`;
  const after = `after ${formatMs(performance.now() - start)}`;
  const why = stderrSummary(run.stderr);
  return { ok: false, error: `${mode} child ended with ${exit} ${after}${why === '' ? '' : `: ${why}`}` };
}

/** The line of a child's stderr that says what went wrong (V8's fatal error, a thrown error), else its tail. */
function stderrSummary(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const fatal = lines.find((line) => /FATAL ERROR|out of memory|^\w*Error\b/.test(line));
  return fatal ?? lines.slice(-3).join(' | ');
}

function isChildResult(value: object): value is ChildResult {
  return (
    'ms' in value &&
    typeof value.ms === 'number' &&
    'maxRssKb' in value &&
    typeof value.maxRssKb === 'number' &&
    'resources' in value &&
    typeof value.resources === 'number'
  );
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  const lower = sorted[mid - 1] ?? upper;
  return sorted.length % 2 === 1 ? upper : (lower + upper) / 2;
}

export function summarise(runs: readonly ChildResult[]): Measurement {
  return {
    medianMs: median(runs.map((run) => run.ms)),
    maxRssKb: Math.max(...runs.map((run) => run.maxRssKb)),
    runs,
  };
}

export function isMeasurement(value: Measurement | { error: string }): value is Measurement {
  return 'medianMs' in value;
}

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
}
