import {
  LIFECYCLE_STAGES,
  SEVERITIES,
  SSRM_LAYERS,
  aicmRole,
  type CoverageKind,
  type LifecycleStage,
  type RuleMeta,
  type Severity,
  type SsrmLayer,
} from '../model/index.js';
import { timelines } from '../store/timeline.js';
import type { ScanRecord, ThreatOccurrence, ThreatTimeline } from '../store/types.js';

export const DAY_MS = 86_400_000;

/** What the indicators are computed from: the store's scans and threat occurrences, and the latest scan. */
export interface MetricsInput {
  /** The moment ages and expiries are counted to (ISO). */
  readonly asOf: string;
  /** Start of the window (ISO) for remediation, reopen rate and scans per period; all history when absent. */
  readonly since?: string;
  /** Length of one period of `scansPerPeriod`, in days. */
  readonly periodDays: number;
  /** Every recorded scan, oldest first. */
  readonly scans: readonly { readonly id: string; readonly time: string }[];
  readonly occurrences: readonly ThreatOccurrence[];
  /** The latest scan in full; undefined when none is recorded. */
  readonly latest?: ScanRecord;
  /** Layer and lifecycle of rules by id, for scans recorded before the store kept them (the built-in rules). */
  readonly catalogue?: readonly Pick<RuleMeta, 'id' | 'ssrm' | 'lifecycle'>[];
}

export interface CellCoverage {
  readonly stage: LifecycleStage;
  readonly layer: SsrmLayer;
  /** The seed control gives the layer a role at the stage (aicmRole). */
  readonly applicable: boolean;
  /** Rules of the latest scan that ran (did not fail) and declare this stage and layer. */
  readonly rules: number;
}

export interface AgeBucket {
  readonly label: string;
  readonly minDays: number;
  /** Inclusive; absent for the last, open-ended bucket. */
  readonly maxDays?: number;
  readonly count: number;
}

export interface RemediationTime {
  readonly resolved: number;
  /** Mean days from first seen to resolution, to one decimal; null when nothing was resolved. */
  readonly meanDays: number | null;
}

export interface Metrics {
  readonly asOf: string;
  readonly since?: string;
  readonly periodDays: number;
  readonly latestScan?: { readonly id: string; readonly time: string };
  readonly coverage: {
    readonly assets: {
      /** Assets in the latest scan. */
      readonly scanned: number;
      /** Scanned assets that no skipped, unknown-value or denied coverage note names. */
      readonly complete: number;
      /** complete / scanned, to three decimals; null without assets. */
      readonly ratio: number | null;
      /** The ids of scanned assets that a note names, sorted. */
      readonly incomplete: readonly string[];
      /** Coverage notes of kind unsupported-type: resource types read but not modelled. */
      readonly unmodelledTypes: number;
    };
    readonly cells: {
      /** Lifecycle stage × SSRM layer cells in which the seed control gives the layer a role. */
      readonly applicable: number;
      /** Applicable cells with at least one rule that ran in the latest scan. */
      readonly covered: number;
      readonly ratio: number | null;
      /** Rules of the latest scan whose layer and lifecycle are not known (custom rules of old scans). */
      readonly unplacedRules: number;
      /** Every stage × layer, in lifecycle and layer order. */
      readonly list: readonly CellCoverage[];
    };
  };
  readonly openThreats: {
    readonly total: number;
    readonly bySeverity: Readonly<Record<Severity, number>>;
    readonly byAge: readonly AgeBucket[];
  };
  readonly remediation: RemediationTime & {
    readonly bySeverity: Readonly<Record<Severity, RemediationTime>>;
  };
  readonly reopen: {
    /** Threats with a resolution (present in one scan, absent in the next) in the window. */
    readonly resolved: number;
    /** Of those, the ones present again in a scan after such a resolution. */
    readonly reopened: number;
    /** reopened / resolved, to three decimals; null when nothing was resolved. */
    readonly rate: number | null;
  };
  readonly acceptedRisks: {
    readonly total: number;
    readonly expired: number;
    readonly within30Days: number;
    readonly later: number;
    readonly noExpiry: number;
  };
  readonly scansPerPeriod: readonly { readonly from: string; readonly to: string; readonly scans: number }[];
  readonly collectionGaps: readonly {
    readonly kind: CoverageKind;
    readonly service: string | null;
    readonly notes: number;
  }[];
}

/** Open threats' age buckets, in days since first seen: [min, max], the last open-ended. */
const AGE_BUCKETS: readonly (readonly [number, number | undefined])[] = [
  [0, 7],
  [8, 30],
  [31, 90],
  [91, 180],
  [181, undefined],
];

/** Notes that say something about an asset was not seen: the asset is scanned, but not completely. */
const INCOMPLETE_KINDS: readonly CoverageKind[] = ['skipped', 'unknown-value', 'denied'];

const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;

const zeroes = (): Record<Severity, number> =>
  Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;

const isSeverity = (s: string): s is Severity => (SEVERITIES as readonly string[]).includes(s);

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A YYYY-MM-DD day `days` after the day of `iso`. */
export function dayAfter(iso: string, days: number): string {
  return new Date(Date.parse(iso.slice(0, 10)) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The efficacy and efficiency indicators over the history (each defined on its field in `Metrics` and in the
 * README's Metrics section). Pure: the clock is `asOf`.
 */
export function computeMetrics(input: MetricsInput): Metrics {
  const lines = timelines(input.scans, input.occurrences, input.asOf);
  const latest = input.latest;
  return {
    asOf: input.asOf,
    ...(input.since === undefined ? {} : { since: input.since }),
    periodDays: input.periodDays,
    ...(latest === undefined ? {} : { latestScan: { id: latest.id, time: latest.time } }),
    coverage: { assets: assetCoverage(latest), cells: cellCoverage(latest, input.catalogue ?? []) },
    openThreats: openThreats(lines),
    remediation: remediation(lines, input.since),
    reopen: reopenRate(input.scans, input.occurrences, input.since),
    acceptedRisks: acceptedRisks(latest, input.asOf),
    scansPerPeriod: scansPerPeriod(input),
    collectionGaps: collectionGaps(latest),
  };
}

function assetCoverage(latest: ScanRecord | undefined): Metrics['coverage']['assets'] {
  const assets = latest?.assets ?? [];
  const notes = latest?.notes ?? [];
  const named = new Set(
    notes.filter((n) => INCOMPLETE_KINDS.includes(n.kind) && n.address !== undefined).map((n) => n.address),
  );
  const incomplete = assets
    .filter((a) => named.has(a.id))
    .map((a) => a.id)
    .sort(compare);
  return {
    scanned: assets.length,
    complete: assets.length - incomplete.length,
    ratio: ratio(assets.length - incomplete.length, assets.length),
    incomplete,
    unmodelledTypes: notes.filter((n) => n.kind === 'unsupported-type').length,
  };
}

function cellCoverage(
  latest: ScanRecord | undefined,
  catalogue: readonly Pick<RuleMeta, 'id' | 'ssrm' | 'lifecycle'>[],
): Metrics['coverage']['cells'] {
  const known = new Map(catalogue.map((r) => [r.id, r]));
  const counts = new Map<string, number>();
  let unplaced = 0;
  for (const rule of latest?.rules ?? []) {
    if (rule.failed === true) continue;
    const layer = rule.layer ?? known.get(rule.id)?.ssrm;
    const stages = rule.lifecycle ?? known.get(rule.id)?.lifecycle;
    if (layer === undefined || stages === undefined) {
      unplaced++;
      continue;
    }
    for (const stage of new Set(stages))
      counts.set(`${stage} ${layer}`, (counts.get(`${stage} ${layer}`) ?? 0) + 1);
  }
  const list = LIFECYCLE_STAGES.flatMap((stage) =>
    SSRM_LAYERS.map((layer) => ({
      stage,
      layer,
      applicable: aicmRole(stage, layer),
      rules: counts.get(`${stage} ${layer}`) ?? 0,
    })),
  );
  const applicable = list.filter((c) => c.applicable);
  const covered = applicable.filter((c) => c.rules > 0).length;
  return {
    applicable: applicable.length,
    covered,
    ratio: ratio(covered, applicable.length),
    unplacedRules: unplaced,
    list,
  };
}

/** Open: present in the latest scan and not accepted (status open or reopened). */
function openThreats(lines: readonly ThreatTimeline[]): Metrics['openThreats'] {
  const open = lines.filter((t) => t.status === 'open' || t.status === 'reopened');
  const bySeverity = zeroes();
  for (const t of open) if (isSeverity(t.severity)) bySeverity[t.severity]++;
  return {
    total: open.length,
    bySeverity,
    byAge: AGE_BUCKETS.map(([min, max]) => ({
      label: max === undefined ? `>${min - 1}d` : `${min}-${max}d`,
      minDays: min,
      ...(max === undefined ? {} : { maxDays: max }),
      count: open.filter((t) => t.ageDays >= min && (max === undefined || t.ageDays <= max)).length,
    })),
  };
}

function meanDays(list: readonly ThreatTimeline[]): RemediationTime {
  if (list.length === 0) return { resolved: 0, meanDays: null };
  const total = list.reduce(
    (sum, t) => sum + (Date.parse(t.resolvedAt ?? t.firstSeen) - Date.parse(t.firstSeen)),
    0,
  );
  return { resolved: list.length, meanDays: Math.round((total / list.length / DAY_MS) * 10) / 10 };
}

/** Mean time to remediate: over threats resolved now (and, with `since`, resolved at or after it). */
function remediation(lines: readonly ThreatTimeline[], since: string | undefined): Metrics['remediation'] {
  const resolved = lines.filter(
    (t) =>
      t.status === 'resolved' &&
      t.resolvedAt !== undefined &&
      (since === undefined || Date.parse(t.resolvedAt) >= Date.parse(since)),
  );
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, meanDays(resolved.filter((t) => t.severity === s))]),
  ) as Record<Severity, RemediationTime>;
  return { ...meanDays(resolved), bySeverity };
}

/**
 * A threat is resolved at scan i when scan i-1 held it and scan i did not; reopened when a later scan holds it
 * again. Counted per threat, for resolutions at or after `since`.
 */
function reopenRate(
  scans: MetricsInput['scans'],
  occurrences: readonly ThreatOccurrence[],
  since: string | undefined,
): Metrics['reopen'] {
  const position = new Map(scans.map((s, i) => [s.id, i]));
  const held = new Map<string, Set<number>>();
  for (const o of occurrences) {
    const at = position.get(o.scanId);
    if (at === undefined) continue;
    const set = held.get(o.fingerprint);
    if (set) set.add(at);
    else held.set(o.fingerprint, new Set([at]));
  }
  const from = since === undefined ? -Infinity : Date.parse(since);
  let resolved = 0;
  let reopened = 0;
  for (const at of held.values()) {
    const last = Math.max(...at);
    let firstResolution: number | undefined;
    for (let i = Math.min(...at) + 1; i < scans.length; i++) {
      if (at.has(i - 1) && !at.has(i) && Date.parse(scans[i]?.time ?? '') >= from) {
        firstResolution = i;
        break;
      }
    }
    if (firstResolution === undefined) continue;
    resolved++;
    if (last > firstResolution) reopened++;
  }
  return { resolved, reopened, rate: ratio(reopened, resolved) };
}

/** Acceptances covering threats of the latest scan, by their expiry against the day of `asOf`. */
function acceptedRisks(latest: ScanRecord | undefined, asOf: string): Metrics['acceptedRisks'] {
  const today = asOf.slice(0, 10);
  const soon = dayAfter(asOf, 30);
  const out = { total: 0, expired: 0, within30Days: 0, later: 0, noExpiry: 0 };
  for (const t of latest?.threats ?? []) {
    const expires = t.accepted?.expires;
    if (t.accepted === undefined) continue;
    out.total++;
    if (expires === undefined) out.noExpiry++;
    else if (expires < today) out.expired++;
    else if (expires <= soon) out.within30Days++;
    else out.later++;
  }
  return out;
}

/**
 * Periods of `periodDays` counted back from `asOf`, each (from, to], the newest last, back to the one holding
 * `since` (or the first scan).
 */
function scansPerPeriod(input: MetricsInput): Metrics['scansPerPeriod'] {
  const end = Date.parse(input.asOf);
  const first = input.scans[0];
  const start =
    input.since !== undefined
      ? Date.parse(input.since)
      : first === undefined
        ? undefined
        : Date.parse(first.time);
  if (start === undefined || start > end) return [];
  const span = input.periodDays * DAY_MS;
  const times = input.scans.map((s) => Date.parse(s.time));
  const out: { from: string; to: string; scans: number }[] = [];
  for (let to = end; ; to -= span) {
    const from = to - span;
    out.push({
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      scans: times.filter((t) => t > from && t <= to && t >= start).length,
    });
    if (from < start) break;
  }
  return out.reverse();
}

/** The latest scan's coverage notes by kind and service (null for notes of plans and source). */
function collectionGaps(latest: ScanRecord | undefined): Metrics['collectionGaps'] {
  const counts = new Map<string, { kind: CoverageKind; service: string | null; notes: number }>();
  for (const n of latest?.notes ?? []) {
    const key = `${n.kind}\u0000${n.service ?? ''}`;
    const entry = counts.get(key);
    if (entry) entry.notes++;
    else counts.set(key, { kind: n.kind, service: n.service ?? null, notes: 1 });
  }
  return [...counts.values()].sort(
    (a, b) => compare(a.kind, b.kind) || compare(a.service ?? '', b.service ?? ''),
  );
}
