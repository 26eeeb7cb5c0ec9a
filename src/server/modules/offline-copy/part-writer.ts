import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { AgeFileWriter } from './age.js';
import { PART_PLAINTEXT_BYTES } from './offline-copy-repository.js';

export interface WrittenPart {
  name: string;
  number: number;
  sha256: string;
  size: number;
}

/**
 * Writes the NDJSON lines of one snapshot for one workstation into age-encrypted parts of at most
 * 16 MiB of plaintext each, streaming: each line goes straight into the part's 64 KiB plaintext
 * chunk, so memory does not grow with the copy. A part is written to a temporary file, fsynced and
 * renamed into place when finished.
 */
export class PartWriter {
  private current: { name: string; number: number; temp: string; file: AgeFileWriter } | null = null;
  private readonly parts: WrittenPart[] = [];
  private readonly files: string[] = [];
  lines = 0;

  constructor(
    private readonly dir: string,
    private readonly workstationId: string,
    private readonly sequence: number,
    private readonly recipient: string,
  ) {}

  private async open(): Promise<NonNullable<PartWriter['current']>> {
    await mkdir(this.dir, { recursive: true });
    const number = this.parts.length + 1;
    const name = partName(this.workstationId, this.sequence, number);
    const temp = path.join(this.dir, `${name}.tmp`);
    this.files.push(temp);
    this.current = { name, number, temp, file: await AgeFileWriter.create(temp, this.recipient) };
    return this.current;
  }

  async write(change: unknown): Promise<void> {
    await this.writeLine(JSON.stringify(change));
  }

  /** One line that is already JSON text, given in pieces (without its newline). */
  async writeLine(...pieces: string[]): Promise<void> {
    let length = 1;
    const sizes = pieces.map((piece) => Buffer.byteLength(piece, 'utf8'));
    for (const size of sizes) length += size;
    if (length > PART_PLAINTEXT_BYTES) throw new Error(`a line of ${length} bytes does not fit in a part`);
    let part = this.current ?? (await this.open());
    if (part.file.plaintextBytes + length > PART_PLAINTEXT_BYTES) {
      await this.close();
      part = await this.open();
    }
    for (const [index, piece] of pieces.entries()) await part.file.writeText(piece, sizes[index]);
    await part.file.writeText('\n', 1);
    this.lines++;
  }

  /**
   * One line of JSON text with bytes as base64 between its two pieces (an image's line): the base64
   * is written into the part as it is made, never held as one string.
   */
  async writeLineWithBase64(head: string, data: Buffer, tail: string): Promise<void> {
    const headBytes = Buffer.byteLength(head, 'utf8');
    const tailBytes = Buffer.byteLength(tail, 'utf8');
    const length = headBytes + 4 * Math.ceil(data.length / 3) + tailBytes + 1;
    if (length > PART_PLAINTEXT_BYTES) throw new Error(`a line of ${length} bytes does not fit in a part`);
    let part = this.current ?? (await this.open());
    if (part.file.plaintextBytes + length > PART_PLAINTEXT_BYTES) {
      await this.close();
      part = await this.open();
    }
    await part.file.writeText(head, headBytes);
    await part.file.writeBase64(data);
    await part.file.writeText(tail, tailBytes);
    await part.file.writeText('\n', 1);
    this.lines++;
  }

  private async close(): Promise<void> {
    const part = this.current;
    if (!part) return;
    const { sha256, size } = await part.file.finish();
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
    await this.current?.file.abandon();
    this.current = null;
    await Promise.all(this.files.map((file) => rm(file, { force: true })));
  }
}

export const partName = (workstationId: string, sequence: number, number: number): string => `ws-${workstationId}-${sequence}-${number}.age`;

/** Part names as the server writes them: nothing else is ever turned into a path. */
export const PART_NAME = /^ws-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-\d{1,12}-\d{1,6}\.age$/;
