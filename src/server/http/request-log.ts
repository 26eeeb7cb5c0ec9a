import { LogController, type FastifyInstance } from 'fastify';

export type RequestLogMode = 'off' | 'compact' | 'json';

/**
 * What Fastify itself logs per request: its JSON pair ("incoming request", "request completed") only
 * in `json` mode. Errors are logged whatever the mode: the error handler logs every 5xx itself.
 */
export function requestLogController(mode: RequestLogMode): LogController {
  return new LogController({ disableRequestLogging: mode !== 'json' });
}

/**
 * `compact` mode: one plain line per answered request, `14:02:11 GET /api/cases 200 12 ms`, in the
 * hospital's time zone. The path only: query strings carry filters that have no place in a log.
 */
export function registerCompactRequestLog(app: FastifyInstance, timeZone: string, write: (line: string) => void): void {
  const clock = new Intl.DateTimeFormat('sv-SE', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit' });
  app.addHook('onResponse', async (request, reply) => {
    const path = request.url.split('?', 1)[0];
    // Wall time: a log line says when it was written, not what the injected clock says.
    write(`${clock.format(new Date())} ${request.method} ${path} ${reply.statusCode} ${Math.round(reply.elapsedTime)} ms`);
  });
}
