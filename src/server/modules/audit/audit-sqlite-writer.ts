import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The SQLite audit batch's writes off the event loop (issue 20). better-sqlite3 runs a statement and
 * its commit's fsync on the calling thread, so a group-committed batch written on the main thread
 * stalls every request for as long as the disk takes. Here a worker thread owns a second connection
 * to the same file (WAL: readers go on meanwhile) and only writes what it is given.
 *
 * The chain is still computed on the main thread, by the one appender of this process, from the head
 * it last wrote. The worker writes a batch only if the head in the database is still that head
 * (compare and swap inside `BEGIN IMMEDIATE`): when another writer moved it meanwhile (an event
 * written inside a caller's transaction on the main connection, or another process such as the CLI)
 * it writes nothing and answers the current head, and the batch is chained again from there.
 *
 * The worker's code is a plain script given as text, so it runs the same under tsx, vitest and the
 * compiled server, with better-sqlite3 resolved from here.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
// As long as PostgreSQL's batch waits for the head lock: a caller's transaction may hold the write lock a while.
db.pragma('busy_timeout = 15000');
const COLUMNS = workerData.columns;
const readHead = db.prepare('select seq, hash from audit_chain_head where id = 1');
const insert = db.prepare('insert into audit_event (' + COLUMNS.join(', ') + ') values (' + COLUMNS.map(() => '?').join(', ') + ')');
const writeHead = db.prepare('update audit_chain_head set seq = ?, hash = ? where id = 1');
parentPort.on('message', ({ id, expected, rows, head }) => {
  try {
    db.exec('begin immediate');
    try {
      const current = readHead.get();
      if (Number(current.seq) !== expected.seq || current.hash !== expected.hash) {
        db.exec('rollback');
        parentPort.postMessage({ id, conflict: { seq: Number(current.seq), hash: current.hash } });
        return;
      }
      for (const row of rows) insert.run(COLUMNS.map((c) => row[c]));
      writeHead.run(head.seq, head.hash);
      db.exec('commit');
    } catch (error) {
      if (db.inTransaction) db.exec('rollback');
      throw error;
    }
    parentPort.postMessage({ id, written: true });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

export interface ChainHead {
  seq: number;
  hash: string;
}

type Answer = { id: number; written: true } | { id: number; conflict: ChainHead } | { id: number; error: string };

export class AuditSqliteWriter {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void }>();
  private failed: Error | null = null;

  constructor(file: string, columns: readonly string[]) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    // No inherited loaders (e.g. tsx's --import): the script is plain JavaScript.
    this.worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { file, driver, columns } });
    this.worker.on('message', (answer: Answer) => {
      const waiter = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if (this.waiting.size === 0) this.worker.unref();
      waiter?.resolve(answer);
    });
    const fail = (error: Error) => {
      this.failed = error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', () => fail(new Error('The audit writer stopped')));
    // The worker keeps the process alive only while a batch is on its way (a finished process ends).
    this.worker.unref();
  }

  /**
   * Writes the rows and moves the head from `expected` to `head`, in one transaction, if the head is
   * still `expected`; otherwise writes nothing and returns the current head.
   */
  async write(expected: ChainHead, rows: Record<string, unknown>[], head: ChainHead): Promise<{ written: true } | { conflict: ChainHead }> {
    if (this.failed) throw this.failed;
    const id = this.nextId++;
    const answer = await new Promise<Answer>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, expected, rows, head });
    });
    if ('error' in answer) throw new Error(`The audit batch could not be written: ${answer.error}`);
    return 'conflict' in answer ? { conflict: answer.conflict } : { written: true };
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
