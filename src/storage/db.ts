/** Something that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  /** Runs one statement with $1… parameters and returns its rows. Dates come back as YYYY-MM-DD strings. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of one or more statements without parameters. */
  exec(sql: string): Promise<void>;
}

/** The Atlas's database: PGlite on disk, or a PostgreSQL server. The same SQL runs on both. */
export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Switches to the application's own role (`atlas_app`, made by the migrations), which cannot
   * UPDATE or DELETE the audit log. Call once migrations have run.
   */
  switchToAppRole(): Promise<void>;
  /** Flushes and closes the database (and releases the data-dir lock for PGlite). */
  close(): Promise<void>;
}
