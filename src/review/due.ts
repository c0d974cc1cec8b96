import { DAY_MS, dayAfter } from '../metrics/compute.js';
import type { AcceptedRisk } from '../model/index.js';
import type { ReviewRecord, RuleVersion, ThreatTimeline } from '../store/types.js';
import type { ReviewConfig } from './config.js';

/** However short the cadence, acceptances expiring within this many days are due. */
export const EXPIRY_NOTICE_DAYS = 30;

export interface ReviewInput {
  /** The moment of the review (ISO). */
  readonly asOf: string;
  readonly config: ReviewConfig;
  /** The entries of the accepted-risks file. */
  readonly accepted: readonly AcceptedRisk[];
  /** Every threat's timeline over the store's scans. */
  readonly timelines: readonly ThreatTimeline[];
  /** The latest scan's id, tool version and rule versions; undefined when none is recorded. */
  readonly latest?: {
    readonly id: string;
    readonly toolVersion: string;
    readonly rules: readonly RuleVersion[];
  };
  /** The newest review, with the rule versions of the scan it reviewed. */
  readonly lastReview?: { readonly review: ReviewRecord; readonly rules: readonly RuleVersion[] };
}

export interface DueAcceptance {
  readonly source: string;
  readonly fingerprint?: string;
  readonly rule?: string;
  readonly asset?: string;
  readonly owner?: string;
  readonly ticket?: string;
  readonly expires: string;
  readonly status: 'expired' | 'expiring';
  /** Days from the review day to the expiry: negative once expired. */
  readonly daysLeft: number;
}

export interface OverdueThreat {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly title: string;
  readonly severity: string;
  readonly status: string;
  readonly ageDays: number;
  readonly slaDays: number;
}

export interface ReviewDue {
  readonly asOf: string;
  /** Anything below is due: the exit code of `threatgraph review` is 1. */
  readonly due: boolean;
  readonly cadence: {
    readonly days: number;
    readonly lastReview?: {
      readonly id: string;
      readonly time: string;
      readonly reviewer: string;
      readonly scanId: string;
    };
    /** The day the next review is due (YYYY-MM-DD); absent when there was none yet. */
    readonly nextDue?: string;
    /** No review yet, or the last is older than the cadence. */
    readonly overdue: boolean;
  };
  /** Acceptances past their expiry or expiring within max(30 days, the cadence), soonest first. */
  readonly acceptances: readonly DueAcceptance[];
  /** Threats open (open or reopened) longer than their severity's SLA, oldest first. */
  readonly overdueThreats: readonly OverdueThreat[];
  /** What the latest scan's rules changed since the scan the last review looked at; absent without a review. */
  readonly ruleChanges?: {
    readonly sinceScan: string;
    readonly added: readonly string[];
    readonly changed: readonly string[];
    readonly removed: readonly string[];
    /** Set when the threatgraph version (and with it the bundled reference data) differs. */
    readonly toolVersion?: { readonly from: string; readonly to: string };
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const dayDiff = (from: string, to: string): number =>
  Math.round((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / DAY_MS);

/** What a review of the threat model has to look at now. Pure: the day is `asOf`. */
export function dueForReview(input: ReviewInput): ReviewDue {
  const acceptances = dueAcceptances(input);
  const overdueThreats = overdue(input);
  const cadence = cadenceOf(input);
  const ruleChanges =
    input.lastReview === undefined || input.latest === undefined
      ? undefined
      : changes(input.latest, input.lastReview);
  const changed =
    ruleChanges !== undefined &&
    (ruleChanges.added.length + ruleChanges.changed.length + ruleChanges.removed.length > 0 ||
      ruleChanges.toolVersion !== undefined);
  return {
    asOf: input.asOf,
    due: cadence.overdue || acceptances.length > 0 || overdueThreats.length > 0 || changed,
    cadence,
    acceptances,
    overdueThreats,
    ...(ruleChanges === undefined ? {} : { ruleChanges }),
  };
}

function cadenceOf(input: ReviewInput): ReviewDue['cadence'] {
  const days = input.config.cadenceDays;
  const last = input.lastReview?.review;
  if (last === undefined) return { days, overdue: true };
  const nextDue = dayAfter(last.time, days);
  return {
    days,
    lastReview: { id: last.id, time: last.time, reviewer: last.reviewer, scanId: last.scanId },
    nextDue,
    overdue: input.asOf.slice(0, 10) > nextDue,
  };
}

function dueAcceptances(input: ReviewInput): DueAcceptance[] {
  const today = input.asOf.slice(0, 10);
  const horizon = dayAfter(input.asOf, Math.max(EXPIRY_NOTICE_DAYS, input.config.cadenceDays));
  const out: DueAcceptance[] = [];
  for (const a of input.accepted) {
    if (a.expires === undefined || a.expires > horizon) continue;
    out.push({
      source: a.source,
      ...(a.fingerprint === undefined ? {} : { fingerprint: a.fingerprint }),
      ...(a.rule === undefined ? {} : { rule: a.rule }),
      ...(a.asset === undefined ? {} : { asset: a.asset }),
      ...(a.owner === undefined ? {} : { owner: a.owner }),
      ...(a.ticket === undefined ? {} : { ticket: a.ticket }),
      expires: a.expires,
      status: a.expires < today ? 'expired' : 'expiring',
      daysLeft: dayDiff(today, a.expires),
    });
  }
  return out.sort((x, y) => compare(x.expires, y.expires) || compare(x.source, y.source));
}

function overdue(input: ReviewInput): OverdueThreat[] {
  const sla = input.config.slaDays as Readonly<Record<string, number | undefined>>;
  const out: OverdueThreat[] = [];
  for (const t of input.timelines) {
    if (t.status !== 'open' && t.status !== 'reopened') continue;
    const limit = Object.hasOwn(sla, t.severity) ? sla[t.severity] : undefined;
    if (limit === undefined || t.ageDays <= limit) continue;
    out.push({
      fingerprint: t.fingerprint,
      ruleId: t.ruleId,
      title: t.title,
      severity: t.severity,
      status: t.status,
      ageDays: t.ageDays,
      slaDays: limit,
    });
  }
  return out.sort((a, b) => b.ageDays - a.ageDays || compare(a.fingerprint, b.fingerprint));
}

function changes(
  latest: NonNullable<ReviewInput['latest']>,
  last: NonNullable<ReviewInput['lastReview']>,
): NonNullable<ReviewDue['ruleChanges']> {
  const before = new Map(last.rules.map((r) => [r.id, r.hash]));
  const now = new Map(latest.rules.map((r) => [r.id, r.hash]));
  const sorted = (ids: Iterable<string>): string[] => [...ids].sort(compare);
  const from = last.review.toolVersion;
  return {
    sinceScan: last.review.scanId,
    added: sorted([...now.keys()].filter((id) => !before.has(id))),
    changed: sorted(
      [...now].filter(([id, hash]) => before.has(id) && before.get(id) !== hash).map(([id]) => id),
    ),
    removed: sorted([...before.keys()].filter((id) => !now.has(id))),
    ...(from === latest.toolVersion ? {} : { toolVersion: { from, to: latest.toolVersion } }),
  };
}
