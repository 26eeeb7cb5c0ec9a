import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import parseRange from 'range-parser';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { errorResponses, idParams, isoTime } from '../../http/schemas.js';
import { describeTextProblem, findTextProblem } from '../../http/text.js';
import type { Services } from '../../services.js';
import type { MediaVariant, UploadPart } from './media-service.js';
import { checkedFilename } from './filename.js';
import { parseMediaEdit } from './media-edit.js';
import { mediaView, uploadResult } from './media-schemas.js';

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

export const mediaRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post('/api/cases/:id/media', {
    schema: {
      tags: ['media'],
      summary:
        'Upload one or more files (multipart/form-data, parts named "file"); each is checked, cleaned of all metadata and stored. ' +
        'A text part "edit" right before a file crops ({"crop":{x,y,width,height}}) or trims ({"trim":{startMs,endMs}}) that file; ' +
        'a text part "ultrasound" = "true" before a file marks it as ultrasound. Audio and ultrasound are accepted only in a session ' +
        'launched from the EHR (otherwise refused ehr_context_required, 403 when nothing else was accepted)',
      params: idParams,
      querystring: z.strictObject({ capturedAt: isoTime.optional() }),
      consumes: ['multipart/form-data'],
      response: { 200: uploadResult, 422: uploadResult.extend({ code: z.string(), message: z.string() }), ...errorResponses },
    },
  }, async (request) => {
    if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Skicka filerna som multipart/form-data.');
    // The first error of the multipart parser (no boundary, cut off before the closing boundary, a
    // malformed part), whether it surfaces from the parts or from a file's stream.
    let malformed: unknown = null;
    const streams: Readable[] = [];
    let fileCount = 0;
    async function* files(): AsyncGenerator<UploadPart> {
      try {
        /** The edit instructions of the next file part (a text part named "edit" right before it). */
        let edit: ReturnType<typeof parseMediaEdit> | undefined;
        /** A text part "ultrasound" with value "true" right before a file marks it as ultrasound (M5: EHR context only). */
        let ultrasound = false;
        // Parsed only now, after the service's rights check: the caller learns nothing before it.
        for await (const part of request.parts()) {
          if (part.fieldname === 'edit' && part.type === 'field') {
            const text = typeof part.value === 'string' ? part.value : '';
            assertFieldText('edit', text);
            if (edit) throw new AppError('invalid_edit', 'Två redigeringar (edit) i rad: varje redigering ska stå direkt före sin fil.', { field: 'edit' });
            edit = parseMediaEdit(text);
            continue;
          }
          if (part.fieldname === 'ultrasound' && part.type === 'field') {
            const text = typeof part.value === 'string' ? part.value : '';
            assertFieldText('ultrasound', text);
            if (text !== 'true' && text !== 'false') throw new AppError('validation_failed', 'Fältet ultrasound ska vara true eller false.', { field: 'ultrasound' });
            ultrasound = text === 'true';
            continue;
          }
          if (part.fieldname !== 'file' || part.type !== 'file') {
            if (part.type === 'file') part.file.resume();
            // A text field gets the same text check as every other text Kasus is sent, then is refused.
            else assertFieldText(part.fieldname, typeof part.value === 'string' ? part.value : '');
            throw unexpectedPart(part.fieldname, part.type === 'file');
          }
          // Checked before a byte is written: a refused name leaves nothing in quarantine. The parser
          // decodes bytes that are not UTF-8 (e.g. a lone surrogate's) to U+FFFD: such a name was not
          // well-formed text as sent, and is refused like any other.
          if (part.filename.includes('\uFFFD')) throw new AppError('invalid_text', describeTextProblem('filename', 'lone_surrogate'), { field: 'filename' });
          const filename = checkedFilename(part.filename);
          streams.push(part.file);
          fileCount += 1;
          yield { filename, stream: part.file, truncated: () => part.file.truncated, ...(edit ? { edit } : {}), ...(ultrasound ? { ultrasound } : {}) };
          edit = undefined;
          ultrasound = false;
        }
        if (edit) throw new AppError('invalid_edit', 'Redigeringen (edit) står sist: den ska stå direkt före filen den gäller.', { field: 'edit' });
      } catch (error) {
        if (!(error instanceof AppError)) malformed ??= error;
        throw error;
      }
    }
    let result;
    try {
      result = await services.media.upload(request.ctx, request.params.id, files(), request.query.capturedAt);
    } catch (error) {
      // A file's stream destroyed by the parser (possibly before it was read) holds the parser's error.
      malformed ??= streams.find((stream) => stream.errored)?.errored ?? null;
      if (malformed && !(error instanceof AppError)) throw multipartError(malformed);
      throw error;
    }
    if (fileCount === 0) throw new AppError('validation_failed', 'Uppladdningen innehåller ingen fil. Skicka filerna som delar med namnet "file".', { field: 'file' });
    return result;
  });

  app.get('/api/media/:id', {
    schema: { tags: ['media'], summary: 'Facts about one media item', params: idParams, response: { 200: mediaView, ...errorResponses } },
  }, (request) => services.media.get(request.ctx, request.params.id));

  for (const variant of ['original', 'thumbnail', 'preview', 'poster', 'playable'] as const satisfies readonly MediaVariant[]) {
    app.get(`/api/media/:id/${variant}`, {
      schema: {
        tags: ['media'],
        summary: variant === 'original' ? 'The cleaned original (HTTP Range supported)' : `The ${variant} (404 not_ready until made; Range supported)`,
        params: idParams,
      },
    }, async (request, reply) => {
      const file = await services.media.open(request.ctx, request.params.id, variant);
      reply
        .header('accept-ranges', 'bytes')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', 'inline')
        .type(file.mime);
      const header = request.headers.range;
      if (header) {
        const ranges = parseRange(file.size, header, { combine: true });
        if (ranges === -1) {
          reply.header('content-range', `bytes */${file.size}`);
          throw new AppError('range_not_satisfiable');
        }
        // A malformed header or several ranges: answer with the whole file, as HTTP allows.
        if (ranges !== -2 && ranges.length === 1) {
          const { start, end } = ranges[0]!;
          reply.status(206).header('content-range', `bytes ${start}-${end}/${file.size}`).header('content-length', end - start + 1);
          return reply.send(await services.media.stream(file.key, { start, end }));
        }
      }
      reply.header('content-length', file.size);
      return reply.send(await services.media.stream(file.key));
    });
  }
};
