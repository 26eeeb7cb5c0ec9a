import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../http/errors.js';
import { describeTextProblem, findTextProblem } from '../../http/text.js';
import { checkedFilename } from './filename.js';

/** A part that is not a file named "file" (API: "one or more parts named `file`"). */
export function unexpectedPart(name: string, isFile: boolean): AppError {
  const shown = [...name].slice(0, 40).join('').toWellFormed().replace(/[\u0000-\u001F\u007F-\u009F]/g, '?');
  return new AppError(
    'validation_failed',
    isFile
      ? `Uppladdningen har en fil i delen "${shown}". Filer ska skickas i delar med namnet "file".`
      : `Uppladdningen har ett textfält "${shown}" som Kasus inte tar emot. Skicka bara filer, i delar med namnet "file".`,
    { field: 'file' },
  );
}

export function assertFieldText(name: string, value: string): void {
  const nameProblem = findTextProblem(name, { allowLineBreaks: false });
  const problem = nameProblem ?? findTextProblem(value);
  if (problem) throw new AppError('invalid_text', describeTextProblem(nameProblem ? 'fältnamn' : name, problem), { field: nameProblem ? 'fältnamn' : name });
}

const MULTIPART_LIMITS = new Set(['FST_PARTS_LIMIT', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT']);

/** The multipart parser's error as Kasus's own: 413 over the part limits, 400 `invalid_multipart` otherwise. */
export function multipartError(error: unknown): AppError {
  const code = (error as { code?: string }).code ?? '';
  if (MULTIPART_LIMITS.has(code)) return new AppError('payload_too_large', 'Uppladdningen har för många delar: skicka högst 500 filer per gång.');
  const reason = error instanceof Error ? error.message : '';
  if (/boundary not found/i.test(reason)) {
    return new AppError('invalid_multipart', 'Uppladdningen saknar avgränsare (boundary) i Content-Type och kan inte läsas. Skicka filerna som multipart/form-data.');
  }
  if (/unexpected end|terminated early|premature|closed before/i.test(reason) || code === 'FST_MP_PREMATURE_CLOSE') {
    return new AppError('invalid_multipart', 'Uppladdningen tog slut innan sista avgränsaren: den avbröts eller är avkortad. Försök ladda upp filerna igen.');
  }
  return new AppError('invalid_multipart');
}

/** A file part of a multipart request, its bytes still to be read. */
export interface ReceivedFile {
  filename: string;
  stream: Readable;
  truncated(): boolean;
}

export interface ReceiveOptions<F> {
  /** Refuses a request with no file part (after the consumer has finished). */
  noFileMessage: string;
  /** Text parts accepted besides the files, by name; each is checked as text, then given to `onField` (which may refuse it by throwing). */
  fields?: readonly string[];
  onField?(name: string, text: string): void;
  /** What the consumer gets for a file part (e.g. with the text parts that came before it). */
  decorate?(file: ReceivedFile): F;
  /** After the last part (e.g. to refuse a text part left without its file). */
  onEnd?(): void;
}

/**
 * Hands the file parts of a multipart request to `consume` as they arrive, streamed, never buffered
 * (the one reading of uploads, for the case's media and for card imports). Only parts named "file"
 * and the text parts in `fields` are accepted; a file name is checked before a byte of its file is
 * read, so a refused name leaves nothing behind. The multipart parser's first error, whether it
 * surfaces from the parts or from a file's stream, becomes Kasus's own 400/413.
 */
export async function receiveFiles<T, F = ReceivedFile>(request: FastifyRequest, options: ReceiveOptions<F>, consume: (files: AsyncGenerator<F>) => Promise<T>): Promise<T> {
  if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Skicka filerna som multipart/form-data.');
  let malformed: unknown = null;
  const streams: Readable[] = [];
  let fileCount = 0;
  async function* files(): AsyncGenerator<F> {
    try {
      for await (const part of request.parts()) {
        if (part.type === 'field' && options.fields?.includes(part.fieldname)) {
          const text = typeof part.value === 'string' ? part.value : '';
          assertFieldText(part.fieldname, text);
          options.onField?.(part.fieldname, text);
          continue;
        }
        if (part.fieldname !== 'file' || part.type !== 'file') {
          if (part.type === 'file') part.file.resume();
          // A text field gets the same text check as every other text Kasus is sent, then is refused.
          else assertFieldText(part.fieldname, typeof part.value === 'string' ? part.value : '');
          throw unexpectedPart(part.fieldname, part.type === 'file');
        }
        // The parser decodes bytes that are not UTF-8 (e.g. a lone surrogate's) to U+FFFD: such a name
        // was not well-formed text as sent, and is refused like any other.
        if (part.filename.includes('\uFFFD')) throw new AppError('invalid_text', describeTextProblem('filename', 'lone_surrogate'), { field: 'filename' });
        const filename = checkedFilename(part.filename);
        streams.push(part.file);
        fileCount += 1;
        const file: ReceivedFile = { filename, stream: part.file, truncated: () => part.file.truncated };
        yield options.decorate ? options.decorate(file) : (file as F);
      }
      options.onEnd?.();
    } catch (error) {
      if (!(error instanceof AppError)) malformed ??= error;
      throw error;
    }
  }
  let result: T;
  try {
    result = await consume(files());
  } catch (error) {
    // A file's stream destroyed by the parser (possibly before it was read) holds the parser's error.
    malformed ??= streams.find((stream) => stream.errored)?.errored ?? null;
    if (malformed && !(error instanceof AppError)) throw multipartError(malformed);
    throw error;
  }
  if (fileCount === 0) throw new AppError('validation_failed', options.noFileMessage, { field: 'file' });
  return result;
}
