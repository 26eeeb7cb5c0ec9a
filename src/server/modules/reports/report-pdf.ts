import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { PDFFont, PDFPage } from 'pdf-lib';

const require = createRequire(import.meta.url);
// DejaVu Sans covers Swedish, Norwegian and Sámi letters (Helvetica's WinAnsi does not have ŋ, ŧ, č…).
const FONT_FILE = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD_FILE = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
let fonts: Promise<[Uint8Array, Uint8Array]> | null = null;

export interface PdfTable {
  title: string;
  /** Lines under the title: period, filter, when generated. */
  subtitle: string[];
  columns: { heading: string; width: number }[];
  rows: string[][];
  /** A line after the table (e.g. that it was cut short). */
  note?: string;
  pageLabel: string;
}

const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
const MARGIN = 36;
const SIZE = 8;
const LINE = 11;

/** Breaks text into lines that fit the width (at spaces where it can), at most `max` lines, the last cut with an ellipsis. */
function wrap(text: string, font: PDFFont, width: number, max: number): string[] {
  const lines: string[] = [];
  let rest = text.replace(/[\r\n\t]+/g, ' ').trim();
  while (rest && lines.length < max - 1 && font.widthOfTextAtSize(rest, SIZE) > width) {
    let end = rest.length;
    while (end > 1 && font.widthOfTextAtSize(rest.slice(0, end), SIZE) > width) end--;
    const space = rest.lastIndexOf(' ', end);
    const cut = space > 0 ? space : end;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  if (rest) lines.push(fit(rest, font, width));
  return lines.length ? lines : [''];
}

/** Cuts text to fit the width, with an ellipsis. */
function fit(text: string, font: PDFFont, width: number): string {
  const clean = text.replace(/[\r\n\t]+/g, ' ');
  if (font.widthOfTextAtSize(clean, SIZE) <= width) return clean;
  let end = clean.length;
  while (end > 0 && font.widthOfTextAtSize(`${clean.slice(0, end)}…`, SIZE) > width) end--;
  return `${clean.slice(0, end)}…`;
}

/** A landscape A4 table report with the heading repeated and a page number on each page. */
export async function tablePdf(table: PdfTable): Promise<Uint8Array> {
  fonts ??= Promise.all([readFile(FONT_FILE), readFile(BOLD_FILE)]);
  const [regularBytes, boldBytes] = await fonts;
  // Loaded on first use: pdf-lib and fontkit would add about 0.4 s to every process start.
  const [{ PDFDocument, rgb }, { default: fontkit }] = await Promise.all([import('pdf-lib'), import('@pdf-lib/fontkit')]);
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const regular = await pdf.embedFont(regularBytes, { subset: true });
  const bold = await pdf.embedFont(boldBytes, { subset: true });
  pdf.setTitle(table.title);
  const total = table.columns.reduce((s, c) => s + c.width, 0);
  const scale = (A4_LANDSCAPE[0] - 2 * MARGIN) / total;
  const widths = table.columns.map((c) => c.width * scale);

  const pages: PDFPage[] = [];
  let page!: PDFPage;
  let y = 0;
  const row = (cells: string[], font: PDFFont) => {
    const wrapped = cells.map((cell, i) => wrap(cell, font, widths[i]! - 4, 4));
    const height = Math.max(...wrapped.map((lines) => lines.length));
    if (y - (height - 1) * LINE < MARGIN) newPage();
    let x = MARGIN;
    wrapped.forEach((lines, i) => {
      lines.forEach((line, j) => page.drawText(line, { x, y: y - j * LINE, size: SIZE, font, color: rgb(0, 0, 0) }));
      x += widths[i]!;
    });
    y -= height * LINE;
  };
  function newPage() {
    page = pdf.addPage(A4_LANDSCAPE);
    pages.push(page);
    y = A4_LANDSCAPE[1] - MARGIN;
    page.drawText(table.title, { x: MARGIN, y, size: 14, font: bold });
    y -= 18;
    for (const line of table.subtitle) {
      page.drawText(fit(line, regular, A4_LANDSCAPE[0] - 2 * MARGIN), { x: MARGIN, y, size: SIZE, font: regular });
      y -= LINE;
    }
    y -= 4;
    row(table.columns.map((c) => c.heading), bold);
    page.drawLine({ start: { x: MARGIN, y: y + LINE - 3 }, end: { x: A4_LANDSCAPE[0] - MARGIN, y: y + LINE - 3 }, thickness: 0.5 });
  }
  newPage();
  for (const cells of table.rows) {
    if (y < MARGIN + LINE) newPage();
    row(cells, regular);
  }
  if (table.note) {
    if (y < MARGIN + LINE) newPage();
    y -= 4;
    page.drawText(fit(table.note, regular, A4_LANDSCAPE[0] - 2 * MARGIN), { x: MARGIN, y, size: SIZE, font: regular });
  }
  pages.forEach((p, i) => {
    p.drawText(`${table.pageLabel} ${i + 1}/${pages.length}`, { x: A4_LANDSCAPE[0] - MARGIN - 60, y: MARGIN / 2, size: SIZE, font: regular });
  });
  return pdf.save();
}
