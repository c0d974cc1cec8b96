import { describe, expect, it } from 'vitest';
import { InputError, type AcceptedRisk } from '../../src/model/index.js';
import { DEFAULT_REVIEW_CONFIG, parseCadence, parseReviewConfig } from '../../src/review/config.js';
import { reviewDueOf } from '../../src/review/from-store.js';
import type { ReviewRecord } from '../../src/store/types.js';
import { backends } from '../helpers/store-backends.js';
import { id } from '../helpers/scan-records.js';
import { AS_OF, filledStores } from '../metrics/history-fixture.js';

const entry = (line: number, expires?: string): AcceptedRisk => ({
  source: `accepted.yaml:${line}`,
  file: 'accepted.yaml',
  line,
  rule: 'TG-TEST-001',
  asset: '*',
  justification: 'pilot',
  ...(expires === undefined ? {} : { expires }),
});
const ACCEPTED = [entry(3, '2026-06-01'), entry(9, '2026-03-01'), entry(15, '2026-01-31'), entry(21)];

const review = (n: number, scan: number, time: string): ReviewRecord => ({
  id: id(100 + n),
  time,
  reviewer: 'alice',
  notes: 'looked at every open threat',
  scanId: id(scan),
  ruleSetHash: 'f'.repeat(64),
  toolVersion: '0.1.0',
});

function thrown(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe.each(backends())('reviews on a $name store', (backend) => {
  const { filled } = filledStores(backend);

  it('records reviews, lists them newest first, and refuses one of a scan it does not hold', async () => {
    const store = await filled();
    await store.recordReview(review(1, 2, '2026-01-12T00:00:00.000Z'));
    await store.recordReview(review(2, 3, '2026-02-01T00:00:00.000Z'));
    expect(await store.reviews()).toEqual([
      review(2, 3, '2026-02-01T00:00:00.000Z'),
      review(1, 2, '2026-01-12T00:00:00.000Z'),
    ]);
    await expect(store.recordReview({ ...review(3, 9, AS_OF) })).rejects.toThrow(
      `${id(9)}: is not a scan in ${store.target}; run \`threatgraph history\` to list them`,
    );
    expect(await store.reviews()).toHaveLength(2);
  });

  it('before any review: cadence overdue, expired and expiring acceptances, threats past their SLA', async () => {
    const due = await reviewDueOf(await filled(), {
      asOf: AS_OF,
      config: DEFAULT_REVIEW_CONFIG,
      accepted: ACCEPTED,
    });
    expect(due.due).toBe(true);
    expect(due.cadence).toEqual({ days: 90, overdue: true });
    expect(due.ruleChanges).toBeUndefined();
    expect(due.acceptances.map((a) => [a.source, a.status, a.daysLeft])).toEqual([
      ['accepted.yaml:15', 'expired', -10],
      ['accepted.yaml:9', 'expiring', 19],
    ]);
    // a: critical, open 40 days (SLA 7); d: medium, reopened, 40 days is within 90; e: low, 10 days.
    expect(due.overdueThreats).toEqual([
      {
        fingerprint: 'a',
        ruleId: 'TG-TEST-001',
        title: 'Threat a',
        severity: 'critical',
        status: 'open',
        ageDays: 40,
        slaDays: 7,
      },
    ]);
  });

  it('after a review: the rule and tool changes since the scan it reviewed, and the next due day', async () => {
    const store = await filled();
    await store.recordReview(review(1, 3, '2026-02-01T00:00:00.000Z'));
    const due = await reviewDueOf(store, {
      asOf: AS_OF,
      config: { ...DEFAULT_REVIEW_CONFIG, slaDays: { ...DEFAULT_REVIEW_CONFIG.slaDays, critical: 60 } },
      accepted: [],
    });
    expect(due.cadence).toEqual({
      days: 90,
      lastReview: { id: id(101), time: '2026-02-01T00:00:00.000Z', reviewer: 'alice', scanId: id(3) },
      nextDue: '2026-05-02',
      overdue: false,
    });
    expect(due.overdueThreats).toEqual([]);
    expect(due.ruleChanges).toEqual({
      sinceScan: id(3),
      added: ['R1', 'R2', 'R3', 'R4', 'TG-DATA-001'],
      changed: [],
      removed: ['TG-TEST-001'],
      toolVersion: { from: '0.1.0', to: '0.2.0' },
    });
    expect(due.due).toBe(true);

    // Reviewing the latest scan clears the rule changes; only the cadence could make it due again.
    await store.recordReview({ ...review(2, 4, '2026-02-05T00:00:00.000Z'), toolVersion: '0.2.0' });
    const later = await reviewDueOf(store, {
      asOf: AS_OF,
      config: { ...DEFAULT_REVIEW_CONFIG, slaDays: { critical: 60, high: 30, medium: 90, low: 180 } },
      accepted: [],
    });
    expect(later.ruleChanges).toEqual({ sinceScan: id(4), added: [], changed: [], removed: [] });
    expect(later.due).toBe(false);
    const overdue = await reviewDueOf(store, {
      asOf: '2026-02-16T00:00:00.000Z',
      config: { cadenceDays: 10, slaDays: { critical: 60, high: 30, medium: 90, low: 180 } },
      accepted: [],
    });
    expect([overdue.cadence.nextDue, overdue.cadence.overdue, overdue.due]).toEqual([
      '2026-02-15',
      true,
      true,
    ]);
  });
});

describe('review settings', () => {
  it('reads cadence and SLA days, keeping defaults for what is not set', () => {
    expect(parseReviewConfig('c.yaml', 'review:\n  cadenceDays: 30\n  sla:\n    high: 14\n')).toEqual({
      cadenceDays: 30,
      slaDays: { critical: 7, high: 14, medium: 90, low: 180 },
    });
    expect(parseReviewConfig('c.yaml', 'version: 1\n')).toEqual(DEFAULT_REVIEW_CONFIG);
  });

  it('names the file, line and field of a bad value', () => {
    expect(thrown(() => parseReviewConfig('c.yaml', 'review:\n  cadenceDays: soon\n'))).toBe(
      'c.yaml:2: review.cadenceDays: is "soon", not a whole number of days from 1 to 3650; write how often the threat model is reviewed',
    );
    expect(thrown(() => parseReviewConfig('c.yaml', 'review:\n  sla:\n    urgent: 1\n'))).toBe(
      'c.yaml:3: review.sla: unknown key "urgent"; review.sla takes critical, high, medium, low, info',
    );
    expect(thrown(() => parseCadence('0'))).toBe(
      '--cadence: "0" is not a number of days from 1 to 3650; write e.g. --cadence 90',
    );
    expect(parseCadence('45d')).toBe(45);
  });
});
