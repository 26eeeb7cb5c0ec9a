import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams, isoTime } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { SUBSCRIPTION_KINDS } from './broadcast-service.js';
import type { ContinuityEvent } from './continuity-events.js';
import { notice } from './continuity-routes.js';

/** A comment line now and then keeps proxies from closing an idle stream. */
export const HEARTBEAT_MS = 20_000;
/** How long the browser waits before reconnecting. */
const RETRY_MS = 3000;
/** How often this node looks for notices and status changes made by other nodes. */
const POLL_MS = 3000;

const subscription = z.object({
  id: z.string(),
  departmentId: z.string(),
  departmentName: z.string().nullable(),
  kind: z.enum(SUBSCRIPTION_KINDS),
  target: z.string(),
  createdAt: z.string(),
});

/**
 * Broadcast (C4): the server-sent event stream every open page listens to, manual notices, and the
 * departments' webhook subscriptions.
 */
export const broadcastRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { continuityEvents, notices, kasusMode, broadcast } = services;
  const streams = new Set<ServerResponse>();

  app.addHook('onReady', async () => {
    notices.startEventPolling(Math.min(POLL_MS, services.config.statusRefreshMs), (error) => app.log.warn({ err: error }, 'polling for notices failed'));
  });
  // Open streams would keep the server from closing: they are ended first.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
    streams.clear();
  });
  app.addHook('onClose', async () => {
    await continuityEvents.stop();
  });

  app.get('/api/events', {
    schema: {
      // A stream that never ends: left out of OpenAPI (see docs/api.md), so route walkers skip it.
      hide: true,
      querystring: z.object({ lastEventId: z.string().max(20).optional() }).loose(),
    },
  }, async (request, reply) => {
    const actor = services.access.authenticated(request.ctx);
    void actor;
    const header = request.headers['last-event-id'];
    const lastText = (Array.isArray(header) ? header[0] : header) ?? request.query.lastEventId;
    const lastSeq = lastText !== undefined && /^\d+$/.test(lastText.trim()) ? Number(lastText.trim()) : null;

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    res.flushHeaders();
    streams.add(res);

    const sent = new Set<number>();
    let chain: Promise<void> = Promise.resolve();
    const write = (text: string) => {
      if (!res.writableEnded && !res.destroyed) res.write(text);
    };
    const queue = (work: () => Promise<void>) => {
      chain = chain.then(work).catch((error: unknown) => request.log.warn({ err: error }, 'event stream write failed'));
    };
    const sendNotice = (seq: number, view: unknown) => {
      if (sent.has(seq)) return;
      sent.add(seq);
      write(`id: ${seq}\nevent: notice\ndata: ${JSON.stringify(view)}\n\n`);
    };
    const listener = (event: ContinuityEvent) => {
      if (event.type === 'notice') {
        queue(async () => {
          if (sent.has(event.seq)) return;
          sendNotice(event.seq, await notices.noticeView(event.noticeId));
        });
      } else {
        queue(async () => {
          write(`event: status\ndata: ${JSON.stringify({ systemId: event.systemId, status: event.status, mode: kasusMode.mode() })}\n\n`);
        });
      }
    };
    // Listen first, then replay: nothing published in between is lost (repeats are skipped).
    const unsubscribe = continuityEvents.subscribe(listener);
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const cleanup = () => {
      unsubscribe();
      clearInterval(heartbeat);
      streams.delete(res);
    };
    res.on('close', cleanup);
    request.raw.on('close', cleanup);

    queue(async () => {
      write(`retry: ${RETRY_MS}\n\n`);
      if (lastSeq !== null) {
        for (const view of await notices.noticesAfter(request.ctx, lastSeq)) sendNotice(view.seq, view);
        write(`event: ready\ndata: ${JSON.stringify({ mode: kasusMode.mode(), replayedFrom: lastSeq })}\n\n`);
      } else {
        const latest = await notices.latestNoticeSeq();
        write(`id: ${latest}\nevent: ready\ndata: ${JSON.stringify({ mode: kasusMode.mode(), replayedFrom: null })}\n\n`);
      }
    });
  });

  app.post('/api/notices', {
    schema: {
      tags: ['continuity'],
      summary: 'Post a notice by hand (continuity.manage): system, departments affected, start, expected duration and reason are all required',
      description: 'kind outage (default), update or recovery; a recovery needs no expected duration and closes the system’s open outage notices. Published at once on GET /api/events and sent to the departments’ subscriptions.',
      body: z.strictObject({
        kind: z.enum(['outage', 'update', 'recovery'], { error: 'välj outage, update eller recovery' }).optional(),
        systemId: z.string().max(64).optional(),
        departmentIds: z.array(z.string().max(64)).max(500).optional(),
        startedAt: isoTime.optional(),
        expectedDurationMinutes: z
          .number({ error: 'ska vara ett heltal minuter (expectedDurationMinutes)' })
          .int({ error: 'ska vara ett heltal minuter (expectedDurationMinutes)' })
          .min(1, { error: 'ska vara minst 1 minut (expectedDurationMinutes)' })
          .max(60 * 24 * 60, { error: 'får vara högst 60 dygn (expectedDurationMinutes)' })
          .optional(),
        reason: z.string().max(2000, { error: 'får vara högst 2000 tecken' }).optional(),
      }),
      response: { 201: notice, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await notices.createNotice(request.ctx, request.body)));

  app.get('/api/notice-subscriptions', {
    schema: {
      tags: ['continuity'],
      summary: 'Where each department’s notices are sent (continuity.manage)',
      response: { 200: z.array(subscription), ...errorResponses },
    },
  }, (request) => broadcast.list(request.ctx));

  app.post('/api/notice-subscriptions', {
    schema: {
      tags: ['continuity'],
      summary: 'Send a department’s notices to a webhook (JSON POST) or an e-mail address (continuity.manage)',
      body: z.strictObject({
        departmentId: z.string().min(1, { error: 'får inte vara tomt' }).max(64),
        kind: z.enum(SUBSCRIPTION_KINDS, { error: 'välj webhook eller email' }),
        target: z.string().trim().min(1, { error: 'får inte vara tomt' }).max(2000),
      }),
      response: { 201: subscription, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await broadcast.create(request.ctx, request.body)));

  app.delete('/api/notice-subscriptions/:id', {
    schema: { tags: ['continuity'], summary: 'Stop sending to a subscription (continuity.manage)', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await broadcast.remove(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });
};
