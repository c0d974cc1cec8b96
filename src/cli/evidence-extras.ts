import { metricsOf } from '../metrics/from-store.js';
import { storeTarget } from '../store/open.js';
import type { ExtrasProvider } from './evidence.js';
import { withStore } from './history.js';

/** Days per bucket of the bundle's "scans per period" indicator. */
const PERIOD_DAYS = 30;

/**
 * The metrics and reviews of the history store for the evidence bundle (guidelines 5 and 6): none when history is
 * off, since there is nothing they could be computed from.
 */
export const evidenceExtras: ExtrasProvider = async (context) => {
  if (context.store === false || storeTarget(context.store) === undefined) return [];
  const flag = typeof context.store === 'string' ? context.store : undefined;
  return withStore(flag, async (store) => [
    {
      name: 'metrics',
      json: await metricsOf(store, {
        asOf: context.now,
        periodDays: PERIOD_DAYS,
        ...(context.since === undefined ? {} : { since: context.since }),
      }),
    },
    { name: 'reviews', json: await store.reviews() },
  ]);
};
