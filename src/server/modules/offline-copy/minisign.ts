import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Minisign signatures (https://jedisct1.github.io/minisign/) made with Kasus's Ed25519 signing key,
 * so that Debian's `minisign -V` verifies a manifest without Kasus. Prehashed form ("ED"): the
 * signature is over BLAKE2b-512 of the message; the global signature covers it and the trusted comment.
 */

const rawPublicKey = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' }).subarray(-32);

/** The key id: the first 8 bytes of SHA-256 of the raw public key (docs/offline-copy-format.md). */
export const minisignKeyId = (publicKey: KeyObject): Buffer => createHash('sha256').update(rawPublicKey(publicKey)).digest().subarray(0, 8);

/** The one base64 line `minisign -P` takes: "Ed" ‖ key id ‖ public key. */
export function minisignPublicKey(publicKey: KeyObject): string {
  return Buffer.concat([Buffer.from('Ed'), minisignKeyId(publicKey), rawPublicKey(publicKey)]).toString('base64');
}

/** The text of a `.minisig` file for the message. Comments must be single lines. */
export function minisignSign(privateKey: KeyObject, message: Buffer, trustedComment: string, untrustedComment = 'signature from kasus'): string {
  if (/[\r\n]/.test(trustedComment + untrustedComment)) throw new Error('minisign comments are single lines');
  const publicKey = createPublicKey(privateKey);
  const digest = createHash('blake2b512').update(message).digest();
  const signature = sign(null, digest, privateKey);
  const global = sign(null, Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]), privateKey);
  const line = Buffer.concat([Buffer.from('ED'), minisignKeyId(publicKey), signature]).toString('base64');
  return `untrusted comment: ${untrustedComment}\n${line}\ntrusted comment: ${trustedComment}\n${global.toString('base64')}\n`;
}

/** Verifies a `.minisig` text against a public key line; returns the trusted comment, or null when it does not verify. */
export function minisignVerify(publicKeyLine: string, message: Buffer, signatureText: string): string | null {
  const key = Buffer.from(publicKeyLine.trim(), 'base64');
  if (key.length !== 42 || key.subarray(0, 2).toString() !== 'Ed') return null;
  const publicKey = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key.subarray(10)]), format: 'der', type: 'spki' });
  const lines = signatureText.split('\n');
  const sig = Buffer.from(lines[1] ?? '', 'base64');
  const trusted = (lines[2] ?? '').replace(/^trusted comment: /, '');
  const global = Buffer.from(lines[3] ?? '', 'base64');
  if (sig.length !== 74 || !sig.subarray(2, 10).equals(key.subarray(2, 10))) return null;
  const algorithm = sig.subarray(0, 2).toString();
  const signed = algorithm === 'ED' ? createHash('blake2b512').update(message).digest() : algorithm === 'Ed' ? message : null;
  if (!signed) return null;
  const signature = sig.subarray(10);
  if (!verify(null, signed, publicKey, signature)) return null;
  if (!verify(null, Buffer.concat([signature, Buffer.from(trusted, 'utf8')]), publicKey, global)) return null;
  return trusted;
}
