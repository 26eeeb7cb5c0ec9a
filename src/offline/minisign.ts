import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Minisign signatures (https://jedisct1.github.io/minisign/), prehashed variant only (`ED`: the
 * Ed25519 signature is over BLAKE2b-512 of the message), with node:crypto: Ed25519 and BLAKE2b-512
 * are built in, so no native addon or extra package is needed to check a manifest offline.
 */

export class MinisignError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MinisignError';
  }
}

export interface MinisignPublicKey {
  keyId: Buffer;
  key: KeyObject;
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const rawPublicKey = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' }).subarray(-32);

/** The key id of the contract: the first 8 bytes of SHA-256 of the raw public key. */
export const minisignKeyId = (key: KeyObject): Buffer => createHash('sha256').update(rawPublicKey(key)).digest().subarray(0, 8);

/** The public key as the single base64 line `minisign -P` takes: "Ed" ‖ key id ‖ key. */
export function formatMinisignPublicKey(key: KeyObject, keyId: Buffer = minisignKeyId(key)): string {
  return Buffer.concat([Buffer.from('Ed'), keyId, rawPublicKey(key)]).toString('base64');
}

/** Reads a public key: the base64 line, or a minisign .pub file (comment line, then the base64 line). */
export function parseMinisignPublicKey(text: string): MinisignPublicKey {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('untrusted comment:'));
  const line = lines[0];
  if (lines.length !== 1 || !line || !/^[A-Za-z0-9+/]+={0,2}$/.test(line)) throw new MinisignError('The server key is not a minisign public key (one base64 line).');
  const bytes = Buffer.from(line, 'base64');
  if (bytes.length !== 42 || bytes.subarray(0, 2).toString('latin1') !== 'Ed') throw new MinisignError('The server key is not a minisign Ed25519 public key.');
  return { keyId: bytes.subarray(2, 10), key: createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, bytes.subarray(10)]), format: 'der', type: 'spki' }) };
}

const blake2b512 = (message: Buffer): Buffer => createHash('blake2b512').update(message).digest();

/**
 * Signs like `minisign -S` (prehashed) and returns the text of the .minisig file. The trusted
 * comment is signed too (the global signature covers signature ‖ trusted comment).
 */
export function signMinisign(message: Buffer, privateKey: KeyObject, trustedComment: string, keyId?: Buffer): string {
  if (/[\r\n]/.test(trustedComment)) throw new MinisignError('A trusted comment is one line.');
  const id = keyId ?? minisignKeyId(createPublicKey(privateKey));
  const signature = sign(null, blake2b512(message), privateKey);
  const globalSignature = sign(null, Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]), privateKey);
  return [
    `untrusted comment: signature from kasus secret key`,
    Buffer.concat([Buffer.from('ED'), id, signature]).toString('base64'),
    `trusted comment: ${trustedComment}`,
    globalSignature.toString('base64'),
    '',
  ].join('\n');
}

/**
 * Verifies a .minisig text over the message with the public key, as `minisign -V` does (both the
 * signature and the global signature over the trusted comment). Returns the trusted comment;
 * throws MinisignError on anything wrong. The legacy non-prehashed `Ed` form is refused.
 */
export function verifyMinisign(message: Buffer, signatureText: string, publicKey: MinisignPublicKey): { trustedComment: string } {
  const lines = signatureText.split(/\r?\n/);
  if (lines.length < 4 || !lines[0]!.startsWith('untrusted comment:') || !lines[2]!.startsWith('trusted comment: ')) {
    throw new MinisignError('The signature is not a minisign signature.');
  }
  const sigBytes = Buffer.from(lines[1]!.trim(), 'base64');
  if (sigBytes.length !== 74) throw new MinisignError('The signature is not a minisign signature.');
  const algorithm = sigBytes.subarray(0, 2).toString('latin1');
  if (algorithm !== 'ED') throw new MinisignError('The signature is not prehashed (ED); refused.');
  if (!sigBytes.subarray(2, 10).equals(publicKey.keyId)) throw new MinisignError('The manifest was signed with another key than the pinned server key.');
  const signature = sigBytes.subarray(10);
  if (!verify(null, blake2b512(message), publicKey.key, signature)) throw new MinisignError('The manifest signature is not valid.');
  const trustedComment = lines[2]!.slice('trusted comment: '.length);
  const globalSignature = Buffer.from(lines[3]!.trim(), 'base64');
  if (globalSignature.length !== 64 || !verify(null, Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]), publicKey.key, globalSignature)) {
    throw new MinisignError('The trusted comment of the manifest signature is not valid.');
  }
  return { trustedComment };
}
