import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Decrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { afterAll, describe, expect, it } from 'vitest';
import { AgeFileWriter } from './age.js';

const root = mkdtempSync(path.join(tmpdir(), 'kasus-age-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('AgeFileWriter', () => {
  it('writes text and base64 of bytes across chunk boundaries as the one text age decrypts', async () => {
    const identity = await generateIdentity();
    const recipient = await identityToRecipient(identity);
    // Text lengths that leave every remainder of room before the base64 (0–3 bytes and more), and
    // byte counts of every remainder modulo 3, some spanning several 64 KiB chunks.
    for (const [trial, textScale] of [70_000, 100, 5].entries()) {
      const file = path.join(root, `${trial}.age`);
      const writer = await AgeFileWriter.create(file, recipient);
      let expected = '';
      for (let i = 0; i < 40; i++) {
        const text = 'å'.repeat(Math.floor(Math.random() * textScale)) + 'x'.repeat(i % 4);
        await writer.writeText(text);
        const data = randomBytes(i % 5 === 0 ? 150_000 + i : (i * 7919) % 30_000);
        await writer.writeBase64(data);
        expected += text + data.toString('base64');
      }
      expect(writer.plaintextBytes).toBe(Buffer.byteLength(expected, 'utf8'));
      const { size } = await writer.finish();
      const sealed = readFileSync(file);
      expect(size).toBe(sealed.length);
      const decrypter = new Decrypter();
      decrypter.addIdentity(identity);
      expect(Buffer.from(await decrypter.decrypt(new Uint8Array(sealed))).toString('utf8')).toBe(expected);
    }
  });
});
