import pg from 'pg';

/** How long a lost listening connection waits before connecting again. */
const RETRY_MS = 2000;
/** Shown in pg_stat_activity, so operators can tell the listening connection from the pool's. */
export const LISTENER_APPLICATION_NAME = 'kasus-listen';

interface Listener {
  onSignal: () => void;
  onError: (error: unknown) => void;
}

/**
 * One dedicated PostgreSQL connection per process and database that LISTENs on every channel asked
 * for (the pool's clients come and go, so they cannot hold a LISTEN). After a loss it connects again
 * and every listener is signalled once, since NOTIFYs sent meanwhile are gone.
 */
export class PgListener {
  private readonly channels = new Map<string, Set<Listener>>();
  /** The connection being set up or in use; null while there is none. */
  private current: pg.Client | null = null;
  /** The channels LISTENed on by the connection in use. */
  private listening = new Set<string>();
  private ready: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly url: string) {}

  /** Calls `onSignal` on each NOTIFY on `channel` (and once after each reconnection); resolves to the function that stops it. */
  async listen(channel: string, onSignal: () => void, onError: (error: unknown) => void = () => {}): Promise<() => Promise<void>> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Invalid channel name: ${channel}`);
    if (this.closed) throw new Error('The database is closed');
    const listener: Listener = { onSignal, onError };
    const listeners = this.channels.get(channel) ?? new Set<Listener>();
    this.channels.set(channel, listeners);
    listeners.add(listener);
    await this.connected();
    const client = this.current;
    if (client && this.ready === null && !this.listening.has(channel)) {
      try {
        await client.query(`LISTEN ${channel}`);
        this.listening.add(channel);
      } catch (error) {
        onError(error);
      }
    }
    onSignal();
    return async () => {
      listeners.delete(listener);
      if (listeners.size > 0 || this.channels.get(channel) !== listeners) return;
      this.channels.delete(channel);
      if (this.channels.size === 0) return this.disconnect();
      if (this.listening.delete(channel)) await this.current?.query(`UNLISTEN ${channel}`).catch(() => {});
    };
  }

  /** Stops listening on every channel. */
  async close(): Promise<void> {
    this.closed = true;
    this.channels.clear();
    await this.disconnect();
  }

  private connected(): Promise<void> {
    if (this.current && this.ready === null) return Promise.resolve();
    this.ready ??= this.connect().finally(() => {
      this.ready = null;
    });
    return this.ready;
  }

  private async connect(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    if (this.closed || this.channels.size === 0) return;
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 10_000, application_name: LISTENER_APPLICATION_NAME });
    this.current = client;
    this.listening = new Set();
    client.on('notification', (message) => {
      for (const listener of this.channels.get(message.channel) ?? []) listener.onSignal();
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of [...this.channels.keys()]) {
        await client.query(`LISTEN ${channel}`);
        this.listening.add(channel);
      }
    } catch (error) {
      this.lost(client, error);
      return;
    }
    // NOTIFYs sent while there was no connection are lost: every listener looks once now.
    for (const listeners of this.channels.values()) for (const listener of listeners) listener.onSignal();
  }

  /** The connection failed or ended: tell the listeners, and connect again a little later. */
  private lost(client: pg.Client, error?: unknown): void {
    if (error !== undefined) for (const listeners of this.channels.values()) for (const listener of listeners) listener.onError(error);
    if (this.current !== client) return;
    this.current = null;
    this.listening = new Set();
    client.removeAllListeners('notification');
    void client.end().catch(() => {});
    if (this.closed || this.channels.size === 0) return;
    this.retry = setTimeout(() => void this.connected(), RETRY_MS);
    this.retry.unref();
  }

  private async disconnect(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.current;
    this.current = null;
    this.listening = new Set();
    if (client) {
      client.removeAllListeners('notification');
      await client.end().catch(() => {});
    }
  }
}
