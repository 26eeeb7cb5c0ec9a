import { existsSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { DataKey } from './keys.js';
import { OfflineCopyError } from './keys.js';

export const STORE_FILE = 'store.db';

/** The tables a part may carry and the columns that key each (docs/offline-copy-format.md). */
export const TABLE_KEYS = {
  department: ['id'],
  role: ['id'],
  user_account: ['id'],
  user_role: ['user_id', 'department_id', 'role_id'],
  form: ['id'],
  form_version: ['id'],
  form_department: ['form_id', 'department_id'],
  patient: ['id'],
  clinical_case: ['id'],
  media: ['id'],
  /** The image's layer in its case's current version: the copy holds one version, so the image keys it. */
  media_annotation: ['media_id'],
  media_derivative: ['media_id', 'kind'],
  blob: ['key'],
} as const satisfies Record<string, readonly string[]>;

export type CopyTable = keyof typeof TABLE_KEYS;
/** Foreign keys hold when rows are loaded in this order (the order of the contract's table). */
export const TABLE_ORDER = Object.keys(TABLE_KEYS) as CopyTable[];

export const isCopyTable = (name: unknown): name is CopyTable => typeof name === 'string' && Object.hasOwn(TABLE_KEYS, name);

export type Row = Record<string, unknown>;

/** What the store knows about the copy it holds (kept encrypted like the rows). */
export interface CopyState {
  sequence: number;
  snapshotAt: string;
  workstationId: string;
  workstationName: string;
  departmentIds: string[];
  schema: string;
  /** The exact manifest text and signature of the copy held, to put back beside it after a crash. */
  manifest: string;
  signature: string;
}

/** The key of a row as the one text its slot is derived from; a missing or non-text key column is refused. */
export function keyLabel(table: CopyTable, source: Row): string {
  const values = TABLE_KEYS[table].map((column) => {
    const value = source[column];
    if (typeof value !== 'string' || value === '') throw new OfflineCopyError(`A ${table} change in the copy has no ${column}.`);
    return value;
  });
  return JSON.stringify([table, ...values]);
}

/**
 * DIR/store.db: every row and blob of the copy, each encrypted (AES-256-GCM) under the data key in
 * a slot named by a keyed hash of its table and key, so the file shows neither identifiers nor
 * which row is which. Changes are applied in one SQLite transaction (rollback journal, synchronous
 * FULL): a kill -9 at any point leaves the previous copy as it was.
 */
export class EncryptedStore {
  private constructor(
    private readonly sqlite: SqliteDatabase.Database,
    private readonly key: DataKey,
  ) {}

  static exists(dir: string): boolean {
    return existsSync(path.join(dir, STORE_FILE));
  }

  static open(dir: string, key: DataKey, options: { readonly?: boolean } = {}): EncryptedStore {
    const file = path.join(dir, STORE_FILE);
    if (options.readonly && !existsSync(file)) throw new OfflineCopyError(`${file} does not exist: run \`kasus offline-copy sync\` first.`);
    // A sync's commit may wait for the viewer reading a new copy in (and the other way round).
    const sqlite = new SqliteDatabase(file, { readonly: options.readonly ?? false, timeout: 60_000 });
    if (!options.readonly) {
      sqlite.pragma('journal_mode = DELETE');
      sqlite.pragma('synchronous = FULL');
      sqlite.exec(`
        create table if not exists entry (slot blob primary key, tbl text not null, value blob not null) without rowid;
        create table if not exists state (name text primary key, value blob not null);
      `);
    }
    return new EncryptedStore(sqlite, key);
  }

  close(): void {
    this.sqlite.close();
  }

  private readonly statements = new Map<string, SqliteDatabase.Statement>();

  /** A statement prepared once: a sync puts every row and the viewer reads every thumbnail through these. */
  private statement(text: string): SqliteDatabase.Statement {
    let prepared = this.statements.get(text);
    if (!prepared) this.statements.set(text, (prepared = this.sqlite.prepare(text)));
    return prepared;
  }

  state(): CopyState | null {
    const row = this.sqlite.prepare('select value from state where name = ?').get('copy') as { value: Buffer } | undefined;
    if (!row) return null;
    return JSON.parse(this.key.open(row.value, Buffer.from('state:copy')).toString('utf8')) as CopyState;
  }

  /** Starts the one transaction a sync applies in; `full` empties the copy first. */
  begin(full: boolean): void {
    this.sqlite.exec('begin immediate');
    if (full) this.sqlite.exec('delete from entry');
  }

  commit(state: CopyState): void {
    this.sqlite.prepare('insert into state (name, value) values (?, ?) on conflict (name) do update set value = excluded.value').run('copy', this.key.seal(Buffer.from(JSON.stringify(state)), Buffer.from('state:copy')));
    this.sqlite.exec('commit');
  }

  rollback(): void {
    if (this.sqlite.inTransaction) this.sqlite.exec('rollback');
  }

  put(table: CopyTable, row: Row): void {
    const label = keyLabel(table, row);
    const slot = this.key.slot(label);
    let plain: Buffer;
    if (table === 'blob') {
      if (typeof row.data !== 'string') throw new OfflineCopyError('A blob in the copy has no data.');
      plain = Buffer.from(row.data, 'base64');
    } else {
      plain = Buffer.from(JSON.stringify(row), 'utf8');
    }
    this.statement('insert into entry (slot, tbl, value) values (?, ?, ?) on conflict (slot) do update set value = excluded.value').run(slot, table, this.key.seal(plain, slot));
  }

  del(table: CopyTable, key: Row): void {
    this.statement('delete from entry where slot = ?').run(this.key.slot(keyLabel(table, key)));
  }

  /** One row by its key, or undefined. */
  get(table: Exclude<CopyTable, 'blob'>, key: Row): Row | undefined {
    const slot = this.key.slot(keyLabel(table, key));
    const found = this.statement('select value from entry where slot = ?').get(slot) as { value: Buffer } | undefined;
    return found ? (JSON.parse(this.key.open(found.value, slot).toString('utf8')) as Row) : undefined;
  }

  /** The bytes of a blob (a derivative), or undefined. */
  blob(blobKey: string): Buffer | undefined {
    const slot = this.key.slot(keyLabel('blob', { key: blobKey }));
    const found = this.statement('select value from entry where slot = ?').get(slot) as { value: Buffer } | undefined;
    return found ? this.key.open(found.value, slot) : undefined;
  }

  /** Every row of a table (not blobs), decrypted one at a time. */
  *rows(table: Exclude<CopyTable, 'blob'>): Generator<Row> {
    for (const found of this.sqlite.prepare('select slot, value from entry where tbl = ?').iterate(table) as Iterable<{ slot: Buffer; value: Buffer }>) {
      yield JSON.parse(this.key.open(found.value, found.slot).toString('utf8')) as Row;
    }
  }

  count(table: CopyTable): number {
    return (this.sqlite.prepare('select count(*) as n from entry where tbl = ?').get(table) as { n: number }).n;
  }
}
