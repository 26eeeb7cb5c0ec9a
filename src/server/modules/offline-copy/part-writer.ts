import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AgeEncryptStream, ageFileStart } from './age.js';
import { PART_PLAINTEXT_BYTES } from './offline-copy-repository.js';

export interface WrittenPart {
  name: string;
  number: number;
  sha256: string;
  size: number;
}

/** Lines are handed to the encrypter in chunks of about this size (age encrypts 64 KiB at a time). */
const CHUNK_BYTES = 256 * 1024;

/** One age file being written: plaintext in, ciphertext streamed to a temporary file and hashed. */
class OpenPart {
  readonly input = new PassThrough({ highWaterMark: CHUNK_BYTES });
  readonly done: Promise<void>;
  private failure: Error | null = null;
  plaintextBytes = 0;
  private readonly hash = createHash('sha256');
  private size = 0;

  constructor(
    readonly name: string,
    readonly number: number,
    readonly temp: string,
    recipient: string,
  ) {
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.hash.update(chunk);
        this.size += chunk.length;
        callback(null, chunk);
      },
    });
    this.done = (async () => {
      await pipeline(this.input, new AgeEncryptStream(await ageFileStart(recipient)), counter, createWriteStream(temp));
    })();
    this.done.catch((error: Error) => {
      this.failure = error;
      this.input.destroy();
    });
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    this.plaintextBytes += chunk.length;
    // Backpressure: memory holds at most a few chunks whatever the size of the copy.
    if (!this.input.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => { cleanup(); resolve(); };
        const onFail = () => { cleanup(); reject(this.failure ?? new Error('part encryption failed')); };
        const cleanup = () => { this.input.off('drain', onDrain); this.input.off('close', onFail); };
        this.input.once('drain', onDrain);
        this.input.once('close', onFail);
      });
    }
  }

  async finish(): Promise<{ sha256: string; size: number }> {
    this.input.end();
    await this.done;
    return { sha256: this.hash.digest('hex'), size: this.size };
  }
}

/**
 * Writes the NDJSON lines of one snapshot for one workstation into age-encrypted parts of at most
 * 16 MiB of plaintext each, streaming: memory does not grow with the copy. A part is written to a
 * temporary file, fsynced and renamed into place when finished.
 */
export class PartWriter {
  private current: OpenPart | null = null;
  /** Lines are written straight into this chunk (no Buffer per line): a snapshot allocates far less. */
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private buffered = 0;
  private readonly parts: WrittenPart[] = [];
  private readonly files: string[] = [];
  lines = 0;

  constructor(
    private readonly dir: string,
    private readonly workstationId: string,
    private readonly sequence: number,
    private readonly recipient: string,
  ) {}

  private async open(): Promise<OpenPart> {
    await mkdir(this.dir, { recursive: true });
    const number = this.parts.length + 1;
    const name = partName(this.workstationId, this.sequence, number);
    const temp = path.join(this.dir, `${name}.tmp`);
    this.files.push(temp);
    this.current = new OpenPart(name, number, temp, this.recipient);
    return this.current;
  }

  async write(change: unknown): Promise<void> {
    await this.writeLine(JSON.stringify(change));
  }

  /** One line that is already JSON text, given in pieces (without its newline). */
  async writeLine(...pieces: string[]): Promise<void> {
    let length = 1;
    for (const piece of pieces) length += Buffer.byteLength(piece, 'utf8');
    if (length > PART_PLAINTEXT_BYTES) throw new Error(`a line of ${length} bytes does not fit in a part`);
    const part = this.current ?? (await this.open());
    if (part.plaintextBytes + this.buffered + length > PART_PLAINTEXT_BYTES) {
      await this.close();
      await this.open();
    }
    if (this.buffered + length > this.chunk.length) {
      await this.flush();
      // A line longer than a chunk (a large preview) gets a chunk of its own size.
      if (length > this.chunk.length) this.chunk = Buffer.allocUnsafe(length);
    }
    for (const piece of pieces) this.buffered += this.chunk.write(piece, this.buffered, 'utf8');
    this.chunk[this.buffered++] = 0x0a;
    this.lines++;
    if (this.buffered >= CHUNK_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffered === 0 || !this.current) return;
    const chunk = this.chunk.subarray(0, this.buffered);
    // The stream keeps the chunk until it is encrypted: the next lines go into a new one.
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.buffered = 0;
    await this.current.write(chunk);
  }

  private async close(): Promise<void> {
    const part = this.current;
    if (!part) return;
    await this.flush();
    const { sha256, size } = await part.finish();
    const handle = await open(part.temp, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const file = path.join(this.dir, part.name);
    await rename(part.temp, file);
    this.files.push(file);
    this.parts.push({ name: part.name, number: part.number, sha256, size });
    this.current = null;
  }

  /** Finishes the last part (an empty snapshot still has one, so every sequence has a part). */
  async finish(): Promise<WrittenPart[]> {
    if (!this.current) await this.open();
    await this.close();
    return this.parts;
  }

  /** Removes what was written (a failed build). */
  async discard(): Promise<void> {
    this.current?.input.destroy();
    await Promise.all(this.files.map((file) => rm(file, { force: true })));
  }
}

export const partName = (workstationId: string, sequence: number, number: number): string => `ws-${workstationId}-${sequence}-${number}.age`;

/** Part names as the server writes them: nothing else is ever turned into a path. */
export const PART_NAME = /^ws-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-\d{1,12}-\d{1,6}\.age$/;
