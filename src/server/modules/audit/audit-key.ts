import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** An Ed25519 public key as an auditor is given it: its id, raw 32 bytes (base64) and SPKI PEM. */
export interface PublicKeyInfo {
  keyId: string;
  publicKey: string;
  pem: string;
  key: KeyObject;
}

/** The raw 32-byte Ed25519 public key (the last 32 bytes of its DER SPKI form). */
const rawPublicKey = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' }).subarray(-32);

/** A key's id: the first 16 hex digits of the SHA-256 of its raw public key. */
export const keyIdOf = (key: KeyObject): string => createHash('sha256').update(rawPublicKey(key)).digest('hex').slice(0, 16);

export function describePublicKey(key: KeyObject): PublicKeyInfo {
  return {
    keyId: keyIdOf(key),
    publicKey: rawPublicKey(key).toString('base64'),
    pem: key.export({ format: 'pem', type: 'spki' }).toString(),
    key,
  };
}

/**
 * Reads a public key as `kasus audit key` prints it: a PEM (SPKI) file or text, or the raw 32 bytes
 * in base64. Throws a plain Error naming what was wrong.
 */
export function parsePublicKey(text: string): PublicKeyInfo {
  const trimmed = text.trim();
  let key: KeyObject;
  if (trimmed.includes('-----BEGIN')) {
    // A private key file is accepted too: its public half is what is used.
    key = trimmed.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(trimmed)) : createPublicKey(trimmed);
  } else {
    const raw = Buffer.from(trimmed, 'base64');
    if (raw.length !== 32) throw new Error('not an Ed25519 public key (32 bytes in base64, or PEM)');
    const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
    key = createPublicKey({ key: der, format: 'der', type: 'spki' });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 key (${key.asymmetricKeyType ?? 'unknown'})`);
  return describePublicKey(key);
}

export function verifySignature(key: KeyObject, message: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * The Ed25519 key that signs audit checkpoints. It lives outside the database (in the data
 * directory, or wherever KASUS_AUDIT_KEY_FILE says), so that write access to the database is not
 * enough to sign a rewritten chain. Made on first use when missing, readable by its owner only.
 */
export class AuditKey {
  private privateKey: KeyObject | null = null;

  constructor(readonly file: string) {}

  /** Whether the key file exists (verification does not make one). */
  exists(): boolean {
    return existsSync(this.file);
  }

  private load(): KeyObject {
    if (this.privateKey) return this.privateKey;
    if (!existsSync(this.file)) {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      // 'wx': never overwrite a key another process made a moment ago; read that one instead.
      try {
        writeFileSync(this.file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
        chmodSync(this.file, 0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    let key: KeyObject;
    try {
      key = createPrivateKey(readFileSync(this.file));
    } catch (error) {
      throw new Error(`The audit signing key ${this.file} cannot be read: ${(error as Error).message}`);
    }
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new Error(`The audit signing key ${this.file} is not an Ed25519 key.`);
    }
    this.privateKey = key;
    return key;
  }

  publicKey(): PublicKeyInfo {
    return describePublicKey(createPublicKey(this.load()));
  }

  keyId(): string {
    return this.publicKey().keyId;
  }

  sign(message: string): string {
    return sign(null, Buffer.from(message, 'utf8'), this.load()).toString('base64');
  }
}
