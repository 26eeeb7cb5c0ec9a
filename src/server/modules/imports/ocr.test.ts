import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeShot } from '../../../../test/helpers/card-fixtures.js';
import { TesseractReader } from './ocr.js';

describe('identity images read by tesseract', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kasus-ocr-'));
  const today = new Date('2026-12-07T12:00:00Z');

  it('reads a Norwegian fødselsnummer written on a label, and answers not_run when no OCR program is installed', async () => {
    const label = await writeShot(dir, { name: 'ID.JPG', at: '2026:12:01 09:00:00', identifier: '150675 45602' });
    expect(await new TesseractReader().read(label, { today })).toEqual({ status: 'read', identifiers: [{ normalized: '15067545602', type: 'no_fodselsnummer' }] });
    const missing = new TesseractReader({ command: 'kasus-no-such-ocr-program' });
    expect(await missing.read(label, { today })).toEqual({ status: 'not_run' });
    // Remembered: the next image is not tried again.
    expect(await missing.read(label, { today })).toEqual({ status: 'not_run' });
  });
});
