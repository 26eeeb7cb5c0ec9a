import { createReadStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { AppError } from '../../http/errors.js';
import type { BlobWriter, StoredBlobs } from '../blobs/blob-writer.js';
import { cleanMedia, inspectUpload, MediaRefusal } from '../media/sanitize/index.js';

/** A consent form is a page or a few: larger than this is not a scan of one. */
export const CONSENT_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Active or embedded content a signed consent form has no use for. A PDF is kept as it was signed
 * (re-rendering would change the document the person signed), so anything a viewer could run or
 * open from it is refused instead of stripped.
 */
const PDF_ACTIVE = [/\/JavaScript\b/, /\/JS\b/, /\/Launch\b/, /\/EmbeddedFile\b/, /\/RichMedia\b/, /\/XFA\b/, /\/OpenAction\b/, /\/AA\b/, /\/SubmitForm\b/, /\/ImportData\b/];

export interface StoredDocument {
  key: string;
  mime: string;
  size: number;
  /** Held against deletes until the consent's row is committed (issue 17): settle after the commit. */
  settle: StoredBlobs['settle'];
}

const refused = (message: string) => new AppError('document_refused', message, { field: 'file' });

/**
 * The one ingest of a written consent's document. A PDF is recognised by its content (the %PDF- header
 * at the start and %%EOF at the end, never by its name), refused if it carries active or embedded
 * content or is encrypted, and stored byte for byte under its SHA-256. An image goes through the media
 * module's own inspection and cleaning (decoded and re-encoded, device metadata dropped), as a photo
 * does. Anything else is refused (422 document_refused). The file at `path` is the caller's to delete.
 */
export async function storeConsentDocument(path: string, filename: string, blobs: BlobWriter): Promise<StoredDocument> {
  const { size } = await stat(path);
  if (size === 0) throw refused('Filen är tom.');
  if (size > CONSENT_DOCUMENT_MAX_BYTES) throw refused('Filen är större än 20 MB. Skanna samtycket med lägre upplösning.');
  const head = await readHead(path, 1024);
  if (head.subarray(0, 1024).toString('latin1').includes('%PDF-')) {
    if (!head.subarray(0, 8).toString('latin1').startsWith('%PDF-')) throw refused('Filen börjar inte som en PDF (något står före %PDF-).');
    const text = await readAll(path);
    if (!/%%EOF\s*$/.test(text.slice(-1024))) throw refused('PDF-filen är avkortad eller felaktig (slutmarkeringen %%EOF saknas).');
    if (/\/Encrypt\b/.test(text)) throw refused('PDF-filen är krypterad. Spara den utan lösenord och försök igen.');
    const active = PDF_ACTIVE.find((pattern) => pattern.test(text));
    if (active) throw refused('PDF-filen innehåller skript, bilagor eller formulärfunktioner. Skriv ut och skanna samtycket, eller spara det som en vanlig PDF.');
    const written = await blobs.write([{ file: path, keep: true }]);
    const blob = written.blobs[0]!;
    return { key: blob.key, mime: 'application/pdf', size: blob.size, settle: written.settle };
  }
  const cleaned = `${path}.clean`;
  try {
    const inspection = await inspectUpload(path, filename);
    if (inspection.kind !== 'image') throw refused('Samtycket ska vara en PDF eller en bild, inte ljud eller video.');
    const result = await cleanMedia(path, cleaned, inspection);
    const written = await blobs.write([{ file: cleaned }]);
    const blob = written.blobs[0]!;
    return { key: blob.key, mime: result.mime, size: blob.size, settle: written.settle };
  } catch (error) {
    if (error instanceof MediaRefusal) throw refused(error.message);
    throw error;
  } finally {
    await rm(cleaned, { force: true });
  }
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function readAll(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(path)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('latin1');
}
