import type { Level, Severity } from '../model/index.js';

/** Severity from impact × likelihood (each 1–5): 20+ critical, 12+ high, 6+ medium, 3+ low, else info. */
export function severityOf(impact: Level, likelihood: Level): Severity {
  const score = impact * likelihood;
  if (score >= 20) return 'critical';
  if (score >= 12) return 'high';
  if (score >= 6) return 'medium';
  if (score >= 3) return 'low';
  return 'info';
}

/** Each existing control found on the asset or path lowers likelihood by one step, never below 1. */
export function adjustedLikelihood(base: Level, controls: number): Level {
  return Math.max(1, base - controls) as Level;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  info: 0,
};

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}
