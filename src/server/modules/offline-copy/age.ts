import { Encrypter } from 'age-encryption';

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
