import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

/**
 * Kysely's SQLite driver with its one connection handed from request to request in arrival order
 * (issue 20). Kysely's own driver guards the connection with a mutex that wakes every waiter on each
 * release: all of them retry and all but one wait again, so with 50 requests in flight every query
 * cost about 50 promise continuations (and their garbage) on the event loop. Here the connection goes
 * straight to the next waiter, or is marked free; the semantics are Kysely's: one holder at a time,
 * a transaction keeps the connection from its `begin` to its `commit` or `rollback`.
 */
export class QueuedSqliteDriver extends SqliteDriver {
  private connection: DatabaseConnection | undefined;
  private busy = false;
  private readonly waiting: ((connection: DatabaseConnection) => void)[] = [];

  constructor(config: SqliteDialectConfig) {
    const holder: { driver?: QueuedSqliteDriver } = {};
    super({
      ...config,
      onCreateConnection: async (connection) => {
        holder.driver!.connection = connection;
        await config.onCreateConnection?.(connection);
      },
    });
    holder.driver = this;
  }

  /** Nobody holds the connection: no query is running and no transaction is open on it. */
  get free(): boolean {
    return this.connection !== undefined && !this.busy;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = this.connection;
    if (!connection) throw new Error('The SQLite driver is not initialised');
    if (!this.busy) {
      this.busy = true;
      return connection;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  override async releaseConnection(): Promise<void> {
    const next = this.waiting.shift();
    if (next) next(this.connection!);
    else this.busy = false;
  }
}

/** Kysely's SQLite dialect with {@link QueuedSqliteDriver}. */
export class QueuedSqliteDialect extends SqliteDialect {
  /** The driver of the Kysely instance made with this dialect. */
  driver: QueuedSqliteDriver | undefined;

  constructor(private readonly config: SqliteDialectConfig) {
    super(config);
  }

  override createDriver(): Driver {
    this.driver = new QueuedSqliteDriver(this.config);
    return this.driver;
  }
}
