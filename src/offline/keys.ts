import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
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

/** Decrypts an age file as a stream (a part may hold up to 16 MiB of plaintext; memory stays flat). */
export async function ageDecryptStream(identity: string, source: Readable): Promise<Readable> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  const plain = await decrypter.decrypt(Readable.toWeb(source) as ReadableStream<Uint8Array>);
  return Readable.fromWeb(plain as unknown as import('node:stream/web').ReadableStream<Uint8Array>);
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
