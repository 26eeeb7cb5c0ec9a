import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';

/** A refusal the commands report as one line and a non-zero exit (no stack trace). */
export class OfflineCopyError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'OfflineCopyError';
  }
}

export const IDENTITY_FILE = 'identity.key';
export const DATA_KEY_FILE = 'store.key.age';

/** Writes a file whole or not at all: temp file, fsync, rename, fsync of the directory. */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600): void {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  fsyncDirectory(path.dirname(file));
}

export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes DIR/identity.key in age-keygen's format (Debian's `age -d -i` reads it), mode 0600, and
 * refuses to overwrite one: losing the identity makes the copy unreadable and means registering anew.
 */
export async function generateIdentityFile(file: string): Promise<{ recipient: string }> {
  if (existsSync(file)) throw new OfflineCopyError(`${file} already exists; it is not overwritten (remove it yourself to make a new identity, then register the workstation again).`);
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  const text = `# created: ${new Date().toISOString()}\n# public key: ${recipient}\n${identity}\n`;
  // 'wx': never replaces a file that appeared meanwhile; the mode is set at creation, never wider.
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { recipient };
}

/** The `AGE-SECRET-KEY-1…` line of an identity file. */
export function readIdentity(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new OfflineCopyError(`The identity ${file} cannot be read (make it with \`kasus offline-copy keygen\`).`);
  }
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l.startsWith('AGE-SECRET-KEY-1'));
  if (!line) throw new OfflineCopyError(`${file} holds no age identity (AGE-SECRET-KEY-1…).`);
  return line;
}

export const recipientOf = (identity: string): Promise<string> => identityToRecipient(identity);

export async function ageEncrypt(recipient: string, data: Uint8Array | string): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  return encrypter.encrypt(data);
}

export async function ageDecrypt(identity: string, data: Uint8Array): Promise<Uint8Array> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  return decrypter.decrypt(data);
}

/** age's STREAM: 64 KiB plaintext chunks, each followed by its 16-byte ChaCha20-Poly1305 tag. */
const AGE_CHUNK = 64 * 1024 + 16;
const AGE_MAX_HEADER = 64 * 1024;

/** Where the header ends: after the newline of its MAC line ("--- …"), or -1 while not all read. */
function ageHeaderEnd(data: Buffer): number {
  const mac = data.indexOf('\n--- ');
  if (mac < 0) return -1;
  const end = data.indexOf('\n', mac + 1);
  return end < 0 ? -1 : end + 1;
}

/**
 * Decrypts an age file as a stream (a part may hold up to 16 MiB of plaintext; memory stays flat).
 * The header is read and checked here (age-encryption unwraps the file key and checks the MAC), so a
 * file for another identity is refused before anything is returned; the payload's chunks are opened
 * by Node's own ChaCha20-Poly1305, several times faster than in JavaScript. A truncated, reordered or
 * altered chunk fails its tag, and a file cut at a chunk boundary lacks its last-chunk flag.
 */
export async function ageDecryptStream(identity: string, source: Readable): Promise<Readable> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let buffered = Buffer.alloc(0);
  let headerEnd = -1;
  while (headerEnd < 0 || buffered.length < headerEnd + 16) {
    const next = await iterator.next();
    if (next.done) throw new Error('not an age file (it ends inside its header)');
    buffered = Buffer.concat([buffered, next.value]);
    if (headerEnd < 0) headerEnd = ageHeaderEnd(buffered);
    if (headerEnd < 0 && buffered.length > AGE_MAX_HEADER) throw new Error('not an age file (no header)');
  }
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  const fileKey = await decrypter.decryptHeader(new Uint8Array(buffered.subarray(0, headerEnd)));
  const key = Buffer.from(hkdfSync('sha256', fileKey, buffered.subarray(headerEnd, headerEnd + 16), 'payload', 32));
  return Readable.from(ageChunks(key, buffered.subarray(headerEnd + 16), iterator));
}

async function* ageChunks(key: Buffer, first: Buffer, iterator: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  let counter = 0n;
  const open = (sealed: Buffer, last: boolean): Buffer => {
    if (sealed.length < 16) throw new Error('age payload truncated');
    const nonce = Buffer.alloc(12);
    nonce.writeBigUInt64BE(counter++, 3);
    nonce[11] = last ? 1 : 0;
    const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = decipher.update(sealed.subarray(0, sealed.length - 16));
    decipher.final();
    return plain;
  };
  let pending = first;
  for (;;) {
    // Only a chunk known not to be the last is opened as such: more than one chunk must be waiting.
    if (pending.length > AGE_CHUNK) {
      const out: Buffer[] = [];
      let at = 0;
      while (pending.length - at > AGE_CHUNK) {
        out.push(open(pending.subarray(at, at + AGE_CHUNK), false));
        at += AGE_CHUNK;
      }
      pending = pending.subarray(at);
      yield out.length === 1 ? out[0]! : Buffer.concat(out);
    }
    const next = await iterator.next();
    if (next.done) break;
    pending = pending.length === 0 ? next.value : Buffer.concat([pending, next.value]);
  }
  const last = open(pending, true);
  if (last.length === 0 && counter > 1n) throw new Error('age payload: the last chunk is empty');
  yield last;
}

/**
 * The data key every row, blob and access-log entry is encrypted under (AES-256-GCM). It is kept
 * only age-encrypted to the workstation's own recipient, so DIR without the identity reveals nothing.
 */
export class DataKey {
  private constructor(private readonly key: Buffer) {}

  static async load(dir: string, identity: string): Promise<DataKey | null> {
    const file = path.join(dir, DATA_KEY_FILE);
    if (!existsSync(file)) return null;
    let key: Uint8Array;
    try {
      key = await ageDecrypt(identity, readFileSync(file));
    } catch {
      throw new OfflineCopyError(`${file} cannot be decrypted with this identity (is it the workstation's identity.key?).`);
    }
    if (key.length !== 32) throw new OfflineCopyError(`${file} does not hold a data key.`);
    return new DataKey(Buffer.from(key));
  }

  /** Makes a new key and stores it (atomically) before anything is encrypted under it. */
  static async create(dir: string, identity: string): Promise<DataKey> {
    const key = randomBytes(32);
    writeFileAtomic(path.join(dir, DATA_KEY_FILE), await ageEncrypt(await recipientOf(identity), key));
    return new DataKey(key);
  }

  /** A keyed hash that names a row without revealing its key (ids, blob hashes). */
  slot(label: string): Buffer {
    return createHmac('sha256', this.key).update(label).digest();
  }

  /** iv (12) ‖ tag (16) ‖ ciphertext; the associated data binds the value to where it is stored. */
  seal(plain: Uint8Array, associated: Uint8Array): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(associated);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Uint8Array, associated: Uint8Array): Buffer {
    const data = Buffer.from(sealed);
    const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
    decipher.setAAD(associated);
    decipher.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]);
  }
}
