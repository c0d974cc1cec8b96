import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../model/index.js';
import type { Row, SqlDriver, SqlExecutor, SqlValue } from './driver.js';
import { openSqlStore, type StoreOptions } from './sql-store.js';
import type { HistoryStore } from './types.js';

const BUSY_TIMEOUT_MS = 10_000;

/** Errors SQLite raises for a file that is not a database, whatever statement hits them first. */
function asInputError(path: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return new InputError(
      path,
      'is not a SQLite history database (corrupt or another kind of file); pass another --store or move it away',
    );
  if (code === 'SQLITE_CANTOPEN')
    return new InputError(path, 'cannot be opened as a history store; check the path and its permissions');
  return error;
}

class SqliteDriver implements SqlDriver {
  constructor(
    private readonly db: Database.Database,
    readonly target: string,
  ) {}

  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw asInputError(this.target, error);
    }
  }

  all(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return Promise.resolve(this.guard(() => this.db.prepare(sql).all(...params) as Row[]));
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    this.guard(() => this.db.prepare(sql).run(...params));
    return Promise.resolve();
  }

  insertMany(table: string, columns: readonly string[], rows: readonly SqlValue[][]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    this.guard(() => {
      const insert = this.db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      for (const row of rows) insert.run(...row);
    });
    return Promise.resolve();
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    // IMMEDIATE takes the write lock up front, so two recorders queue on the busy timeout instead of failing
    // half-way when one upgrades a read lock.
    this.guard(() => this.db.exec('BEGIN IMMEDIATE'));
    try {
      const out = await work(this);
      this.guard(() => this.db.exec('COMMIT'));
      return out;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}

/**
 * Opens (`create`: creating it and its directory when missing) a SQLite history file in WAL mode.
 * `existing` refuses a path where no store is, so a mistyped --store is reported instead of made.
 */
export async function openSqliteStore(
  path: string,
  mode: 'create' | 'existing',
  options: StoreOptions = {},
): Promise<HistoryStore> {
  if (mode === 'existing' && !existsSync(path))
    throw new InputError(
      path,
      'holds no scan history; run `threatgraph scan` to record one, or pass --store PATH|postgres://...',
    );
  if (mode === 'create') mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: mode === 'existing' });
  } catch (error) {
    throw asInputError(path, error);
  }
  const driver = new SqliteDriver(db, path);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    db.close();
    throw asInputError(path, error);
  }
  return openSqlStore(driver, options);
}
