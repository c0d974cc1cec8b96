/**
 * `npm run bench`: scanner throughput and memory on synthetic plans of 1k, 10k and 100k resources, compared
 * with a process that only reads and JSON.parses the same file.
 *
 *   node dist/bench/scan.bench.js [--sizes 1000,10000,100000] [--runs 3] [--seed 1] [--keep]
 *
 * Each measurement runs in a fresh child process (bench/measure-child.ts), `parse` and `scan` alternating,
 * `--runs` times each; the table shows the median time and the largest peak RSS. Plans are generated into
 * the temp directory and reused when a file for the same size, seed and generator version is there;
 * `--keep` leaves the plans this run generated for the next run. Targets print PASS or FAIL; the exit code
 * does not depend on them. Results also go to bench/out/results.json.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  formatMs,
  isMeasurement,
  runChild,
  summarise,
  type ChildOutcome,
  type ChildResult,
  type Measurement,
} from './children.js';
import { GENERATOR_VERSION, writeSyntheticPlan } from './synthetic-plan.js';

const DEFAULT_SIZES = [1_000, 10_000, 100_000];
/** V8's longest string (2^29 - 24 UTF-16 units on 64-bit): a plan read as one string must stay below it. */
const V8_MAX_STRING = 2 ** 29 - 24;

const TARGETS = {
  /** 10k → 100k resources may cost at most this factor in scan time. */
  linearity: 11,
  /** Scan time of the 100k plan over its read-and-parse time. */
  timeRatio: 3,
  /** Scan peak RSS of the 100k plan over its read-and-parse peak RSS. */
  memoryRatio: 1.5,
};

interface Options {
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly seed: number;
  readonly keep: boolean;
}

interface SizeResult {
  readonly resources: number;
  readonly file: string;
  readonly fileBytes: number;
  readonly generatedMs: number | null;
  readonly parse: Measurement | { error: string };
  readonly scan: Measurement | { error: string };
}

type Status = 'PASS' | 'FAIL' | 'SKIP';

interface TargetCheck {
  readonly name: string;
  readonly status: Status;
  readonly limit: number;
  readonly value: number | null;
  readonly detail: string;
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      sizes: { type: 'string' },
      runs: { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const sizes =
    values.sizes === undefined
      ? DEFAULT_SIZES
      : values.sizes.split(',').map((size) => positiveInteger(size, '--sizes'));
  return {
    sizes,
    runs: positiveInteger(values.runs, '--runs'),
    seed: positiveInteger(values.seed, '--seed'),
    keep: values.keep,
  };
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text.trim().replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${flag}: expected a positive integer, got "${text}"`);
  return value;
}

function planPath(resources: number, seed: number): string {
  return path.join(
    os.tmpdir(),
    `threatgraph-bench-plan-${String(resources)}-seed${String(seed)}-g${String(GENERATOR_VERSION)}.json`,
  );
}

/** Generates the plan unless a complete one is already there; returns the generation time, or null if reused. */
function ensurePlan(file: string, resources: number, seed: number): number | null {
  if (fs.existsSync(file)) return null;
  const partial = `${file}.partial-${String(process.pid)}`;
  const start = performance.now();
  try {
    writeSyntheticPlan(partial, resources, seed);
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return performance.now() - start;
}

function measureSize(resources: number, options: Options, generated: string[]): SizeResult {
  const file = planPath(resources, options.seed);
  log(`\n${formatCount(resources)} resources: ${file}`);
  const generatedMs = ensurePlan(file, resources, options.seed);
  if (generatedMs === null) log('  reusing the plan generated earlier');
  else {
    generated.push(file);
    log(`  generated in ${formatMs(generatedMs)}`);
  }
  const fileBytes = fs.statSync(file).size;
  log(
    `  ${formatMb(fileBytes)} MB on disk${fileBytes > V8_MAX_STRING ? ' (larger than the longest V8 string!)' : ''}`,
  );

  const parseRuns: ChildResult[] = [];
  const scanRuns: ChildResult[] = [];
  let parseError: string | undefined;
  let scanError: string | undefined;
  for (let run = 1; run <= options.runs; run++) {
    if (parseError === undefined) {
      const outcome = runChild('parse', file);
      if (outcome.ok) parseRuns.push(outcome.result);
      else parseError = outcome.error;
      log(`  run ${String(run)} parse: ${describe(outcome)}`);
    }
    if (scanError === undefined) {
      const outcome = runChild('scan', file);
      if (outcome.ok) scanRuns.push(outcome.result);
      else scanError = outcome.error;
      log(`  run ${String(run)} scan:  ${describe(outcome)}`);
    }
  }
  return {
    resources,
    file,
    fileBytes,
    generatedMs,
    parse: parseError === undefined ? summarise(parseRuns) : { error: parseError },
    scan: scanError === undefined ? summarise(scanRuns) : { error: scanError },
  };
}

function describe(outcome: ChildOutcome): string {
  if (!outcome.ok) return `ERROR ${outcome.error}`;
  const { result } = outcome;
  const extra =
    result.threats === undefined
      ? ''
      : `, ${String(result.resources)} assets, ${String(result.threats)} threats`;
  return `${formatMs(result.ms)}, peak ${formatMb(result.maxRssKb * 1024)} MB${extra}`;
}

function checkTargets(results: readonly SizeResult[]): TargetCheck[] {
  const at = (resources: number): SizeResult | undefined =>
    results.find((result) => result.resources === resources);
  const small = at(10_000);
  const large = at(100_000);
  const checks: TargetCheck[] = [];

  const skip = (name: string, limit: number, why: string): TargetCheck => ({
    name,
    status: 'SKIP',
    limit,
    value: null,
    detail: why,
  });
  const judge = (name: string, limit: number, value: number, detail: string): TargetCheck => ({
    name,
    status: value <= limit ? 'PASS' : 'FAIL',
    limit,
    value,
    detail,
  });

  const linearity = `scan time 10k → 100k ≤ ${String(TARGETS.linearity)}×`;
  if (small === undefined || large === undefined) {
    checks.push(skip(linearity, TARGETS.linearity, 'needs both 10000 and 100000 in --sizes'));
  } else if (!isMeasurement(small.scan) || !isMeasurement(large.scan)) {
    checks.push({ ...skip(linearity, TARGETS.linearity, 'scan failed'), status: 'FAIL' });
  } else {
    const ratio = large.scan.medianMs / small.scan.medianMs;
    checks.push(
      judge(
        linearity,
        TARGETS.linearity,
        ratio,
        `${formatMs(small.scan.medianMs)} → ${formatMs(large.scan.medianMs)} = ${ratio.toFixed(2)}×`,
      ),
    );
  }

  const time = `100k scan time ≤ ${String(TARGETS.timeRatio)}× read+parse`;
  const memory = `100k scan peak RSS ≤ ${String(TARGETS.memoryRatio)}× read+parse`;
  if (large === undefined) {
    checks.push(skip(time, TARGETS.timeRatio, 'needs 100000 in --sizes'));
    checks.push(skip(memory, TARGETS.memoryRatio, 'needs 100000 in --sizes'));
  } else if (!isMeasurement(large.scan) || !isMeasurement(large.parse)) {
    const why = isMeasurement(large.parse) ? 'scan failed' : 'parse failed';
    checks.push({ ...skip(time, TARGETS.timeRatio, why), status: 'FAIL' });
    checks.push({ ...skip(memory, TARGETS.memoryRatio, why), status: 'FAIL' });
  } else {
    const timeRatio = large.scan.medianMs / large.parse.medianMs;
    checks.push(
      judge(
        time,
        TARGETS.timeRatio,
        timeRatio,
        `scan ${formatMs(large.scan.medianMs)} / parse ${formatMs(large.parse.medianMs)} = ${timeRatio.toFixed(2)}×`,
      ),
    );
    const memoryRatio = large.scan.maxRssKb / large.parse.maxRssKb;
    checks.push(
      judge(
        memory,
        TARGETS.memoryRatio,
        memoryRatio,
        `scan ${formatMb(large.scan.maxRssKb * 1024)} MB / parse ${formatMb(large.parse.maxRssKb * 1024)} MB = ${memoryRatio.toFixed(2)}×`,
      ),
    );
  }
  return checks;
}

function printTable(results: readonly SizeResult[]): void {
  const header = [
    'resources',
    'file MB',
    'parse ms',
    'scan ms',
    'resources/s',
    'parse peak MB',
    'scan peak MB',
    'time ×',
    'memory ×',
  ];
  const rows = results.map((result) => {
    const parse = isMeasurement(result.parse) ? result.parse : undefined;
    const scan = isMeasurement(result.scan) ? result.scan : undefined;
    return [
      formatCount(result.resources),
      formatMb(result.fileBytes),
      parse === undefined ? 'error' : parse.medianMs.toFixed(0),
      scan === undefined ? 'error' : scan.medianMs.toFixed(0),
      scan === undefined ? '-' : formatCount(Math.round(result.resources / (scan.medianMs / 1000))),
      parse === undefined ? '-' : formatMb(parse.maxRssKb * 1024),
      scan === undefined ? '-' : formatMb(scan.maxRssKb * 1024),
      parse === undefined || scan === undefined ? '-' : (scan.medianMs / parse.medianMs).toFixed(2),
      parse === undefined || scan === undefined ? '-' : (scan.maxRssKb / parse.maxRssKb).toFixed(2),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => cell.padStart(widths[column] ?? cell.length)).join('  ');
  log('');
  log(line(header));
  log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) log(line(row));
  for (const result of results) {
    if (!isMeasurement(result.parse))
      log(`${formatCount(result.resources)} parse error: ${result.parse.error}`);
    if (!isMeasurement(result.scan)) log(`${formatCount(result.resources)} scan error: ${result.scan.error}`);
  }
}

function printChecks(checks: readonly TargetCheck[]): void {
  log('\nTargets');
  for (const check of checks) log(`  ${check.status.padEnd(4)}  ${check.name}: ${check.detail}`);
  const failed = checks.filter((check) => check.status === 'FAIL').length;
  const skipped = checks.filter((check) => check.status === 'SKIP').length;
  log(
    failed === 0 && skipped === 0
      ? '\nAll targets met.'
      : `\n${String(failed)} target(s) FAILED, ${String(skipped)} skipped (the exit code does not depend on them).`,
  );
}

function writeResults(
  options: Options,
  results: readonly SizeResult[],
  checks: readonly TargetCheck[],
): string {
  const out = fileURLToPath(new URL('../../bench/out/results.json', import.meta.url));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const document = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
    generatorVersion: GENERATOR_VERSION,
    options,
    targets: TARGETS,
    results,
    checks,
  };
  fs.writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  return out;
}

function formatMb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function log(text: string): void {
  process.stdout.write(`${text}\n`);
}

function main(argv: readonly string[]): void {
  let options: Options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`scan.bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
    return;
  }
  log(
    `threatgraph scan benchmark: node ${process.version}, ${String(os.cpus().length)} CPUs, ${formatMb(os.totalmem())} MB RAM`,
  );
  log(
    `sizes ${options.sizes.map(formatCount).join(', ')}; ${String(options.runs)} runs each; seed ${String(options.seed)}`,
  );
  const generated: string[] = [];
  const results: SizeResult[] = [];
  try {
    for (const size of options.sizes) results.push(measureSize(size, options, generated));
  } finally {
    if (!options.keep) for (const file of generated) fs.rmSync(file, { force: true });
  }
  printTable(results);
  const checks = checkTargets(results);
  printChecks(checks);
  const out = writeResults(options, results, checks);
  log(`\nResults written to ${path.relative(process.cwd(), out) || out}`);
  if (!options.keep && generated.length > 0)
    log('Generated plans removed (use --keep to reuse them next time).');
}

main(process.argv.slice(2));
