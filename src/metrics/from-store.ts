import { BUILTIN_RULES } from '../../rules/index.js';
import type { HistoryStore } from '../store/types.js';
import { computeMetrics, type Metrics } from './compute.js';

export interface MetricsOptions {
  readonly asOf: string;
  readonly since?: string;
  readonly periodDays: number;
}

/** Reads what the indicators need from a store and computes them (the CLI and the evidence bundle share this). */
export async function metricsOf(store: HistoryStore, options: MetricsOptions): Promise<Metrics> {
  const { scans, threats } = await store.occurrences();
  const last = scans[scans.length - 1];
  const latest = last === undefined ? undefined : await store.load(last.id);
  return computeMetrics({
    ...options,
    scans,
    occurrences: threats,
    ...(latest === undefined ? {} : { latest }),
    catalogue: BUILTIN_RULES,
  });
}
