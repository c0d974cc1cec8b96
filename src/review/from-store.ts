import type { AcceptedRisk } from '../model/index.js';
import { timelines } from '../store/timeline.js';
import type { HistoryStore } from '../store/types.js';
import type { ReviewConfig } from './config.js';
import { dueForReview, type ReviewDue } from './due.js';

/** Reads what a review needs from a store and says what is due (the CLI and the evidence bundle share this). */
export async function reviewDueOf(
  store: HistoryStore,
  options: {
    readonly asOf: string;
    readonly config: ReviewConfig;
    readonly accepted: readonly AcceptedRisk[];
  },
): Promise<ReviewDue> {
  const { scans, threats } = await store.occurrences();
  const last = scans[scans.length - 1];
  const latest = last === undefined ? undefined : await store.load(last.id);
  const [review] = await store.reviews();
  const reviewed = review === undefined ? undefined : await store.load(review.scanId);
  return dueForReview({
    ...options,
    timelines: timelines(scans, threats, options.asOf),
    ...(latest === undefined ? {} : { latest }),
    ...(review === undefined || reviewed === undefined
      ? {}
      : { lastReview: { review, rules: reviewed.rules } }),
  });
}
