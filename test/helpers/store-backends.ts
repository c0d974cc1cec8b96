import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { StoreOptions } from '../../src/store/sql-store.js';
import { openStore } from '../../src/store/open.js';
import type { HistoryStore } from '../../src/store/types.js';
import { postgresAvailable, startPostgres, type TestPostgres } from './postgres.js';

/** One kind of history store for the shared behaviour suite: a fresh empty store per call of `target`. */
export interface Backend {
  readonly name: string;
  target(): Promise<string>;
  /** Runs SQL straight on the store, bypassing threatgraph (to age a schema or look for leaks). */
  raw(target: string, sql: string): Promise<Record<string, unknown>[]>;
  open(target: string, options?: StoreOptions): Promise<HistoryStore>;
}

export const sqlite: Backend = {
  name: 'SQLite',
  target: () => Promise.resolve(join(mkdtempSync(join(tmpdir(), 'threatgraph-store-')), 'history.db')),
  raw(target, sql) {
    const db = new Database(target);
    try {
      const statement = db.prepare(sql);
      return Promise.resolve(
        statement.reader ? (statement.all() as Record<string, unknown>[]) : (statement.run(), []),
      );
    } finally {
      db.close();
    }
  },
  open: (target, options) => openStore(target, 'create', options),
};

let server: TestPostgres | undefined;

export const postgres: Backend = {
  name: 'PostgreSQL',
  target() {
    if (server === undefined) throw new Error('the PostgreSQL test server is not running');
    return server.database();
  },
  async raw(target, sql) {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  },
  open: (target, options) => openStore(target, 'create', options),
};

/** The backends to run a suite on; starts (and afterwards stops) the PostgreSQL server when there is one. */
export function backends(): Backend[] {
  if (!postgresAvailable()) return [sqlite];
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(() => {
    server?.stop();
    server = undefined;
  });
  return [sqlite, postgres];
}
