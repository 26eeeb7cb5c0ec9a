import { describe, expect, it } from 'vitest';
import { newDeviceKey, open, seal, sha256Hex } from './capture-crypto';

const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

describe('device encryption of captured media', () => {
  it('round-trips, and the ciphertext does not contain the plaintext', async () => {
    const key = await newDeviceKey();
    const plain = bytes('KASUS-PLAINTEXT-MARKER '.repeat(50));
    const sealed = await seal(key, 'item-1', plain);
    expect(new Uint8Array(await open(key, 'item-1', sealed))).toEqual(new Uint8Array(plain));
    expect(Buffer.from(sealed.ciphertext).includes(Buffer.from('KASUS-PLAINTEXT-MARKER'))).toBe(false);
    expect(sealed.ciphertext.byteLength).toBe(plain.byteLength + 16);
  });

  it('keeps the key non-extractable', async () => {
    const key = await newDeviceKey();
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('refuses another key, another item key, or altered bytes', async () => {
    const key = await newDeviceKey();
    const sealed = await seal(key, 'item-1', bytes('photo'));
    await expect(open(await newDeviceKey(), 'item-1', sealed)).rejects.toThrow();
    await expect(open(key, 'item-2', sealed)).rejects.toThrow();
    const altered = new Uint8Array(sealed.ciphertext.slice(0));
    altered[0]! ^= 1;
    await expect(open(key, 'item-1', { iv: sealed.iv, ciphertext: altered.buffer })).rejects.toThrow();
  });

  it('uses a fresh IV for every item', async () => {
    const key = await newDeviceKey();
    const a = await seal(key, 'x', bytes('same'));
    const b = await seal(key, 'x', bytes('same'));
    expect(Buffer.from(a.iv).equals(Buffer.from(b.iv))).toBe(false);
  });

  it('hashes as the server compares (lower-case hex SHA-256)', async () => {
    expect(await sha256Hex(bytes('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
