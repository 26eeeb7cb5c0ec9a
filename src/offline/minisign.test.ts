import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatMinisignPublicKey, parseMinisignPublicKey, signMinisign, verifyMinisign } from './minisign.js';

// Debian's minisign is the reference: what it signs we verify, and what we sign it verifies.
const dir = mkdtempSync(path.join(tmpdir(), 'kasus-minisign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('minisign', () => {
  it('verifies a file signed by Debian minisign (-G -W, -S), and refuses it changed or under another key', () => {
    const pub = path.join(dir, 'm.pub');
    const sec = path.join(dir, 'm.key');
    execFileSync('minisign', ['-G', '-W', '-p', pub, '-s', sec], { stdio: 'pipe' });
    const file = path.join(dir, 'manifest.json');
    writeFileSync(file, '{"sequence":3}');
    execFileSync('minisign', ['-S', '-s', sec, '-m', file, '-t', 'timestamp:1 workstation:w sequence:3'], { stdio: 'pipe' });
    const signature = readFileSync(`${file}.minisig`, 'utf8');
    const key = parseMinisignPublicKey(readFileSync(pub, 'utf8'));
    expect(verifyMinisign(readFileSync(file), signature, key).trustedComment).toBe('timestamp:1 workstation:w sequence:3');
    expect(() => verifyMinisign(Buffer.from('{"sequence":4}'), signature, key)).toThrow(/not valid/);
    const forged = signature.replace('sequence:3', 'sequence:9');
    expect(() => verifyMinisign(readFileSync(file), forged, key)).toThrow(/trusted comment/);
    const other = generateKeyPairSync('ed25519');
    const otherKey = parseMinisignPublicKey(formatMinisignPublicKey(other.publicKey));
    expect(() => verifyMinisign(readFileSync(file), signature, otherKey)).toThrow(/another key/);
  });

  it('signs so that Debian minisign -V -H -P verifies, and minisign refuses a changed file', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const file = path.join(dir, 'ours.json');
    writeFileSync(file, '{"format":"kasus-offline-copy/1"}');
    writeFileSync(`${file}.minisig`, signMinisign(readFileSync(file), privateKey, 'timestamp:2 workstation:x sequence:1'));
    const line = formatMinisignPublicKey(publicKey);
    const ok = spawnSync('minisign', ['-V', '-H', '-P', line, '-m', file], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('timestamp:2 workstation:x sequence:1');
    writeFileSync(file, '{"format":"kasus-offline-copy/2"}');
    expect(spawnSync('minisign', ['-V', '-P', line, '-m', file]).status).not.toBe(0);
  });

  it('refuses the legacy non-prehashed form and malformed keys', () => {
    const pub = path.join(dir, 'l.pub');
    const sec = path.join(dir, 'l.key');
    execFileSync('minisign', ['-G', '-W', '-p', pub, '-s', sec], { stdio: 'pipe' });
    const file = path.join(dir, 'legacy.json');
    writeFileSync(file, 'x');
    execFileSync('minisign', ['-S', '-l', '-s', sec, '-m', file], { stdio: 'pipe' });
    expect(() => verifyMinisign(readFileSync(file), readFileSync(`${file}.minisig`, 'utf8'), parseMinisignPublicKey(readFileSync(pub, 'utf8')))).toThrow(/prehashed/);
    expect(() => parseMinisignPublicKey('not a key')).toThrow();
    expect(() => parseMinisignPublicKey(Buffer.alloc(42).toString('base64'))).toThrow(/Ed25519/);
  });
});
