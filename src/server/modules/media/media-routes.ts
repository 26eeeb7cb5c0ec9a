import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import parseRange from 'range-parser';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { errorResponses, idParams, isoTime } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import type { MediaVariant, UploadPart } from './media-service.js';
import { mediaView, uploadResult } from './media-schemas.js';

export const mediaRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post('/api/cases/:id/media', {
    schema: {
      tags: ['media'],
      summary: 'Upload one or more files (multipart/form-data, parts named "file"); each is checked, cleaned of all metadata and stored',
      params: idParams,
      querystring: z.strictObject({ capturedAt: isoTime.optional() }),
      consumes: ['multipart/form-data'],
      response: { 200: uploadResult, 422: uploadResult.extend({ code: z.string(), message: z.string() }), ...errorResponses },
    },
  }, async (request) => {
    if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Skicka filerna som multipart/form-data.');
    const parts = request.parts();
    async function* files(): AsyncGenerator<UploadPart> {
      for await (const part of parts) {
        if (part.type !== 'file') continue;
        yield { filename: part.filename, stream: part.file, truncated: () => part.file.truncated };
      }
    }
    return services.media.upload(request.ctx, request.params.id, files(), request.query.capturedAt);
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
