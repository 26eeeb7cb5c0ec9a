import { createCipheriv, createHash, hkdfSync } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { Encrypter, type Recipient } from 'age-encryption';

/** An age X25519 recipient: "age1" and 58 bech32 characters (lower case, as age writes it). */
const X25519_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

/**
 * Whether the text is an age X25519 recipient (age1…). Other recipient types (post-quantum age1pq1…,
 * tags, plugins, SSH keys) are refused: the workstation's identity is X25519 (kasus offline-copy keygen).
 * The checksum and key length are checked by age-encryption itself.
 */
export function isX25519Recipient(text: string): boolean {
  if (!X25519_RECIPIENT.test(text) || /^age1(pq1|tag1|tagpq1)/.test(text)) return false;
  try {
    new Encrypter().addRecipient(text);
    return true;
  } catch {
    return false;
  }
}

/** An encrypter to one recipient. */
export function encrypterFor(recipient: string): Encrypter {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  return encrypter;
}

/** age's STREAM: 64 KiB plaintext chunks, ChaCha20-Poly1305, 16-byte tags (age-encryption.org/v1). */
const CHUNK = 64 * 1024;
const TAG = 16;
const NONCE = 16;

/**
 * The header of a new age file to the recipient (made by age-encryption: X25519 stanza and MAC),
 * the payload nonce after it, and the payload key, so the payload can be encrypted by Node's own
 * (OpenSSL) ChaCha20-Poly1305 rather than in JavaScript, about ten times faster.
 */
export async function ageFileStart(recipient: string): Promise<{ prefix: Buffer; payloadKey: Buffer }> {
  const inner = (encrypterFor(recipient) as unknown as { recipients: Recipient[] }).recipients[0]!;
  let fileKey: Uint8Array | null = null;
  const encrypter = new Encrypter();
  encrypter.addRecipient({
    wrapFileKey: (key: Uint8Array) => {
      fileKey = key;
      return inner.wrapFileKey(key);
    },
  });
  // An empty file is header ‖ nonce ‖ the empty last chunk's tag: its prefix is what a file starts with.
  const empty = await encrypter.encrypt(new Uint8Array(0));
  if (!fileKey || empty.length < NONCE + TAG) throw new Error('age header not made');
  const prefix = Buffer.from(empty.subarray(0, empty.length - TAG));
  const nonce = prefix.subarray(prefix.length - NONCE);
  const payloadKey = Buffer.from(hkdfSync('sha256', fileKey, nonce, 'payload', 32));
  return { prefix, payloadKey };
}

/**
 * An age file written as its plaintext comes (header, nonce, STREAM chunks), straight to the file:
 * the plaintext goes into one reused 64 KiB chunk, which is sealed once more follows (the last
 * chunk is sealed at `finish`), and the ciphertext is hashed and written with at most one write in
 * flight. No stream machinery and no buffer per line or per chunk joined: a full snapshot writes
 * gigabytes through here, and that garbage was what made the server's memory grow with it.
 */
export class AgeFileWriter {
  private readonly plain = Buffer.allocUnsafe(CHUNK);
  private filled = 0;
  private counter = 0n;
  private scratch = Buffer.allocUnsafe(0);
  private readonly hash = createHash('sha256');
  private writing: Promise<void> = Promise.resolve();
  /** Ciphertext bytes written (with the header). */
  size = 0;
  plaintextBytes = 0;

  private constructor(
    private readonly handle: FileHandle,
    private readonly payloadKey: Buffer,
  ) {}

  static async create(file: string, recipient: string): Promise<AgeFileWriter> {
    const start = await ageFileStart(recipient);
    const writer = new AgeFileWriter(await open(file, 'w'), start.payloadKey);
    await writer.queue([start.prefix]);
    return writer;
  }

  async write(data: Buffer): Promise<void> {
    let at = 0;
    while (at < data.length) {
      // A full chunk is sealed only when more follows: the last chunk carries the last-chunk flag.
      if (this.filled === CHUNK) await this.seal(false);
      const copied = data.copy(this.plain, this.filled, at, Math.min(data.length, at + CHUNK - this.filled));
      this.filled += copied;
      at += copied;
    }
    this.plaintextBytes += data.length;
  }

  /** Text as UTF-8, written into the chunk where it fits (no Buffer made for it). */
  async writeText(text: string, bytes = Buffer.byteLength(text, 'utf8')): Promise<void> {
    if (this.filled < CHUNK && bytes <= CHUNK - this.filled) {
      this.filled += this.plain.write(text, this.filled, 'utf8');
      this.plaintextBytes += bytes;
      return;
    }
    if (this.scratch.length < bytes) this.scratch = Buffer.allocUnsafe(Math.max(bytes, CHUNK));
    this.scratch.write(text, 0, 'utf8');
    await this.write(this.scratch.subarray(0, bytes));
  }

  /**
   * The bytes' base64 text, written into the chunk a chunk's room at a time: each piece of text is
   * made, copied into the chunk and let go with no await in between, so it dies in the young
   * generation. (One string per image, alive while its chunks were sealed and written, was promoted
   * to the old generation: hundreds of megabytes of dead text over a full snapshot.)
   */
  async writeBase64(data: Buffer): Promise<void> {
    let at = 0;
    while (at < data.length) {
      if (this.filled === CHUNK) await this.seal(false);
      const room = CHUNK - this.filled;
      // Whole groups of three bytes except at the end, so the pieces' text is the whole's text.
      let take = Math.floor(room / 4) * 3;
      if (take === 0) {
        // Less than one group's room left: the few characters go through the scratch buffer.
        const end = Math.min(data.length, at + 3);
        const text = data.toString('base64', at, end);
        if (this.scratch.length < text.length) this.scratch = Buffer.allocUnsafe(CHUNK);
        const n = this.scratch.write(text, 0, 'latin1');
        await this.write(this.scratch.subarray(0, n));
        at = end;
        continue;
      }
      if (at + take >= data.length) take = data.length - at;
      const written = this.plain.write(data.toString('base64', at, at + take), this.filled, 'latin1');
      this.filled += written;
      this.plaintextBytes += written;
      at += take;
    }
  }

  private async seal(last: boolean): Promise<void> {
    const nonce = Buffer.alloc(12);
    // An 11-byte big-endian counter (its top three bytes stay 0 below 2^64 chunks), then the last-chunk flag.
    nonce.writeBigUInt64BE(this.counter, 3);
    nonce[11] = last ? 1 : 0;
    this.counter++;
    const cipher = createCipheriv('chacha20-poly1305', this.payloadKey, nonce, { authTagLength: TAG });
    const sealed = cipher.update(this.plain.subarray(0, this.filled));
    cipher.final();
    this.filled = 0;
    await this.queue([sealed, cipher.getAuthTag()]);
  }

  /** Hashes the buffers and writes them after the write before (awaited: one write in flight at most). */
  private async queue(buffers: Buffer[]): Promise<void> {
    for (const buffer of buffers) {
      this.hash.update(buffer);
      this.size += buffer.length;
    }
    const previous = this.writing;
    this.writing = previous.then(() => writeAll(this.handle, buffers));
    // A failed write is thrown by the next queue or by finish, not left unhandled meanwhile.
    this.writing.catch(() => {});
    await previous;
  }

  /** Seals the last chunk, writes and fsyncs the file: its SHA-256 and size. */
  async finish(): Promise<{ sha256: string; size: number }> {
    await this.seal(true);
    await this.writing;
    await this.handle.sync();
    await this.handle.close();
    return { sha256: this.hash.digest('hex'), size: this.size };
  }

  /** Closes the file without finishing it (the caller removes it). */
  async abandon(): Promise<void> {
    await this.writing.catch(() => {});
    await this.handle.close().catch(() => {});
  }
}

async function writeAll(handle: FileHandle, buffers: Buffer[]): Promise<void> {
  let rest = buffers;
  while (rest.length > 0) {
    let { bytesWritten } = await handle.writev(rest);
    // A short write (rare on a regular file): the rest is written again.
    const next: Buffer[] = [];
    for (const buffer of rest) {
      if (bytesWritten >= buffer.length) bytesWritten -= buffer.length;
      else {
        next.push(buffer.subarray(bytesWritten));
        bytesWritten = 0;
      }
    }
    rest = next;
  }
}
