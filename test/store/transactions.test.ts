import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { backends, postgres, sqlite } from '../helpers/store-backends.js';
import { id, scanRecord, threat } from '../helpers/scan-records.js';

const require = createRequire(import.meta.url);
let child = '';

/** The native and CommonJS drivers stay outside the bundle, imported from this checkout's node_modules. */
const drivers: Plugin = {
  name: 'drivers',
  setup(b) {
    b.onResolve({ filter: /^(better-sqlite3|pg)$/ }, (args) => ({
      path: require.resolve(args.path),
      external: true,
    }));
  },
};

beforeAll(async () => {
  child = join(mkdtempSync(join(tmpdir(), 'threatgraph-child-')), 'record-child.mjs');
  await build({
    entryPoints: ['test/store/record-child.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: child,
    plugins: [drivers],
    logLevel: 'error',
  });
}, 60_000);

function start(args: string[]) {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; out: string; err: string }>(
    (resolve) => {
      proc.on('exit', (code, signal) => {
        resolve({ code, signal, out, err });
      });
    },
  );
  const said = (text: string) =>
    new Promise<void>((resolve, reject) => {
      proc.stdout.on('data', () => {
        if (out.includes(text)) resolve();
      });
      void exited.then(({ code, err }) => {
        reject(new Error(`child exited ${String(code)} before "${text}": ${err}`));
      });
    });
  return { proc, exited, said };
}

describe('a scan killed mid-write', () => {
  it('leaves the SQLite store holding exactly the scans it had before', async () => {
    const target = await sqlite.target();
    const before = await openStore(target, 'create');
    await before.record(scanRecord(id(1), '2026-01-01T00:00:00Z', [threat('a'), threat('b')]));
    await before.record(scanRecord(id(2), '2026-01-02T00:00:00Z', [threat('a')]));
    await before.close();
    const walBefore = statSync(`${target}-wal`, { throwIfNoEntry: false })?.size ?? 0;

    const writer = start([target, 'pause', '60000']);
    await writer.said('in-transaction');
    // The uncommitted scan is on disk already (SQLite spilled it to the WAL): the kill lands mid-write.
    expect(statSync(`${target}-wal`).size).toBeGreaterThan(walBefore + 1_000_000);
    writer.proc.kill('SIGKILL');
    expect((await writer.exited).signal).toBe('SIGKILL');

    const after = await openStore(target, 'existing');
    try {
      expect((await after.list()).map((s) => s.id)).toEqual([id(2), id(1)]);
    } finally {
      await after.close();
    }
    const counts = await sqlite.raw(
      target,
      `SELECT (SELECT COUNT(*) FROM threats) AS threats, (SELECT COUNT(*) FROM assets) AS assets`,
    );
    expect(counts).toEqual([{ threats: 3, assets: 2 }]);
    expect(await sqlite.raw(target, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });
});

describe('concurrent recorders on SQLite', () => {
  it('lose nothing: three processes writing to one file wait for each other', async () => {
    const target = await sqlite.target();
    await (await openStore(target, 'create')).close();
    const writers = Array.from({ length: 3 }, () => start([target, 'record', '4']));
    const results = await Promise.all(writers.map((w) => w.exited));
    expect(results.map((r) => [r.code, r.out.trim(), r.err])).toEqual(Array(3).fill([0, 'recorded', '']));
    expect(
      await sqlite.raw(
        target,
        'SELECT (SELECT COUNT(*) FROM scans) AS scans, (SELECT COUNT(*) FROM threats) AS threats',
      ),
    ).toEqual([{ scans: 12, threats: 12 * 200 }]);
  });
});

const pgOnly = backends().filter((b) => b === postgres);
// Without a server, backends() has said so loudly; the suite is then reported as skipped.
const onPostgres = pgOnly.length > 0 ? describe.each(pgOnly) : describe.skip.each([postgres]);

onPostgres('concurrent recorders on $name', (backend) => {
  it('lose nothing: four processes writing at once', async () => {
    const target = await backend.target();
    // Created first, so that the recorders race on writing scans; migrations racing is the next test.
    await (await backend.open(target)).close();
    const writers = Array.from({ length: 4 }, () => start([target, 'record', '3']));
    const results = await Promise.all(writers.map((w) => w.exited));
    expect(results.map((r) => [r.code, r.out.trim(), r.err])).toEqual(Array(4).fill([0, 'recorded', '']));
    const rows = await backend.raw(
      target,
      'SELECT (SELECT COUNT(*) FROM scans) AS scans, (SELECT COUNT(*) FROM threats) AS threats',
    );
    expect(rows.map((r) => [Number(r['scans']), Number(r['threats'])])).toEqual([[12, 12 * 200]]);
  });

  it('lose nothing: many connections opening a new store and recording at once', async () => {
    const target = await backend.target();
    const stores = await Promise.all(Array.from({ length: 6 }, () => backend.open(target)));
    try {
      await Promise.all(
        stores.map((s, n) =>
          Promise.all(
            [1, 2, 3].map((k) =>
              s.record(scanRecord(id(n * 10 + k), '2026-01-01T00:00:00Z', [threat(`t${n}-${k}`)])),
            ),
          ),
        ),
      );
      const listed = await stores[0]?.list();
      expect(listed?.length).toBe(18);
      expect(new Set(listed?.map((s) => s.counts.threats))).toEqual(new Set([1]));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
