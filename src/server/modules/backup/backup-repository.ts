import type { DialectName } from '../../db/database.js';
import { BLOB_COLUMNS } from '../blobs/blob-store.js';

/** Runs one SQL statement without parameters on the connection that holds the snapshot. */
export type SnapshotQuery = (text: string) => Promise<Record<string, unknown>[]>;

const NAME = /^[a-z_][a-z0-9_]*$/;

/** A file a restore needs besides the blobs; `path` is relative to its area's directory's parent (see backup-service). */
export interface HeldFile {
  area: 'quarantine' | 'imports' | 'offline-parts';
  path: string;
  /** The SHA-256 its bytes must have (the row's). */
  sha256: string;
}

/** The SQL of a backup, run on a snapshot (a SQLite backup file, or PostgreSQL's exported snapshot). */
export class BackupRepository {
  constructor(
    private readonly dialect: DialectName,
    private readonly query: SnapshotQuery,
  ) {}

  async tables(): Promise<string[]> {
    const rows = await this.query(
      this.dialect === 'sqlite'
        ? "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name"
        : "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
    );
    return rows.map((r) => String(r.name));
  }

  /** Rows per table. */
  async counts(tables: string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of tables.filter((t) => NAME.test(t))) {
      const [row] = await this.query(`select count(*) as n from "${table}"`);
      counts[table] = Number(row?.n ?? 0);
    }
    return counts;
  }

  /** Every blob key the snapshot references, each once. */
  async blobKeys(tables: string[]): Promise<string[]> {
    const keys = new Set<string>();
    for (const [table, column] of BLOB_COLUMNS) {
      if (!tables.includes(table)) continue;
      for (const row of await this.query(`select distinct ${column} as k from ${table} where ${column} is not null`)) keys.add(String(row.k));
    }
    return [...keys].sort();
  }

  /**
   * The files outside the blob store that the snapshot names and a restore needs (issue 17):
   * raw uploads acknowledged but not yet cleaned (quarantine, with the SHA-256 of the bytes received),
   * staged card imports not yet added or discarded, and the offline copy's built parts.
   */
  async heldFiles(tables: string[]): Promise<HeldFile[]> {
    const files: HeldFile[] = [];
    if (tables.includes('media')) {
      for (const r of await this.query('select quarantine_key, upload_sha256 from media where quarantine_key is not null order by quarantine_key')) {
        files.push({ area: 'quarantine', path: `quarantine/${String(r.quarantine_key)}`, sha256: String(r.upload_sha256) });
      }
    }
    if (tables.includes('media_import_file')) {
      for (const r of await this.query('select import_id, id, sha256 from media_import_file order by import_id, id')) {
        files.push({ area: 'imports', path: `imports/${String(r.import_id)}/${String(r.id)}`, sha256: String(r.sha256) });
      }
    }
    if (tables.includes('offline_part')) {
      for (const r of await this.query('select name, sha256 from offline_part order by name')) {
        files.push({ area: 'offline-parts', path: `offline-copy/parts/${String(r.name)}`, sha256: String(r.sha256) });
      }
    }
    return files;
  }

  /** The audit chain's last event, or null for an empty log. */
  async auditHead(): Promise<{ seq: number; hash: string } | null> {
    const [row] = await this.query('select seq, hash from audit_chain_head');
    return row ? { seq: Number(row.seq), hash: String(row.hash) } : null;
  }

  /** The signed checkpoints, oldest first. */
  async checkpoints(): Promise<{ seq: number; hash: string; at: string; keyId: string; signature: string }[]> {
    const rows = await this.query('select seq, hash, at, key_id, signature from audit_checkpoint order by seq, at');
    return rows.map((r) => ({ seq: Number(r.seq), hash: String(r.hash), at: String(r.at), keyId: String(r.key_id), signature: String(r.signature) }));
  }
}
