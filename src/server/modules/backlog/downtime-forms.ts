import type { PDFFont, PDFPage } from 'pdf-lib';

export const DOWNTIME_FORM_KINDS = ['radiology-referral', 'offline-media-note'] as const;
export type DowntimeFormKind = (typeof DOWNTIME_FORM_KINDS)[number];

export interface DowntimeFormFacts {
  /** The patient identifier printed on the form, when known and the user may read it. */
  patientIdentifier: string | null;
  departmentName: string | null;
  /** When the form was printed, in local time (shown in the footer). */
  printedAt: string;
}

interface Field {
  label: string;
  /** Lines to write on by hand (each 22 pt). */
  lines: number;
  value?: string | null;
}

interface FormSpec {
  title: string;
  intro: string;
  fields: Field[];
  checkboxes?: { label: string; options: string[] };
  footer: string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const LINE = 22;

function spec(kind: DowntimeFormKind, facts: DowntimeFormFacts): FormSpec {
  const patient = { label: 'Patient (personnummer eller reservnummer)', lines: 1, value: facts.patientIdentifier };
  const department = { label: 'Avdelning / mottagning', lines: 1, value: facts.departmentName };
  if (kind === 'radiology-referral') {
    return {
      title: 'Pappersremiss – radiologi (reservrutin)',
      intro: 'Används när beställningssystemet inte fungerar. Ring röntgen och lämna remissen enligt avdelningens reservrutin. Registrera remissen i Kasus eftersläpningslista (pappersremiss) så att den förs in i systemet efter avbrottet.',
      fields: [
        patient,
        { label: 'Patientens namn', lines: 1 },
        department,
        { label: 'Remitterande läkare (namn, telefon)', lines: 1 },
        { label: 'Undersökning som önskas', lines: 2 },
        { label: 'Frågeställning och anamnes', lines: 5 },
        { label: 'Kontrastmedel: allergi, njurfunktion (kreatinin/eGFR), diabetesmedicin', lines: 2 },
        { label: 'Graviditet möjlig? Pacemaker eller implantat?', lines: 1 },
        { label: 'Datum, tid och underskrift', lines: 1 },
      ],
      checkboxes: { label: 'Prioritet', options: ['Akut', 'Inom 24 timmar', 'Planerad'] },
      footer: 'Svaret lämnas på papper (papperssvar) eller per telefon och registreras i eftersläpningslistan.',
    };
  }
  return {
    title: 'Anteckning till media tagna offline (reservrutin)',
    intro: 'Används när bilder, film eller ljud tas utan uppkoppling till Kasus. Fotografera till minneskort, ett kort per patient. Lägg lappen med kortet och registrera dem i Kasus eftersläpningslista (media tagna offline).',
    fields: [
      patient,
      department,
      { label: 'Minneskortets märkning / kamera', lines: 1 },
      { label: 'Antal bilder, filmer eller ljudfiler', lines: 1 },
      { label: 'Lokalisation (kroppsdel och sida)', lines: 2 },
      { label: 'Fynd och frågeställning', lines: 4 },
      { label: 'Samtycke (muntligt / skriftligt) och eventuella begränsningar', lines: 2 },
      { label: 'Fotograferat av (namn), datum och tid', lines: 1 },
    ],
    checkboxes: { label: 'Typ av media', options: ['Foto', 'Film', 'Ljud'] },
    footer: 'Efter avbrottet: importera filerna till patientens ärende i Kasus, markera posten som införd, och låt den verifieras.',
  };
}

/** Splits text into lines that fit the width. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) > width && line) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Letters with a stroke have no decomposition; their base letter is the reading a clinician expects. */
const STROKED: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŧ: 'T', ŧ: 't' };

/**
 * Text from the database as the form's standard font can print it: the PDF standard fonts know only
 * WinAnsi (Latin-1 and a few more), so a department named with emoji, Greek or a zero-width space
 * would otherwise make the whole form fail. Characters outside the font lose their accents where
 * that helps (ő → o), invisible ones are dropped, the rest become "?"; line breaks become spaces, and
 * a value too long for its line is cut with an ellipsis.
 */
export function printable(text: string, font: PDFFont, size: number, width: number): string {
  const known = new Set(font.getCharacterSet());
  let out = '';
  for (const ch of text.replace(/\s+/gu, ' ').trim()) {
    if (known.has(ch.codePointAt(0)!)) out += ch;
    else if (/\p{Cf}|\p{Cc}|\p{M}/u.test(ch)) continue;
    else {
      const base = [...(STROKED[ch] ?? ch).normalize('NFKD')].filter((c) => known.has(c.codePointAt(0)!) && !/\p{M}/u.test(c)).join('');
      out += base || '?';
    }
  }
  if (font.widthOfTextAtSize(out, size) <= width) return out;
  const chars = [...out];
  while (chars.length > 0 && font.widthOfTextAtSize(`${chars.join('')}…`, size) > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/** A printable A4 downtime form in Swedish, with lines and boxes to fill in by hand (C7). */
export async function downtimeFormPdf(kind: DowntimeFormKind, facts: DowntimeFormFacts): Promise<Uint8Array> {
  const form = spec(kind, facts);
  // Loaded on first use: pdf-lib and fontkit would add about 0.4 s to every process start.
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  pdf.setTitle(form.title);
  pdf.setLanguage('sv-SE');
  pdf.setCreator('Kasus');
  pdf.setProducer('Kasus');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page: PDFPage = pdf.addPage(A4);
  const width = A4[0] - 2 * MARGIN;
  const grey = rgb(0.45, 0.45, 0.45);
  let y = A4[1] - MARGIN;

  page.drawText(form.title, { x: MARGIN, y: y - 16, size: 16, font: bold });
  y -= 30;
  for (const line of wrap(form.intro, regular, 9.5, width)) {
    page.drawText(line, { x: MARGIN, y: y - 10, size: 9.5, font: regular, color: grey });
    y -= 13;
  }
  y -= 10;

  for (const field of form.fields) {
    page.drawText(field.label, { x: MARGIN, y: y - 9, size: 9, font: bold });
    y -= 12;
    for (let i = 0; i < field.lines; i += 1) {
      if (i === 0 && field.value) page.drawText(printable(field.value, regular, 12, width - 8), { x: MARGIN + 4, y: y - LINE + 6, size: 12, font: regular });
      y -= LINE;
      page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + width, y }, thickness: 0.6, color: grey });
    }
    y -= 10;
  }

  if (form.checkboxes) {
    page.drawText(form.checkboxes.label, { x: MARGIN, y: y - 9, size: 9, font: bold });
    y -= 28;
    let x = MARGIN;
    for (const option of form.checkboxes.options) {
      page.drawRectangle({ x, y, width: 12, height: 12, borderWidth: 0.8, borderColor: rgb(0, 0, 0) });
      page.drawText(option, { x: x + 18, y: y + 2, size: 10, font: regular });
      x += 30 + regular.widthOfTextAtSize(option, 10) + 20;
    }
    y -= 20;
  }

  // The box for the backlog registration: who registered it, entered it, verified it.
  y -= 6;
  const boxHeight = 62;
  page.drawRectangle({ x: MARGIN, y: y - boxHeight, width, height: boxHeight, borderWidth: 0.8, borderColor: rgb(0, 0, 0) });
  page.drawText('Efter avbrottet (eftersläpningslistan)', { x: MARGIN + 6, y: y - 14, size: 9, font: bold });
  const third = width / 3;
  ['Registrerad (sign.)', 'Införd (sign.)', 'Verifierad (sign.)'].forEach((label, i) => {
    page.drawText(label, { x: MARGIN + 6 + i * third, y: y - 30, size: 9, font: regular });
    page.drawLine({ start: { x: MARGIN + 6 + i * third, y: y - 52 }, end: { x: MARGIN + (i + 1) * third - 10, y: y - 52 }, thickness: 0.6, color: grey });
  });

  for (const [i, line] of wrap(`${form.footer} Utskriven ${facts.printedAt} från Kasus.`, regular, 8, width).entries()) {
    page.drawText(line, { x: MARGIN, y: MARGIN - 10 + 10 * (1 - i), size: 8, font: regular, color: grey });
  }
  return pdf.save();
}
