import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { cli } from '../helpers/cli.js';
import { backends, postgres } from '../helpers/store-backends.js';

const PLAN = 'fixtures/reference-architecture/aws/plan.json';
const HARDENED = 'fixtures/reference-architecture/aws/hardened.json';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'threatgraph-cli-store-'));

interface DiffJson {
  from: string;
  to: string;
  threats: { new: { fingerprint: string }[]; resolved: { fingerprint: string }[]; changed: unknown[] };
  assets: { added: { id: string }[]; removed: { id: string }[] };
}

async function scanJson(input: string, store: string): Promise<{ threats: { fingerprint: string }[] }> {
  const run = await cli('scan', input, '--format', 'json', '--no-timestamps', '--store', store);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as { threats: { fingerprint: string }[] };
}

describe('scan records history', () => {
  const env = process.env['THREATGRAPH_STORE'];
  afterEach(() => {
    process.env['THREATGRAPH_STORE'] = env;
  });

  it('records each scan into --store, and history, diff and threats read it back', async () => {
    const store = join(tempDir(), 'nested', 'history.db');
    const weak = await scanJson(PLAN, store);
    const hardened = await scanJson(HARDENED, store);
    await scanJson(PLAN, store);
    expect(weak.threats.length).toBeGreaterThan(hardened.threats.length);

    const history = await cli('history', '--store', store, '--format', 'json');
    expect(history.code).toBe(0);
    const { scans } = JSON.parse(history.stdout) as {
      scans: { id: string; inputs: { path: string; sha256: string }[]; counts: { threats: number } }[];
    };
    expect(scans.map((s) => [s.inputs.map((i) => i.path), s.counts.threats])).toEqual([
      [[PLAN], weak.threats.length],
      [[HARDENED], hardened.threats.length],
      [[PLAN], weak.threats.length],
    ]);
    expect(scans[0]?.inputs[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const table = await cli('history', '--store', store, '--limit', '1');
    expect(table.stdout.split('\n').filter((l) => l.startsWith(scans[0]?.id ?? '-'))).toHaveLength(1);
    expect(table.stdout).not.toContain(scans[1]?.id ?? '-');
    expect(table.stdout).toContain('1 scan\n');

    const before = new Set(weak.threats.map((t) => t.fingerprint));
    const after = new Set(hardened.threats.map((t) => t.fingerprint));
    const diff = await cli('diff', 'latest~2', 'latest~1', '--store', store, '--format', 'json');
    expect(diff.code).toBe(0);
    const d = JSON.parse(diff.stdout) as DiffJson;
    expect([d.from, d.to]).toEqual([scans[2]?.id, scans[1]?.id]);
    expect(d.threats.resolved.map((t) => t.fingerprint)).toEqual(
      [...before].filter((f) => !after.has(f)).sort(),
    );
    expect(d.threats.new.map((t) => t.fingerprint)).toEqual([...after].filter((f) => !before.has(f)).sort());
    expect(d.threats.resolved.length).toBeGreaterThan(0);

    const diffTable = await cli('diff', scans[2]?.id ?? '', 'latest~1', '--store', store);
    expect(diffTable.stdout.split('\n')[0]).toBe(
      `From ${d.from} to ${d.to}: ${d.threats.new.length} new, ${d.threats.resolved.length} resolved, ${d.threats.changed.length} changed threats; ${d.assets.added.length} assets added, ${d.assets.removed.length} removed`,
    );

    // Resolved by the hardened plan, back with the weak one: reopened; those the hardened plan kept stay open.
    const open = await cli('threats', '--open', '--store', store, '--format', 'json');
    expect(open.code).toBe(0);
    const list = (
      JSON.parse(open.stdout) as { threats: { fingerprint: string; status: string; scans: number }[] }
    ).threats;
    expect(list.map((t) => t.fingerprint).sort()).toEqual([...before].sort());
    for (const t of list)
      expect([t.fingerprint, t.status]).toEqual([
        t.fingerprint,
        after.has(t.fingerprint) ? 'open' : 'reopened',
      ]);
    expect(list.some((t) => t.status === 'reopened')).toBe(true);
    const text = await cli('threats', '--open', '--store', store);
    expect(text.stdout.split('\n')[0]).toMatch(/^STATUS +SEVERITY +AGE +FIRST SEEN +LAST SEEN +RULE +TITLE$/);
    expect(text.stdout).toContain(`${list.length} threat${list.length === 1 ? '' : 's'}\n`);
  });

  it('records to THREATGRAPH_STORE by default and not at all with --no-store', async () => {
    const dir = tempDir();
    const store = join(dir, 'env.db');
    process.env['THREATGRAPH_STORE'] = store;
    expect((await cli('scan', PLAN, '--no-store')).code).toBe(0);
    expect(existsSync(store)).toBe(false);
    expect((await cli('scan', PLAN)).code).toBe(0);
    const s = await openStore(store, 'existing');
    try {
      expect(await s.list()).toHaveLength(1);
    } finally {
      await s.close();
    }
    process.env['THREATGRAPH_STORE'] = 'off';
    expect((await cli('scan', PLAN)).code).toBe(0);
    expect(readdirSync(dir)).toEqual(
      ['env.db', 'env.db-shm', 'env.db-wal'].filter((f) => existsSync(join(dir, f))),
    );
  });

  it('names a bad reference, a missing store and a file that is not a database, with exit 2', async () => {
    const dir = tempDir();
    const store = join(dir, 'history.db');
    await scanJson(PLAN, store);
    const bad = await cli('diff', 'latest~3', 'latest', '--store', store);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      `threatgraph: error: latest~3: there are fewer than 4 scans in ${store}; run \`threatgraph history\` to list them\n`,
    ]);
    const junk = await cli('diff', 'nope', 'latest', '--store', store);
    expect(junk.stderr).toBe(
      'threatgraph: error: nope: is not a scan reference; give a scan id (or its first 6+ characters), latest or latest~N\n',
    );

    const missing = join(dir, 'missing.db');
    const none = await cli('history', '--store', missing);
    expect([none.code, none.stderr]).toEqual([
      2,
      `threatgraph: error: ${missing}: holds no scan history; run \`threatgraph scan\` to record one, or pass --store PATH|postgres://...\n`,
    ]);
    expect(existsSync(missing)).toBe(false);

    const corrupt = join(dir, 'corrupt.db');
    writeFileSync(
      corrupt,
      'this is not a database, just text that is long enough to fill a header page\n'.repeat(20),
    );
    for (const args of [['history'], ['threats', '--open'], ['scan', PLAN]]) {
      const run = await cli(...args, '--store', corrupt);
      expect([run.code, run.stderr.split('\n').filter(Boolean).at(-1)]).toEqual([
        2,
        `threatgraph: error: ${corrupt}: is not a SQLite history database (corrupt or another kind of file); pass another --store or move it away`,
      ]);
    }
  });

  it('says history is off when THREATGRAPH_STORE=off and no --store is given', async () => {
    process.env['THREATGRAPH_STORE'] = 'off';
    const run = await cli('threats', '--open');
    expect([run.code, run.stderr]).toEqual([
      2,
      'threatgraph: error: THREATGRAPH_STORE: is off, so there is no history to read; pass --store PATH|postgres://...\n',
    ]);
  });
});

const pg = backends().filter((b) => b === postgres);
const onPostgres = pg.length > 0 ? describe.each(pg) : describe.skip.each([postgres]);

onPostgres('the CLI on a $name store', (backend) => {
  it('records to a postgres:// URL and lists it; a schema from the future is a one-line error', async () => {
    const url = await backend.target();
    expect((await cli('scan', PLAN, '--no-timestamps', '--store', url)).code).toBe(0);
    const history = await cli('history', '--store', url, '--format', 'json');
    expect((JSON.parse(history.stdout) as { scans: unknown[] }).scans).toHaveLength(1);
    await backend.raw(url, "INSERT INTO schema_migrations VALUES (7, 'later', '2030-01-01')");
    const run = await cli('history', '--store', url);
    expect([run.code, run.stderr]).toEqual([
      2,
      `threatgraph: error: ${url}: history schema version 7 is newer than this threatgraph supports (${SCHEMA_VERSION}); upgrade threatgraph or pass another --store\n`,
    ]);
  });

  it('names a server it cannot reach, without the password', async () => {
    const run = await cli('history', '--store', 'postgres://u:hunter2@127.0.0.1:1/x');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^threatgraph: error: postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x: cannot connect to the PostgreSQL history store \(.*\); check the URL and that the server is up\n$/,
    );
    expect(run.stderr).not.toContain('hunter2');
  });
});
