import { describe, expect, it } from 'vitest';
import { fillerSeiRbsp } from './hvcc.js';

/** Parse an SEI RBSP: messages of (ff-coded type, ff-coded size, payload), then rbsp_trailing_bits (0x80). */
function parseSei(rbsp: Buffer): Array<{ type: number; payload: Buffer }> {
  const messages: Array<{ type: number; payload: Buffer }> = [];
  let pos = 0;
  const ff = () => {
    let v = 0;
    while (rbsp[pos] === 0xff) {
      v += 255;
      pos++;
    }
    return v + rbsp[pos++]!;
  };
  while (pos < rbsp.length - 1) {
    const type = ff();
    const size = ff();
    messages.push({ type, payload: rbsp.subarray(pos, pos + size) });
    pos += size;
  }
  if (pos !== rbsp.length - 1 || rbsp[pos] !== 0x80) throw new Error('bad rbsp_trailing_bits');
  return messages;
}

describe('fillerSeiRbsp', () => {
  it('makes a filler-only SEI of exactly the requested length, for every length (no gaps at 255-byte boundaries)', () => {
    const bad: number[] = [];
    for (let length = 3; length <= 1200; length++) {
      const rbsp = fillerSeiRbsp(length);
      const ok =
        rbsp !== undefined &&
        rbsp.length === length &&
        parseSei(rbsp).every((m) => m.type === 3 && m.payload.every((b) => b === 0xff)) &&
        !rbsp.includes(Buffer.from([0, 0])); // never an emulation-prevention pattern
      if (!ok) bad.push(length);
    }
    expect(bad).toEqual([]);
  });

  it('leaves SEI too short to hold a message alone', () => {
    expect(fillerSeiRbsp(2)).toBeUndefined();
  });
});
