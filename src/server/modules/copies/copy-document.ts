import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { PDFFont, PDFImage, PDFPage } from 'pdf-lib';

/** What a printed copy shows (M7): the case's facts, already in words, and the footer's facts. */
export interface PrintContent {
  title: string;
  facts: { label: string; value: string }[];
  values: { label: string; value: string }[];
  /** Web previews (JPEG or PNG bytes) with a caption each. */
  images: { caption: string; bytes: Buffer; mime: string }[];
  /** Every page's footer lines: patient, department, user, time and reason. */
  footer: string[];
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const FOOTER_HEIGHT = 48;

const require = createRequire(import.meta.url);
let fonts: Promise<{ regular: Buffer; bold: Buffer }> | undefined;

/**
 * DejaVu Sans (from the dejavu-fonts-ttf package), embedded and subset: unlike the PDF standard
 * fonts it has å ä ö, æ ø and the Sámi letters (á č đ ŋ š ŧ ž), so a name prints as written.
 */
function loadFonts(): Promise<{ regular: Buffer; bold: Buffer }> {
  fonts ??= (async () => {
    const dir = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf').replace(/DejaVuSans\.ttf$/, '');
    const [regular, bold] = await Promise.all([readFile(`${dir}DejaVuSans.ttf`), readFile(`${dir}DejaVuSans-Bold.ttf`)]);
    return { regular, bold };
  })();
  return fonts;
}

/** Splits text into lines that fit the width (a word longer than the width is cut). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/** Drops what no font draws (control characters); DejaVu has the rest that Kasus stores. */
function clean(text: string, font: PDFFont): string {
  const known = new Set(font.getCharacterSet());
  return [...text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')].map((c) => (c === '\n' || known.has(c.codePointAt(0)!) ? c : '?')).join('');
}

/** The print of a case: content flowing over A4 pages, every page with the same footer and its page number. */
export async function printDocument(content: PrintContent): Promise<Uint8Array> {
  // Loaded on first use: pdf-lib and fontkit would add about 0.4 s to every process start.
  const [{ PDFDocument, rgb }, { default: fontkit }] = await Promise.all([import('pdf-lib'), import('@pdf-lib/fontkit')]);
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const bytes = await loadFonts();
  const regular = await pdf.embedFont(bytes.regular, { subset: true });
  const bold = await pdf.embedFont(bytes.bold, { subset: true });
  pdf.setTitle(clean(content.title, regular));
  pdf.setProducer('Kasus');
  const width = A4[0] - 2 * MARGIN;
  const pages: PDFPage[] = [];
  let page!: PDFPage;
  let y = 0;
  const newPage = () => {
    page = pdf.addPage(A4);
    pages.push(page);
    y = A4[1] - MARGIN;
  };
  const room = (height: number) => {
    if (y - height < MARGIN + FOOTER_HEIGHT) newPage();
  };
  const text = (value: string, font: PDFFont, size: number, color = rgb(0, 0, 0), indent = 0) => {
    for (const line of wrap(clean(value, font), font, size, width - indent)) {
      room(size + 4);
      page.drawText(line, { x: MARGIN + indent, y: y - size, size, font, color });
      y -= size + 4;
    }
  };
  newPage();
  text(content.title, bold, 16);
  y -= 6;
  for (const fact of content.facts) text(`${fact.label}: ${fact.value}`, regular, 10);
  if (content.values.length > 0) {
    y -= 10;
    for (const value of content.values) {
      text(value.label, bold, 9.5, rgb(0.25, 0.25, 0.25));
      text(value.value || '–', regular, 11, rgb(0, 0, 0), 8);
      y -= 4;
    }
  }
  for (const image of content.images) {
    let embedded: PDFImage;
    try {
      // A copy of its own: pdf-lib's JPEG reader ignores a view's offset into Node's shared buffer pool.
      const own = new Uint8Array(image.bytes);
      embedded = image.mime === 'image/png' ? await pdf.embedPng(own) : await pdf.embedJpg(own);
    } catch {
      text(`${image.caption} (bilden kunde inte läsas)`, regular, 10);
      continue;
    }
    const maxHeight = A4[1] - 2 * MARGIN - FOOTER_HEIGHT - 40;
    const scale = Math.min(width / embedded.width, maxHeight / embedded.height, 1);
    const [w, h] = [embedded.width * scale, embedded.height * scale];
    y -= 8;
    room(h + 20);
    page.drawImage(embedded, { x: MARGIN, y: y - h, width: w, height: h });
    y -= h + 4;
    text(image.caption, regular, 9, rgb(0.3, 0.3, 0.3));
  }
  const grey = rgb(0.3, 0.3, 0.3);
  pages.forEach((p, i) => {
    p.drawLine({ start: { x: MARGIN, y: MARGIN + FOOTER_HEIGHT - 6 }, end: { x: A4[0] - MARGIN, y: MARGIN + FOOTER_HEIGHT - 6 }, thickness: 0.5, color: grey });
    const lines = [...content.footer, `Sida ${i + 1} av ${pages.length}`];
    lines.slice(0, 4).forEach((line, n) => {
      const shown = wrap(clean(line, regular), regular, 7.5, width)[0] ?? '';
      p.drawText(shown, { x: MARGIN, y: MARGIN + FOOTER_HEIGHT - 18 - n * 10, size: 7.5, font: regular, color: grey });
    });
  });
  return pdf.save();
}
