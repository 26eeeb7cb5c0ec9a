import { mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { HeldFiles } from './held-files.js';

describe('HeldFiles', () => {
  it('holds a file until every holder has released it', () => {
    const held = new HeldFiles();
    const file = path.join(tmpdir(), 'kasus-held', 'a.tmp');
    const first = held.hold(file);
    const second = held.hold(path.join(tmpdir(), 'kasus-held', '.', 'a.tmp'));
    expect(held.isHeld(file)).toBe(true);
    first();
    first(); // a second release of the same hold changes nothing
    expect(held.isHeld(file)).toBe(true);
    second();
    expect(held.isHeld(file)).toBe(false);
    expect(held.size).toBe(0);
  });

  it('keeps the files it holds fresh for the sweeps of other nodes, and lets go of the rest', async () => {
    const held = new HeldFiles();
    const dir = mkdtempSync(path.join(tmpdir(), 'kasus-held-'));
    const kept = path.join(dir, 'kept.tmp');
    const released = path.join(dir, 'released.tmp');
    const longAgo = new Date(Date.now() - 60 * 60_000);
    for (const file of [kept, released]) {
      writeFileSync(file, 'x');
      utimesSync(file, longAgo, longAgo);
    }
    held.touchAtLeastEvery(300);
    const release = held.hold(kept);
    held.hold(released)();
    const gone = held.hold(path.join(dir, 'gone.tmp')); // a held file that is already gone is skipped
    await sleep(800);
    release();
    gone();
    expect(Date.now() - statSync(kept).mtimeMs).toBeLessThan(5_000);
    expect(Math.abs(statSync(released).mtimeMs - longAgo.getTime())).toBeLessThan(1_000);
  });
});
