/** What the history store needs of a database: SQL with `?` placeholders, rows as plain objects. */
export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

export interface SqlExecutor {
  all(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  insertMany(table: string, columns: readonly string[], rows: readonly SqlValue[][]): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  /** The store as messages name it. */
  readonly target: string;
  /**
   * Runs `work` in one write transaction, committed when it resolves and rolled back when it throws. `exclusive`
   * also keeps other writers out for the whole transaction (schema migrations).
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, exclusive?: boolean): Promise<T>;
  close(): Promise<void>;
}
