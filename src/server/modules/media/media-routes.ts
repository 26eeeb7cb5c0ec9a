import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import parseRange from 'range-parser';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { errorResponses, idParams, isoTime } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import type { MediaVariant, UploadPart } from './media-service.js';
import { parseMediaEdit } from './media-edit.js';
import { mediaView, uploadResult } from './media-schemas.js';
import { receiveFiles } from './multipart-files.js';

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
    /** The edit instructions of the next file part (a text part named "edit" right before it). */
    let edit: ReturnType<typeof parseMediaEdit> | undefined;
    /** A text part "ultrasound" with value "true" right before a file marks it as ultrasound (M5: EHR context only). */
    let ultrasound = false;
    // The parts are read only as the service takes them, after its rights check: the caller learns nothing before it.
    return receiveFiles<Awaited<ReturnType<Services['media']['upload']>>, UploadPart>(
      request,
      {
        noFileMessage: 'Uppladdningen innehåller ingen fil. Skicka filerna som delar med namnet "file".',
        fields: ['edit', 'ultrasound'],
        onField(name, text) {
          if (name === 'edit') {
            if (edit) throw new AppError('invalid_edit', 'Två redigeringar (edit) i rad: varje redigering ska stå direkt före sin fil.', { field: 'edit' });
            edit = parseMediaEdit(text);
          } else {
            if (text !== 'true' && text !== 'false') throw new AppError('validation_failed', 'Fältet ultrasound ska vara true eller false.', { field: 'ultrasound' });
            ultrasound = text === 'true';
          }
        },
        decorate(file) {
          const part: UploadPart = { ...file, ...(edit ? { edit } : {}), ...(ultrasound ? { ultrasound } : {}) };
          edit = undefined;
          ultrasound = false;
          return part;
        },
        onEnd() {
          if (edit) throw new AppError('invalid_edit', 'Redigeringen (edit) står sist: den ska stå direkt före filen den gäller.', { field: 'edit' });
        },
      },
      (files) => services.media.upload(request.ctx, request.params.id, files, request.query.capturedAt),
    );
  });

  app.get('/api/media/:id', {
    schema: { tags: ['media'], summary: 'Facts about one media item', params: idParams, response: { 200: mediaView, ...errorResponses } },
  }, (request) => services.media.get(request.ctx, request.params.id));

  /** A kept original's reason (M7); without download the original is viewed as before. */
  const downloadQuery = z.object({
    download: z.enum(['0', '1']).optional(),
    reasonCode: z.string().max(40).optional(),
    reasonText: z.string().max(1000).optional(),
    recipient: z.string().max(300).optional(),
  });
  for (const variant of ['original', 'thumbnail', 'preview', 'poster', 'playable'] as const satisfies readonly MediaVariant[]) {
    app.get(`/api/media/:id/${variant}`, {
      schema: {
        tags: ['media'],
        summary: variant === 'original' ? 'The cleaned original (HTTP Range supported)' : `The ${variant} (404 not_ready until made; Range supported)`,
        ...(variant === 'original'
          ? {
              description:
                'With download=1 the original is a copy to keep (M7): it asks for reasonCode (GET /api/copy-reasons; 400 reason_required without), optionally reasonText and recipient, answers as an attachment, is listed under GET /api/cases/{id}/copies and audited as media.download with the reason.',
              querystring: downloadQuery,
            }
          : {}),
        params: idParams,
      },
    }, async (request, reply) => {
      const query = request.query as z.infer<typeof downloadQuery> | undefined;
      const download = variant === 'original' && query?.download === '1';
      const file = download
        ? await services.copies.downloadOriginal(request.ctx, request.params.id, query!)
        : await services.media.open(request.ctx, request.params.id, variant);
      reply
        .header('accept-ranges', 'bytes')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', download ? `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}` : 'inline')
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
