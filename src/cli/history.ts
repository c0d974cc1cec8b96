import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import { InputError, SEVERITIES, type Severity } from '../model/index.js';
import type { ScanResult } from '../scan.js';
import { diffScans } from '../store/diff.js';
import { STORE_ENV, openStore, storeTarget } from '../store/open.js';
import { identityOf, toScanRecord } from '../store/record.js';
import { renderDiff, renderHistory, renderTimelines } from '../store/render.js';
import { newScanId } from '../store/scan-id.js';
import { timelines } from '../store/timeline.js';
import type { HistoryStore, OpenCounts } from '../store/types.js';
import { TOOL_VERSION } from '../version.js';
import { writeOutput } from './output.js';

export const storeOption = (): Option =>
  new Option(
    '--store <path|url>',
    `history store: a SQLite file or postgres:// URL (default ${STORE_ENV} or .threatgraph/history.db)`,
  );

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? 'unknown';
  }
}

/** Records the scan unless history is off; `time` is the report's, else the clock's (history always has one). */
export async function recordScan(
  scan: ScanResult,
  flag: string | boolean | undefined,
  time: string | undefined,
  id: string = newScanId(),
): Promise<void> {
  const target = storeTarget(flag);
  if (target === undefined) return;
  const store = await openStore(target, 'create');
  try {
    await store.record(
      toScanRecord(scan, {
        id,
        time: time ?? new Date().toISOString(),
        toolVersion: TOOL_VERSION,
        identity: identityOf(process.env, osUser()),
      }),
    );
  } finally {
    await store.close();
  }
}

/** How many scans the HTML report's trend shows, this one included. */
export const TREND_SCANS = 20;

/**
 * The trend for a scan about to be recorded as `id` at `time`: the previous scans' unaccepted threats by
 * severity and this scan's; undefined when history is off. A SQLite store that does not exist yet has no
 * previous scans and is not created here.
 */
export async function trendOf(
  scan: ScanResult,
  flag: string | boolean | undefined,
  id: string,
  time: string,
): Promise<OpenCounts[] | undefined> {
  const target = storeTarget(flag);
  if (target === undefined) return undefined;
  const open = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const t of scan.threats) if (t.accepted === undefined) open[t.severity]++;
  const current = { scanId: id, time, open };
  if (!/^postgres(?:ql)?:\/\//i.test(target) && !existsSync(target)) return [current];
  const store = await openStore(target, 'create');
  try {
    return [...(await store.openCounts(TREND_SCANS - 1)), current];
  } finally {
    await store.close();
  }
}

/** Runs `work` on the existing store of `--store` (else the default), closing it after; an error when history is off. */
export async function withStore<T>(
  flag: string | undefined,
  work: (store: HistoryStore) => Promise<T>,
): Promise<T> {
  const target = storeTarget(flag);
  if (target === undefined)
    throw new InputError(
      STORE_ENV,
      'is off, so there is no history to read; pass --store PATH|postgres://...',
    );
  const store = await openStore(target, 'existing');
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export const formatOption = (): Option =>
  new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table');

function parseLimit(text: string): number {
  if (!/^\d{1,9}$/.test(text) || Number(text) === 0)
    throw new InputError('--limit', `"${text}" is not a positive whole number`);
  return Number(text);
}

/** The day ages are counted to: SOURCE_DATE_EPOCH when set (reproducible output), else today. */
export function asOf(): string {
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

export function addHistoryCommands(program: Command): void {
  program
    .command('history')
    .description('list the scans recorded in the history store, newest first')
    .addOption(storeOption())
    .option('--limit <n>', 'show at most this many scans', parseLimit)
    .addOption(formatOption())
    .action(async (flags: { store?: string; limit?: number; format: 'table' | 'json' }) => {
      const scans = await withStore(flags.store, (s) => s.list(flags.limit));
      writeOutput(renderHistory(scans, flags.format), undefined);
    });

  program
    .command('diff')
    .description('compare two recorded scans: new, resolved and changed threats, added and removed assets')
    .argument('<scanA>', 'a scan id (or a unique prefix), latest or latest~N')
    .argument('<scanB>', 'a scan id (or a unique prefix), latest or latest~N')
    .addOption(storeOption())
    .addOption(formatOption())
    .action(async (a: string, b: string, flags: { store?: string; format: 'table' | 'json' }) => {
      const diff = await withStore(flags.store, async (s) =>
        diffScans(await s.load(await s.resolve(a)), await s.load(await s.resolve(b))),
      );
      writeOutput(renderDiff(diff, flags.format), undefined);
    });

  program
    .command('threats')
    .description('each threat across the recorded scans: first and last seen, status and age in days')
    .option('--open', 'only threats still present in the latest scan (open, accepted or reopened)')
    .addOption(storeOption())
    .addOption(formatOption())
    .action(async (flags: { store?: string; open?: boolean; format: 'table' | 'json' }) => {
      const all = await withStore(flags.store, async (s) => {
        const { scans, threats } = await s.occurrences();
        return timelines(scans, threats, asOf());
      });
      const shown = flags.open === true ? all.filter((t) => t.status !== 'resolved') : all;
      writeOutput(renderTimelines(shown, flags.format), undefined);
    });
}
