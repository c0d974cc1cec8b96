import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../rules/index.js';
import { metricsOf } from '../../src/metrics/from-store.js';
import { LIFECYCLE_STAGES, aicmRole } from '../../src/model/index.js';
import { MIGRATIONS } from '../../src/store/schema.js';
import { backends } from '../helpers/store-backends.js';
import { id } from '../helpers/scan-records.js';
import { AS_OF, filledStores, history } from './history-fixture.js';

describe.each(backends())('metrics over a $name store', (backend) => {
  const { filled, keep } = filledStores(backend);

  it('computes every indicator over the whole history', async () => {
    const m = await metricsOf(await filled(), { asOf: AS_OF, periodDays: 10 });
    expect(m.latestScan).toEqual({ id: id(4), time: '2026-01-31T00:00:00.000Z' });
    expect(m.coverage.assets).toEqual({
      scanned: 3,
      complete: 1,
      ratio: 0.333,
      incomplete: ['y', 'z'],
      unmodelledTypes: 2,
    });
    expect(m.openThreats).toEqual({
      total: 2 + 1,
      bySeverity: { critical: 1, high: 0, medium: 1, low: 1, info: 0 },
      byAge: [
        { label: '0-7d', minDays: 0, maxDays: 7, count: 0 },
        { label: '8-30d', minDays: 8, maxDays: 30, count: 1 },
        { label: '31-90d', minDays: 31, maxDays: 90, count: 2 },
        { label: '91-180d', minDays: 91, maxDays: 180, count: 0 },
        { label: '>180d', minDays: 181, count: 0 },
      ],
    });
    expect(m.remediation.resolved).toBe(3);
    expect(m.remediation.meanDays).toBe(16.7);
    expect(m.remediation.bySeverity).toEqual({
      critical: { resolved: 0, meanDays: null },
      high: { resolved: 2, meanDays: 15 },
      medium: { resolved: 1, meanDays: 20 },
      low: { resolved: 0, meanDays: null },
      info: { resolved: 0, meanDays: null },
    });
    expect(m.reopen).toEqual({ resolved: 4, reopened: 1, rate: 0.25 });
    expect(m.acceptedRisks).toEqual({ total: 4, expired: 1, within30Days: 1, later: 1, noExpiry: 1 });
    expect(m.scansPerPeriod).toEqual([
      { from: '2025-12-22T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z', scans: 1 },
      { from: '2026-01-01T00:00:00.000Z', to: '2026-01-11T00:00:00.000Z', scans: 1 },
      { from: '2026-01-11T00:00:00.000Z', to: '2026-01-21T00:00:00.000Z', scans: 1 },
      { from: '2026-01-21T00:00:00.000Z', to: '2026-01-31T00:00:00.000Z', scans: 1 },
      { from: '2026-01-31T00:00:00.000Z', to: '2026-02-10T00:00:00.000Z', scans: 0 },
    ]);
    expect(m.collectionGaps).toEqual([
      { kind: 'denied', service: 's3', notes: 1 },
      { kind: 'denied', service: 'sagemaker', notes: 1 },
      { kind: 'unknown-value', service: null, notes: 1 },
      { kind: 'unsupported-type', service: null, notes: 2 },
    ]);
  });

  it('places the rules that ran in lifecycle x layer cells; a failed rule covers nothing', async () => {
    const { cells } = (await metricsOf(await filled(), { asOf: AS_OF, periodDays: 30 })).coverage;
    const builtin = BUILTIN_RULES.find((r) => r.id === 'TG-DATA-001');
    if (builtin === undefined) throw new Error('TG-DATA-001 is a built-in rule');
    const expected = new Map<string, number>([
      ['training PI', 1],
      ['data-storage PI', 1],
      ['operations Application', 1],
      ['training Application', 1],
    ]);
    for (const stage of builtin.lifecycle)
      expected.set(`${stage} ${builtin.ssrm}`, (expected.get(`${stage} ${builtin.ssrm}`) ?? 0) + 1);
    const nonZero = new Map(
      cells.list.filter((c) => c.rules > 0).map((c) => [`${c.stage} ${c.layer}`, c.rules]),
    );
    expect(nonZero).toEqual(expected);
    expect(cells.list.find((c) => c.stage === 'training' && c.layer === 'Model')?.rules).toBe(0);
    expect(cells.list).toHaveLength(20 * 4);
    expect(cells.applicable).toBe(64);
    const covered = [...expected.keys()].filter((k) => {
      const [stage, layer] = k.split(' ');
      return aicmRole(stage as never, layer as never);
    }).length;
    expect(cells.covered).toBe(covered);
    expect(cells.ratio).toBe(Math.round((covered / 64) * 1000) / 1000);
    expect(cells.unplacedRules).toBe(1);
  });

  it('counts remediation, reopen rate and scans per period only from --since', async () => {
    const m = await metricsOf(await filled(), {
      asOf: AS_OF,
      periodDays: 10,
      since: '2026-01-15T00:00:00.000Z',
    });
    expect([m.remediation.resolved, m.remediation.meanDays]).toEqual([2, 20]);
    expect(m.reopen).toEqual({ resolved: 2, reopened: 0, rate: 0 });
    expect(m.scansPerPeriod.map((p) => [p.from.slice(0, 10), p.scans])).toEqual([
      ['2026-01-11', 1],
      ['2026-01-21', 1],
      ['2026-01-31', 0],
    ]);
    // Open threats and their age are the latest scan's state, whatever the window.
    expect(m.openThreats.total).toBe(3);
  });

  it('gives empty indicators, not errors, for a store without scans', async () => {
    const store = await backend.open(await backend.target());
    keep(store);
    const m = await metricsOf(store, { asOf: AS_OF, periodDays: 30 });
    expect(m.latestScan).toBeUndefined();
    expect(m.coverage.assets).toEqual({
      scanned: 0,
      complete: 0,
      ratio: null,
      incomplete: [],
      unmodelledTypes: 0,
    });
    expect([m.coverage.cells.covered, m.reopen.rate, m.remediation.meanDays, m.scansPerPeriod]).toEqual([
      0,
      null,
      null,
      [],
    ]);
  });

  it('stores rule layers, failures and note services, and counts unaccepted threats per scan for the trend', async () => {
    const store = await filled();
    const scans = history();
    expect(await store.load(id(4))).toEqual(scans[3]);
    expect(await store.openCounts(2)).toEqual([
      {
        scanId: id(3),
        time: '2026-01-21T00:00:00.000Z',
        open: { critical: 1, high: 0, medium: 2, low: 0, info: 0 },
      },
      {
        scanId: id(4),
        time: '2026-01-31T00:00:00.000Z',
        open: { critical: 1, high: 0, medium: 1, low: 1, info: 0 },
      },
    ]);
    expect((await store.openCounts(10)).map((p) => p.scanId)).toEqual([id(1), id(2), id(3), id(4)]);
  });

  it('places the rules of a scan recorded before schema version 3 by the built-in catalogue', async () => {
    const target = await backend.target();
    const old = await backend.open(target, { migrations: MIGRATIONS.slice(0, 2) });
    await old.close();
    await backend.raw(
      target,
      `INSERT INTO scans VALUES ('${id(1)}', '2026-01-01T00:00:00Z', '0.0.9', 'h', '["AP"]', 'alice', NULL, NULL, 0, 0, 0, 0)`,
    );
    await backend.raw(
      target,
      `INSERT INTO scan_rules VALUES ('${id(1)}', 'TG-DATA-001', '${'e'.repeat(64)}'), ('${id(1)}', 'ACME-1', '${'d'.repeat(64)}')`,
    );
    const store = await backend.open(target);
    keep(store);
    expect((await store.load(id(1))).rules).toEqual([
      { id: 'ACME-1', hash: 'd'.repeat(64) },
      { id: 'TG-DATA-001', hash: 'e'.repeat(64) },
    ]);
    const { cells } = (await metricsOf(store, { asOf: AS_OF, periodDays: 30 })).coverage;
    const builtin = BUILTIN_RULES.find((r) => r.id === 'TG-DATA-001');
    expect(cells.list.filter((c) => c.rules > 0).map((c) => `${c.stage} ${c.layer}`)).toEqual(
      LIFECYCLE_STAGES.filter((stage) => builtin?.lifecycle.includes(stage)).map(
        (stage) => `${stage} ${builtin?.ssrm ?? ''}`,
      ),
    );
    expect(cells.unplacedRules).toBe(1);
  });
});
