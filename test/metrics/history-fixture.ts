import { afterEach } from 'vitest';
import type { HistoryStore, ScanRecord, ThreatRecord } from '../../src/store/types.js';
import { assetRecord, id, scanRecord, threat } from '../helpers/scan-records.js';

/** The day every expected number below is counted to. */
export const AS_OF = '2026-02-10T00:00:00.000Z';

const t = (fp: string, severity: string, extra: Partial<ThreatRecord> = {}): ThreatRecord =>
  threat(fp, { severity, ...extra });

/**
 * Four scans ten days apart (2026-01-01, -11, -21, -31). a: critical, every scan (open, 40 days). b: high, scans
 * 1-2 (resolved at 3: 20 days). c: high, scan 1 (resolved at 2: 10 days). d: medium, scans 1, 3, 4 (resolved at
 * 2, reopened). i: medium, scans 2-3 (resolved at 4: 20 days). e: low, scan 4 (open, 10 days). f, g, h, j: accepted
 * in scan 4, expiring 2026-02-20, never, 2026-01-31 (expired by AS_OF) and 2027-01-01.
 */
export function history(): ScanRecord[] {
  const time = (n: number): string => `2026-01-${String(1 + (n - 1) * 10).padStart(2, '0')}T00:00:00.000Z`;
  const s1 = scanRecord(id(1), time(1), [
    t('a', 'critical'),
    t('b', 'high'),
    t('c', 'high'),
    t('d', 'medium'),
  ]);
  const s2 = scanRecord(id(2), time(2), [t('a', 'critical'), t('b', 'high'), t('i', 'medium')]);
  const s3 = scanRecord(id(3), time(3), [t('a', 'critical'), t('d', 'medium'), t('i', 'medium')]);
  const accepted = (expires?: string) => ({
    accepted: { justification: 'compensating control', ...(expires === undefined ? {} : { expires }) },
  });
  const s4: ScanRecord = {
    ...scanRecord(
      id(4),
      time(4),
      [
        t('a', 'critical'),
        t('d', 'medium'),
        t('e', 'low'),
        t('f', 'low', accepted('2026-02-20')),
        t('g', 'medium', accepted()),
        t('h', 'info', accepted('2026-01-31')),
        t('j', 'low', accepted('2027-01-01')),
      ],
      [assetRecord('x'), assetRecord('y'), assetRecord('z')],
    ),
    toolVersion: '0.2.0',
    rules: [
      { id: 'R1', hash: '1'.repeat(64), layer: 'PI', lifecycle: ['training', 'data-storage'] },
      { id: 'R2', hash: '2'.repeat(64), layer: 'Model', lifecycle: ['training'], failed: true },
      { id: 'R3', hash: '3'.repeat(64), layer: 'Application', lifecycle: ['operations', 'training'] },
      { id: 'R4', hash: '4'.repeat(64) },
      { id: 'TG-DATA-001', hash: '5'.repeat(64) },
    ],
    notes: [
      { kind: 'unknown-value', message: 'count of y is not known', input: 'main.tf', address: 'y' },
      {
        kind: 'denied',
        message: 'GetBucketPolicy was denied',
        input: 'aws:1',
        address: 'arn:aws:s3:::b',
        service: 's3',
      },
      { kind: 'unsupported-type', message: '2 resources of type aws_foo not modelled', input: 'plan.json' },
      { kind: 'unsupported-type', message: '1 resource of type aws_bar not modelled', input: 'plan.json' },
      {
        kind: 'denied',
        message: 'DescribeEndpoint was denied',
        input: 'aws:1',
        address: 'z',
        service: 'sagemaker',
      },
    ],
  };
  return [s1, s2, s3, s4];
}

export async function recordAll(store: HistoryStore, scans: readonly ScanRecord[]): Promise<void> {
  for (const s of scans) await store.record(s);
}

/**
 * `filled()` opens a new store of `backend` holding `history()`; `keep(store)` has another store closed too. Every
 * store is closed after each test. Call it inside a describe block.
 */
export function filledStores(backend: {
  open(target: string): Promise<HistoryStore>;
  target(): Promise<string>;
}): { filled: () => Promise<HistoryStore>; keep: (store: HistoryStore) => HistoryStore } {
  const open: HistoryStore[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  const keep = (store: HistoryStore): HistoryStore => {
    open.push(store);
    return store;
  };
  return {
    keep,
    filled: async () => {
      const store = keep(await backend.open(await backend.target()));
      await recordAll(store, history());
      return store;
    },
  };
}
