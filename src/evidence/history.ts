import { InputError } from '../model/index.js';
import { diffScans, type ScanDiff } from '../store/diff.js';
import { timelines } from '../store/timeline.js';
import type { HistoryStore, ScanSummary, ThreatTimeline } from '../store/types.js';

/** What the bundle holds of the history store: the scans of the period, each threat's life over them, the last change. */
export interface HistoryExtract {
  /** The store as messages name it (no password). */
  readonly store: string;
  /** ISO time the period starts at; undefined for all of history. */
  readonly since?: string;
  /** Newest first. */
  readonly scans: readonly ScanSummary[];
  readonly threats: readonly ThreatTimeline[];
  /** From the scan before the latest to the latest; absent with fewer than two scans in the period. */
  readonly diff?: ScanDiff;
}

const DAY_MS = 86_400_000;

/**
 * `--period`: a number of days back from `now` (`90d`), a day (`2026-01-31`) or `all`; the ISO time it starts at,
 * undefined for all.
 */
export function periodStart(text: string, now: string): string | undefined {
  if (text === 'all') return undefined;
  const days = /^(\d{1,5})d$/.exec(text);
  if (days !== null) return new Date(Date.parse(now) - Number(days[1]) * DAY_MS).toISOString();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day !== null) {
    const at = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
    if (at.toISOString().slice(0, 10) === day[0]) return at.toISOString();
  }
  const shown = text.replace(/[\p{Cc}\p{Cf}]/gu, '?').slice(0, 40);
  throw new InputError(
    '--period',
    `"${shown}" is not a period; write a number of days (90d), a day (2026-01-31) or all`,
  );
}

/** Reads the extract for scans at or after `since`; ages count to `asOf`. */
export async function historyExtract(
  store: HistoryStore,
  since: string | undefined,
  asOf: string,
): Promise<HistoryExtract> {
  const inPeriod = (time: string): boolean => since === undefined || Date.parse(time) >= Date.parse(since);
  const scans = (await store.list()).filter((s) => inPeriod(s.time));
  const { scans: all, threats } = await store.occurrences();
  const lives = timelines(
    all.filter((s) => inPeriod(s.time)),
    threats,
    asOf,
  );
  const [latest, previous] = scans;
  const diff =
    latest !== undefined && previous !== undefined
      ? diffScans(await store.load(previous.id), await store.load(latest.id))
      : undefined;
  return {
    store: store.target,
    ...(since === undefined ? {} : { since }),
    scans,
    threats: lives,
    ...(diff === undefined ? {} : { diff }),
  };
}
