// Encryption of captured media on the device (issue 16, C10): AES-GCM under one non-extractable key
// made on the device, so what IndexedDB holds cannot be read without that key (which no script can
// export). Pure WebCrypto: the same code runs in node's WebCrypto in the unit tests.

const AES = { name: 'AES-GCM', length: 256 } as const;
const IV_BYTES = 12;

/** A new device key: AES-GCM 256, not extractable, for encrypting and decrypting only. */
export function newDeviceKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey(AES, false, ['encrypt', 'decrypt']);
}

/** The item's key is authenticated with its bytes, so a ciphertext cannot be moved to another item. */
const associated = (itemKey: string) => new TextEncoder().encode(`kasus-capture/${itemKey}`);

export interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: ArrayBuffer;
}

export async function seal(key: CryptoKey, itemKey: string, plaintext: ArrayBuffer): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associated(itemKey) }, key, plaintext);
  return { iv, ciphertext };
}

/** The plaintext; rejects when the ciphertext, its IV or the item key was altered (or another key is used). */
export function open(key: CryptoKey, itemKey: string, sealed: Sealed): Promise<ArrayBuffer> {
  return crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: associated(itemKey) }, key, sealed.ciphertext);
}

/** Lower-case hex SHA-256, as the server compares it (Upload-Metadata `sha256`). */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
