import { Worker } from 'node:worker_threads';
import { BlobCorruptError } from '../blobs/blob-store.js';

/**
 * A full snapshot's images read off the event loop: a worker thread reads each file, checks it
 * against its key (SHA-256) and turns it into base64 text (as bytes), so the main thread only
 * copies that text into the part and encrypts it. Read on the main thread, each image was four
 * trips through libuv's pool (open, fstat, read, close) plus the hash and the base64: about 11 of
 * the 47 s of a 20,000-case snapshot, none of it overlapping with the database or the part writes.
 *
 * The buffers go back and forth (transferred, never copied): the worker keeps the ones given back,
 * so a snapshot of 300,000 images makes no garbage of 300,000 buffers.
 *
 * The worker's code is a plain script given as text, so it runs the same under tsx, vitest and the
 * compiled server.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
const free = [];
parentPort.on('message', ({ id, file, key, back }) => {
  if (back) for (const memory of back) if (free.length < 64) free.push(memory);
  if (id === undefined) return;
  try {
    const data = readFileSync(file);
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== key) {
      parentPort.postMessage({ id, corrupt: actual });
      return;
    }
    const size = 4 * Math.ceil(data.length / 3);
    const index = free.findIndex((m) => m.byteLength >= size);
    const memory = index >= 0 ? free.splice(index, 1)[0] : new ArrayBuffer(Math.max(size, 32 * 1024));
    const text = Buffer.from(memory, 0, size);
    const written = text.write(data.toString('base64'), 0, 'latin1');
    parentPort.postMessage({ id, memory, size: written }, [memory]);
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error), code: error && error.code });
  }
});
`;

type Answer = { id: number; memory: ArrayBuffer; size: number } | { id: number; corrupt: string } | { id: number; error: string; code?: string };

export class BlobReader {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { key: string; resolve: (text: Buffer) => void; reject: (error: Error) => void }>();
  private returned: ArrayBuffer[] = [];
  /** Only memory the worker sent is ever sent back (never Node's shared pool behind other buffers). */
  private readonly made = new WeakSet<ArrayBuffer>();
  private failed: Error | null = null;

  constructor() {
    // No inherited loaders (e.g. tsx's --import): the script is plain JavaScript.
    // A small heap: the worker holds a few buffers and one image's text at a time (the server's memory is what a snapshot is held to).
    this.worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 24 } });
    this.worker.on('message', (answer: Answer) => {
      const waiter = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if (!waiter) return;
      if ('memory' in answer) {
        this.made.add(answer.memory);
        waiter.resolve(Buffer.from(answer.memory, 0, answer.size));
      }
      else if ('corrupt' in answer) waiter.reject(new BlobCorruptError(waiter.key, answer.corrupt));
      else waiter.reject(Object.assign(new Error(`image ${waiter.key} not read: ${answer.error}`), { code: answer.code }));
    });
    const fail = (error: Error) => {
      this.failed = error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the image reader stopped (${code})`)));
  }

  /** The image's base64 text as bytes (latin1), checked against its key; give it back with `release` once written. */
  read(file: string, key: string): Promise<Buffer> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    const back = this.returned;
    this.returned = [];
    return new Promise<Buffer>((resolve, reject) => {
      this.waiting.set(id, { key, resolve, reject });
      this.worker.postMessage({ id, file, key, back }, back);
    });
  }

  /** The text's memory, for the worker to use again (sent with the next read). */
  release(text: Buffer): void {
    if (text.buffer instanceof ArrayBuffer && this.made.has(text.buffer) && this.returned.length < 32 && !this.returned.includes(text.buffer)) {
      this.made.delete(text.buffer);
      this.returned.push(text.buffer);
    }
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
