import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/index.js';
import { scanFilesSync } from '../../src/scan.js';
import { toScanRecord } from '../../src/store/record.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/schema.js';
import { timelines } from '../../src/store/timeline.js';
import type { HistoryStore } from '../../src/store/types.js';
import { asset } from '../helpers/inventory.js';
import { backends } from '../helpers/store-backends.js';
import { id, scanRecord, threat } from '../helpers/scan-records.js';
import { buildGraph } from '../../src/graph/build.js';
import { createView } from '../../src/graph/view.js';

const AWS = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
const meta = (n: number) => ({
  id: id(n),
  time: `2026-01-0${n}T00:00:00.000Z`,
  toolVersion: '0.1.0',
  identity: { user: 'ci', ciSystem: 'github', ciActor: 'octocat' },
});

async function rejection(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected a rejection');
}

describe.each(backends())('history store on $name', (backend) => {
  const open: HistoryStore[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  async function fresh(): Promise<{ store: HistoryStore; target: string }> {
    const target = await backend.target();
    const store = await backend.open(target);
    open.push(store);
    return { store, target };
  }

  it('loads back exactly the record of a scan it stored, and lists it with its counts and inputs', async () => {
    const { store } = await fresh();
    const record = toScanRecord(AWS, meta(1));
    await store.record(record);
    expect(await store.load(id(1))).toEqual(record);
    const [summary, ...rest] = await store.list();
    expect(rest).toEqual([]);
    expect(summary).toEqual({
      id: id(1),
      time: '2026-01-01T00:00:00.000Z',
      toolVersion: '0.1.0',
      ruleSetHash: record.ruleSetHash,
      identity: { user: 'ci', ciSystem: 'github', ciActor: 'octocat' },
      inputs: record.inputs,
      counts: {
        assets: AWS.graph.order,
        flows: AWS.inventory.flows.length,
        threats: AWS.threats.length,
        notes: AWS.inventory.notes.length,
      },
    });
    expect(record.inputs[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.rules.length).toBe(AWS.ruleSet.length);
  });

  it('lists newest first and honours the limit', async () => {
    const { store } = await fresh();
    for (const n of [2, 1, 3]) await store.record(scanRecord(id(n), `2026-01-0${n}T00:00:00Z`, []));
    expect((await store.list()).map((s) => s.id)).toEqual([id(3), id(2), id(1)]);
    expect((await store.list(2)).map((s) => s.id)).toEqual([id(3), id(2)]);
  });

  it('resolves latest, latest~N, full ids and unique prefixes, and names a bad reference', async () => {
    const { store, target } = await fresh();
    expect(await rejection(store.resolve('latest'))).toBe(
      `latest: no scan is recorded in ${store.target}; run \`threatgraph scan\` first`,
    );
    const a = `01JAAAAAAA${'0'.repeat(16)}`;
    const b = `01JAAAAAAB${'0'.repeat(16)}`;
    await store.record(scanRecord(a, '2026-01-01T00:00:00Z', []));
    await store.record(scanRecord(b, '2026-02-01T00:00:00Z', []));
    expect(await store.resolve('latest')).toBe(b);
    expect(await store.resolve('latest~0')).toBe(b);
    expect(await store.resolve('latest~1')).toBe(a);
    expect(await store.resolve(a)).toBe(a);
    expect(await store.resolve(b.slice(0, 10).toLowerCase())).toBe(b);
    expect(await rejection(store.resolve('latest~2'))).toBe(
      `latest~2: there are fewer than 3 scans in ${store.target}; run \`threatgraph history\` to list them`,
    );
    expect(await rejection(store.resolve('01ZZZZZZ'))).toBe(
      `01ZZZZZZ: is not a scan in ${store.target}; run \`threatgraph history\` to list them`,
    );
    expect(await rejection(store.resolve("x'; DROP TABLE scans; --"))).toBe(
      "x'; DROP TABLE scans; --: is not a scan reference; give a scan id (or its first 6+ characters), latest or latest~N",
    );
    expect(await rejection(store.resolve(a.slice(0, 6)))).toBe(
      `${a.slice(0, 6)}: matches more than one scan; give more characters of the id`,
    );
    expect(await rejection(store.load(id(9)))).toBe(
      `${id(9)}: is not a scan in ${store.target}; run \`threatgraph history\` to list them`,
    );
    expect(target).toBeTruthy();
  });

  it('records nothing of a scan whose transaction fails before the commit', async () => {
    const target = await backend.target();
    const failing = await backend.open(target, {
      beforeCommit: () => {
        throw new Error('disk full');
      },
    });
    await failing.record(scanRecord(id(1), '2026-01-01T00:00:00Z', [threat('a')])).catch(() => undefined);
    await failing.close();
    const rows = await backend.raw(
      target,
      `SELECT (SELECT COUNT(*) FROM scans) AS scans, (SELECT COUNT(*) FROM threats) AS threats,
              (SELECT COUNT(*) FROM assets) AS assets, (SELECT COUNT(*) FROM scan_inputs) AS inputs`,
    );
    expect(rows.map((r) => Object.values(r).map(Number))).toEqual([[0, 0, 0, 0]]);
  });

  it('migrates an older store on open and keeps its scans', async () => {
    const target = await backend.target();
    const old = await backend.open(target, { migrations: MIGRATIONS.slice(0, 1) });
    expect(await old.schemaVersion()).toBe(1);
    await old.close();
    await backend.raw(
      target,
      `INSERT INTO scans VALUES ('${id(1)}', '2025-12-01T00:00:00Z', '0.0.9', 'h', '["AP"]', 'alice', NULL, NULL, 0, 0, 0, 0)`,
    );
    const store = await backend.open(target);
    open.push(store);
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    expect((await store.list()).map((s) => [s.id, s.toolVersion, s.identity.user])).toEqual([
      [id(1), '0.0.9', 'alice'],
    ]);
    expect((await store.load(id(1))).rules).toEqual([]);
    const applied = await backend.raw(target, 'SELECT version, name FROM schema_migrations ORDER BY version');
    expect(applied.map((r) => Number(r['version']))).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('refuses a store whose schema is newer than this tool, naming it', async () => {
    const { store, target } = await fresh();
    await store.close();
    open.pop();
    await backend.raw(target, "INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01')");
    expect(await rejection(backend.open(target))).toBe(
      `${store.target}: history schema version 99 is newer than this threatgraph supports (${SCHEMA_VERSION}); upgrade threatgraph or pass another --store`,
    );
  });

  it('gives each threat its first and last seen, status and age over the scans', async () => {
    const { store } = await fresh();
    const accepted = { justification: 'compensating control', expires: '2026-12-31' };
    await store.record(
      scanRecord(id(1), '2026-01-01T00:00:00.000Z', [threat('a'), threat('b'), threat('c')]),
    );
    await store.record(scanRecord(id(2), '2026-01-11T00:00:00.000Z', [threat('a')]));
    await store.record(
      scanRecord(id(3), '2026-01-21T00:00:00.000Z', [
        threat('a', { severity: 'critical', title: 'A, worse' }),
        threat('b'),
        threat('d', { accepted }),
      ]),
    );
    const { scans, threats } = await store.occurrences();
    const list = timelines(scans, threats, '2026-01-31T12:00:00.000Z');
    expect(list.map((t) => [t.fingerprint, t.status, t.firstSeen, t.lastSeen, t.ageDays, t.scans])).toEqual([
      ['a', 'open', '2026-01-01T00:00:00.000Z', '2026-01-21T00:00:00.000Z', 30, 3],
      ['b', 'reopened', '2026-01-01T00:00:00.000Z', '2026-01-21T00:00:00.000Z', 30, 2],
      ['c', 'resolved', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 10, 1],
      ['d', 'accepted', '2026-01-21T00:00:00.000Z', '2026-01-21T00:00:00.000Z', 10, 1],
    ]);
    expect(list[0]).toMatchObject({ severity: 'critical', title: 'A, worse' });
    expect(list[2]?.resolvedAt).toBe('2026-01-11T00:00:00.000Z');
    expect(list[0]?.resolvedAt).toBeUndefined();
  });

  it('never stores a credential found in the scanned input', async () => {
    const key = 'AKIAABCDEFGHIJKLMNOP';
    const secretAsset = asset('aws_s3_bucket.data', 'object-store', {}, { name: `bucket-${key}` });
    const inventory = {
      inputs: [
        {
          path: `plans/${key}.json`,
          sha256: 'c'.repeat(64),
          format: 'terraform-plan' as const,
          formatVersion: '1.2',
          resources: 1,
        },
      ],
      assets: [secretAsset],
      flows: [],
      notes: [{ kind: 'skipped' as const, message: `token=${key}`, input: 'plan.json' }],
    };
    const graph = buildGraph(inventory);
    const scan = { ...AWS, inventory, graph, view: createView(graph) };
    const { store, target } = await fresh();
    await store.record(toScanRecord(scan, meta(1)));
    const loaded = await store.load(id(1));
    expect(loaded.assets.find((a) => a.id === 'aws_s3_bucket.data')?.name).toBe(
      'bucket-[REDACTED:aws-access-key-id]',
    );
    for (const table of ['scans', 'scan_inputs', 'assets', 'threats', 'coverage_notes', 'flows']) {
      const rows = await backend.raw(target, `SELECT * FROM ${table}`);
      expect(JSON.stringify(rows)).not.toContain(key);
    }
  });
});
