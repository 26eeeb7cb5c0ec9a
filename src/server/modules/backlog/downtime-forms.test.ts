import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { downtimeFormPdf, printable } from './downtime-forms.js';

describe('downtime form text', () => {
  it('prints a form for any well-formed department name: emoji, Greek, CJK, zero-width and very long names', async () => {
    for (const departmentName of ['Avd 🩺 漢字', 'Ωμέγα ŁŃ ő', 'Avd\u200b x', 'rad ett\nrad två', 'Å'.repeat(200)]) {
      for (const kind of ['radiology-referral', 'offline-media-note'] as const) {
        const bytes = await downtimeFormPdf(kind, { departmentName, patientIdentifier: null, printedAt: '2026-12-07 08:00' });
        expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      }
    }
  });

  it('keeps what the font can print, drops the accents it cannot print, and cuts to the line', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    expect(printable('Hudkliniken Åre', font, 12, 500)).toBe('Hudkliniken Åre');
    expect(printable('Łódź ő\u200b', font, 12, 500)).toBe('Lódz o');
    expect(printable('Avd 🩺', font, 12, 500)).toBe('Avd ?');
    const cut = printable('Å'.repeat(200), font, 12, 100);
    expect(cut.endsWith('…')).toBe(true);
    expect(font.widthOfTextAtSize(cut, 12)).toBeLessThanOrEqual(100);
  });
});
