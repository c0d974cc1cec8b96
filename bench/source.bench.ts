/**
 * `npm run bench` (second part): a source tree of 1,000 .tf files (about 10,000 resources) scanned end to end,
 * against reading and parsing the same files with hcl2-parser alone. Target: at most 1.5x that time.
 *
 *   node dist/bench/source.bench.js [--files 1000] [--runs 3]
 *
 * Each measurement runs in a fresh child process; the table shows the median time and the largest peak RSS.
 * The tree is generated into the temp directory and reused when it is there for the same generator version.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  formatMs,
  isMeasurement,
  runChild,
  summarise,
  type ChildResult,
  type Measurement,
} from './children.js';
import { SOURCE_GENERATOR_VERSION, writeSyntheticSource } from './synthetic-source.js';

const TARGET_RATIO = 1.5;

function measure(mode: 'hcl-parse' | 'scan', dir: string, runs: number): Measurement | { error: string } {
  const results: ChildResult[] = [];
  for (let run = 1; run <= runs; run++) {
    const outcome = runChild(mode, dir);
    if (!outcome.ok) return { error: outcome.error };
    results.push(outcome.result);
    process.stdout.write(`  run ${String(run)} ${mode.padEnd(9)} ${formatMs(outcome.result.ms)}\n`);
  }
  return summarise(results);
}

function main(argv: readonly string[]): void {
  const { values } = parseArgs({
    args: [...argv],
    options: { files: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' } },
    strict: true,
  });
  const files = Number(values.files);
  const runs = Number(values.runs);
  if (!Number.isInteger(files) || files < 2 || !Number.isInteger(runs) || runs < 1)
    throw new Error('--files must be an integer of at least 2, --runs a positive integer');
  const dir = path.join(
    os.tmpdir(),
    `threatgraph-bench-source-${String(files)}-g${String(SOURCE_GENERATOR_VERSION)}`,
  );
  if (!fs.existsSync(path.join(dir, 'variables.tf'))) writeSyntheticSource(dir, files);
  process.stdout.write(`\nsource tree: ${String(files)} .tf files in ${dir}\n`);
  const parse = measure('hcl-parse', dir, runs);
  const scan = measure('scan', dir, runs);
  if (!isMeasurement(parse) || !isMeasurement(scan)) {
    process.stdout.write(
      `  FAIL  ${isMeasurement(parse) ? '' : parse.error}${isMeasurement(scan) ? '' : scan.error}\n`,
    );
    return;
  }
  const ratio = scan.medianMs / parse.medianMs;
  const perSecond = (files / scan.medianMs) * 1000;
  process.stdout.write(
    [
      `  hcl2-parser alone: ${formatMs(parse.medianMs)}, peak ${(parse.maxRssKb / 1024).toFixed(1)} MB`,
      `  scan:              ${formatMs(scan.medianMs)}, peak ${(scan.maxRssKb / 1024).toFixed(1)} MB, ${perSecond.toFixed(0)} files/s`,
      `  ${ratio <= TARGET_RATIO ? 'PASS' : 'FAIL'}  source scan <= ${String(TARGET_RATIO)}x hcl2-parser alone: ${ratio.toFixed(2)}x`,
      '',
    ].join('\n'),
  );
}

main(process.argv.slice(2));
