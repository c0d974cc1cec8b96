import type { AcceptedRisk, Threat } from '../model/index.js';

/** An entry is expiring when it runs out within this many days: time to renew or drop it. */
export const EXPIRING_WITHIN_DAYS = 30;

export type ExpiryStatus = 'no-expiry' | 'active' | 'expiring' | 'expired';

/** One entry of the accepted-risks file, as the bundle reports it. */
export interface AcceptedRiskStatus extends Omit<AcceptedRisk, 'file' | 'line'> {
  readonly status: ExpiryStatus;
  /** Whole days from `today` to the expiry day (negative once expired). */
  readonly daysLeft?: number;
  /** Fingerprints of the threats of this scan that the entry covers, sorted. */
  readonly covers: readonly string[];
}

const DAY_MS = 86_400_000;

/** Each entry with its expiry status on `today` (YYYY-MM-DD) and the threats it covers. Pure. */
export function acceptedRiskStatus(
  entries: readonly AcceptedRisk[],
  threats: readonly Threat[],
  today: string,
): AcceptedRiskStatus[] {
  return entries.map((e) => {
    const daysLeft =
      e.expires === undefined ? undefined : Math.round((Date.parse(e.expires) - Date.parse(today)) / DAY_MS);
    const status: ExpiryStatus =
      daysLeft === undefined
        ? 'no-expiry'
        : daysLeft < 0
          ? 'expired'
          : daysLeft <= EXPIRING_WITHIN_DAYS
            ? 'expiring'
            : 'active';
    return {
      source: e.source,
      ...(e.fingerprint === undefined ? {} : { fingerprint: e.fingerprint }),
      ...(e.rule === undefined ? {} : { rule: e.rule }),
      ...(e.asset === undefined ? {} : { asset: e.asset }),
      justification: e.justification,
      ...(e.owner === undefined ? {} : { owner: e.owner }),
      ...(e.ticket === undefined ? {} : { ticket: e.ticket }),
      ...(e.expires === undefined ? {} : { expires: e.expires }),
      status,
      ...(daysLeft === undefined ? {} : { daysLeft }),
      covers: threats
        .filter((t) => t.accepted?.source === e.source)
        .map((t) => t.fingerprint)
        .sort(),
    };
  });
}
