import type { AcceptedRisk, BaselineThreat, GraphView, Threat } from '../model/index.js';

export interface TriageInput {
  readonly accepted?: readonly AcceptedRisk[];
  readonly baseline?: readonly BaselineThreat[];
  /** Today as YYYY-MM-DD: an entry expiring before it no longer covers anything. */
  readonly today: string;
}

/** What accepted risks and a baseline say about a scan beyond its threats. */
export interface Triage {
  /** Threats of the baseline that this scan no longer finds. */
  readonly resolved: readonly BaselineThreat[];
  /** Entries past their expiry date: they cover nothing and are reported so that someone renews or drops them. */
  readonly expired: readonly AcceptedRisk[];
  /** Valid entries that match no threat (fixed, renamed, or a typo). */
  readonly unmatched: readonly AcceptedRisk[];
  readonly baselineGiven: boolean;
}

/**
 * Marks each threat accepted (by the first entry that covers it) and new / unchanged / changed against the
 * baseline, in the threats' own order. Pure: the day is given.
 */
export function triage(
  threats: readonly Threat[],
  input: TriageInput,
): { threats: Threat[]; triage: Triage } {
  const entries = input.accepted ?? [];
  const live = entries.filter((e) => e.expires === undefined || e.expires >= input.today);
  const matchers = live.map((e) => ({ entry: e, matches: matcherOf(e), used: false }));
  const before = new Map((input.baseline ?? []).map((t) => [t.fingerprint, t]));
  const out = threats.map((t) => {
    const m = matchers.find((x) => x.matches(t));
    if (m !== undefined) m.used = true;
    const old = before.get(t.fingerprint);
    return {
      ...t,
      ...(m === undefined
        ? {}
        : {
            accepted: {
              justification: m.entry.justification,
              source: m.entry.source,
              file: m.entry.file,
              line: m.entry.line,
              ...(m.entry.owner === undefined ? {} : { owner: m.entry.owner }),
              ...(m.entry.ticket === undefined ? {} : { ticket: m.entry.ticket }),
              ...(m.entry.expires === undefined ? {} : { expires: m.entry.expires }),
            },
          }),
      ...(input.baseline === undefined
        ? {}
        : {
            baseline:
              old === undefined
                ? ('new' as const)
                : old.severity !== t.severity || old.confidence !== t.confidence
                  ? ('changed' as const)
                  : ('unchanged' as const),
          }),
    };
  });
  const now = new Set(threats.map((t) => t.fingerprint));
  return {
    threats: out,
    triage: {
      resolved: (input.baseline ?? []).filter((t) => !now.has(t.fingerprint)),
      expired: entries.filter((e) => e.expires !== undefined && e.expires < input.today),
      unmatched: matchers.filter((m) => !m.used).map((m) => m.entry),
      baselineGiven: input.baseline !== undefined,
    },
  };
}

function matcherOf(entry: AcceptedRisk): (t: Threat) => boolean {
  const asset = entry.asset === undefined ? undefined : globRegExp(entry.asset);
  return (t) =>
    (entry.fingerprint === undefined || t.fingerprint === entry.fingerprint) &&
    (entry.rule === undefined || t.ruleId === entry.rule) &&
    (asset === undefined || t.assets.some((a) => asset.test(a)));
}

/** `*` any run of characters, `?` one; everything else literal. */
function globRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Whether the plan creates, updates or replaces one of the threat's assets or an asset on its path. */
export function touchesChange(threat: Threat, view: GraphView): boolean {
  return [...threat.assets, ...(threat.path ?? [])].some((id) => {
    const action = view.asset(id)?.action;
    return action === 'create' || action === 'update' || action === 'replace';
  });
}

/** The threats that decide the exit code: not accepted, new when asked, touching the change when asked. */
export function deciding(
  threats: readonly Threat[],
  view: GraphView,
  options: { readonly newOnly?: boolean; readonly changedOnly?: boolean },
): Threat[] {
  return threats.filter(
    (t) =>
      t.accepted === undefined &&
      (options.newOnly !== true || t.baseline === 'new') &&
      (options.changedOnly !== true || touchesChange(t, view)),
  );
}
