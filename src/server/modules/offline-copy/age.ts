import { createCipheriv, hkdfSync } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
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

/** Plaintext in, an age file out (header, nonce, STREAM chunks); the last chunk is held until the end. */
export class AgeEncryptStream extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private counter = 0n;
  private started = false;

  constructor(private readonly start: { prefix: Buffer; payloadKey: Buffer }) {
    super({ highWaterMark: 4 * CHUNK });
  }

  /** Pushes one sealed chunk: its ciphertext, then its tag (no copy to join them). */
  private seal(plain: Buffer, last: boolean): void {
    const nonce = Buffer.alloc(12);
    // An 11-byte big-endian counter (its top three bytes stay 0 below 2^64 chunks), then the last-chunk flag.
    nonce.writeBigUInt64BE(this.counter, 3);
    nonce[11] = last ? 1 : 0;
    this.counter++;
    const cipher = createCipheriv('chacha20-poly1305', this.start.payloadKey, nonce, { authTagLength: TAG });
    this.push(cipher.update(plain));
    cipher.final();
    this.push(cipher.getAuthTag());
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.started) {
      this.started = true;
      this.push(this.start.prefix);
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    // Only chunks known not to be the last go out now: more than one chunk's worth must be waiting.
    if (this.pendingBytes > CHUNK) {
      let data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
      while (data.length > CHUNK) {
        this.seal(data.subarray(0, CHUNK), false);
        data = data.subarray(CHUNK);
      }
      this.pending = [data];
      this.pendingBytes = data.length;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (!this.started) this.push(this.start.prefix);
    this.seal(Buffer.concat(this.pending, this.pendingBytes), true);
    this.pending = [];
    callback();
  }
}
