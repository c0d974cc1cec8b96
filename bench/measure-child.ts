/**
 * One measurement in a fresh process, so that peak RSS belongs to that work alone.
 *
 *   node dist/bench/measure-child.js parse <file>   read + JSON.parse, the floor any scanner pays
 *   node dist/bench/measure-child.js scan <file>    the scanner, end to end (a plan file or a source directory)
 *   node dist/bench/measure-child.js hcl-parse <dir> read + hcl2-parser every .tf file of a directory
 *
 * Prints one JSON line: {"ms", "maxRssKb", "resources", ...} or {"error"}.
 * `ms` is the wall time of the work only; for `scan`, loading the scanner's modules is reported apart as
 * `importMs` (a constant that does not grow with the plan).
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

/** The scanner API this benchmark drives (src/scan.ts). */
interface ScanModule {
  scanFiles(
    paths: string[],
    options: { roles?: string[] },
  ): Promise<{ inventory: { assets: readonly unknown[] }; threats: readonly unknown[] }>;
}

/** Relative to dist/bench/, where this file runs from once built. */
const SCANNER = '../src/scan.js';

/** Holds results until the process ends, so their memory counts in the peak. */
const retained: unknown[] = [];

function report(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function maxRssKb(): number {
  // resourceUsage().maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS;
}

function countResourceChanges(plan: unknown): number {
  if (plan === null || typeof plan !== 'object' || !('resource_changes' in plan)) return 0;
  const changes = plan.resource_changes;
  return Array.isArray(changes) ? changes.length : 0;
}

function measureParse(file: string): void {
  const start = performance.now();
  const text = fs.readFileSync(file).toString();
  const plan: unknown = JSON.parse(text);
  const ms = performance.now() - start;
  retained.push(plan);
  report({
    mode: 'parse',
    ms,
    maxRssKb: maxRssKb(),
    resources: countResourceChanges(plan),
    bytes: text.length,
  });
}

function isScanModule(value: unknown): value is ScanModule {
  return (
    value !== null &&
    typeof value === 'object' &&
    'scanFiles' in value &&
    typeof value.scanFiles === 'function'
  );
}

/** The floor of a source scan: reading every .tf file and parsing it with hcl2-parser, nothing more. */
function measureHclParse(dir: string): void {
  const parse: unknown = createRequire(import.meta.url)('hcl2-parser');
  const fn =
    parse !== null && typeof parse === 'object'
      ? (parse as Record<string, unknown>)['parseToObject']
      : undefined;
  if (typeof fn !== 'function') throw new Error('hcl2-parser has no parseToObject');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.tf'))
    .sort();
  const start = performance.now();
  for (const f of files)
    retained.push((fn as (text: string) => unknown)(fs.readFileSync(path.join(dir, f), 'utf8')));
  const ms = performance.now() - start;
  report({ mode: 'hcl-parse', ms, maxRssKb: maxRssKb(), resources: files.length });
}

async function loadScanner(): Promise<ScanModule> {
  // A computed specifier: the scanner is written concurrently with this benchmark and may not exist yet.
  const specifier: string = SCANNER;
  const loaded: unknown = await import(specifier);
  if (!isScanModule(loaded)) throw new Error(`${SCANNER} does not export scanFiles()`);
  return loaded;
}

async function measureScan(file: string): Promise<void> {
  const importStart = performance.now();
  let scanner: ScanModule;
  try {
    scanner = await loadScanner();
  } catch (error) {
    report({ mode: 'scan', error: `cannot load the scanner (${SCANNER}): ${message(error)}` });
    return;
  }
  const importMs = performance.now() - importStart;
  const start = performance.now();
  const result = await scanner.scanFiles([file], {});
  const ms = performance.now() - start;
  retained.push(result);
  report({
    mode: 'scan',
    ms,
    importMs,
    maxRssKb: maxRssKb(),
    resources: result.inventory.assets.length,
    threats: result.threats.length,
  });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(argv: readonly string[]): Promise<void> {
  const [mode, file] = argv;
  if (file === undefined || (mode !== 'parse' && mode !== 'scan' && mode !== 'hcl-parse')) {
    report({ error: 'usage: measure-child.js parse|scan|hcl-parse <plan.json|dir>' });
    process.exitCode = 2;
    return;
  }
  if (mode === 'parse') measureParse(file);
  else if (mode === 'hcl-parse') measureHclParse(file);
  else await measureScan(file);
  if (retained.length === 0) process.exitCode = 1;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  report({ error: message(error) });
  process.exitCode = 1;
});
