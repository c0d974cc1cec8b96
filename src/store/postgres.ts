import pg from 'pg';
import { InputError } from '../model/index.js';
import type { Row, SqlDriver, SqlExecutor, SqlValue } from './driver.js';
import { openSqlStore, type StoreOptions } from './sql-store.js';
import type { HistoryStore } from './types.js';

/** Any number will do, as long as every threatgraph uses the same one: it serialises schema migrations. */
const MIGRATION_LOCK = 7_471_203;
/** PostgreSQL takes at most 65535 parameters in one statement. */
const MAX_PARAMS = 30_000;

/** The URL as messages may show it: without its password. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

function placeholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

class Executor implements SqlExecutor {
  constructor(private readonly client: pg.Pool | pg.PoolClient) {}

  async all(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    const result = await this.client.query(placeholders(sql), [...params]);
    return result.rows as Row[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await this.client.query(placeholders(sql), [...params]);
  }

  async insertMany(table: string, columns: readonly string[], rows: readonly SqlValue[][]): Promise<void> {
    const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
    for (let at = 0; at < rows.length; at += per) {
      const chunk = rows.slice(at, at + per);
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      await this.run(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`,
        chunk.flat(),
      );
    }
  }
}

class PostgresDriver extends Executor implements SqlDriver {
  constructor(
    private readonly pool: pg.Pool,
    readonly target: string,
  ) {
    super(pool);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>, exclusive = false): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (exclusive) await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const out = await work(new Executor(client));
      await client.query('COMMIT');
      return out;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Opens a PostgreSQL history store (postgres://user:password@host:port/database), migrating its schema. */
export async function openPostgresStore(url: string, options: StoreOptions = {}): Promise<HistoryStore> {
  const target = displayUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle connection that the server drops must not bring the process down; the next query reports it.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new InputError(
      target,
      `cannot connect to the PostgreSQL history store (${reason ?? ''}); check the URL and that the server is up`,
    );
  }
  return openSqlStore(new PostgresDriver(pool, target), options);
}
