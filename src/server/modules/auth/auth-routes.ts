import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { errorResponses, idParams } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { SESSION_COOKIE } from './auth-service.js';

const assignment = z.object({
  departmentId: z.string(),
  departmentHsaId: z.string(),
  departmentName: z.string(),
  roleId: z.string(),
  roleName: z.string(),
  global: z.boolean(),
  rights: z.array(z.string()),
});
const sessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  active: z.boolean(),
  rights: z.array(z.string()),
  assignments: z.array(assignment),
});
const session = z.object({
  user: sessionUser,
  csrfToken: z.string(),
  // The hospital's zone (KASUS_TIME_ZONE): the web shows dates and patients' ages on the hospital's calendar.
  timeZone: z.string(),
  // Issue 15: opened by a launch from the EHR (audio and ultrasound are accepted only then, M5).
  ehrContext: z.boolean(),
  readOnly: z
    .enum(['ehr_launch', 'ehr_system'])
    .nullable()
    .describe('Why this session is read-only: ehr_launch (the EHR launched Kasus in read mode), ehr_system (the EHR is read_only in the systems registry); null: it is not'),
});
const token = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable().describe('When the token stops working; never after its parent'),
  parentId: z.string().nullable().describe('The token this one was made with (a bearer request); null: made while logged in'),
  revokedAt: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']).describe('revoked/expired also when a token it descends from is'),
});
const createdToken = token.pick({ id: true, name: true, createdAt: true, expiresAt: true, parentId: true }).extend({ token: z.string() });
const userTokenParams = z.strictObject({ id: z.string().min(1).max(64), tokenId: z.string().min(1).max(64) });

export const authRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { config } = services;

  app.post('/api/session', {
    schema: {
      tags: ['session'],
      summary: 'Log in with username and password',
      body: z.strictObject({ username: z.string().max(200), password: z.string().max(1000) }),
      response: { 200: session, ...errorResponses },
    },
  }, async (request, reply) => {
    const { token: sessionToken, csrfToken, user } = await services.auth.login(request.ctx, request.body.username, request.body.password);
    reply.setCookie(SESSION_COOKIE, sessionToken, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      maxAge: config.sessionTtlMinutes * 60,
    });
    return { user, csrfToken, timeZone: config.timeZone, ehrContext: false, readOnly: null };
  });

  app.get('/api/session', {
    schema: { tags: ['session'], summary: 'The current session', response: { 200: session, ...errorResponses } },
  }, (request) => {
    const actor = request.ctx.actor;
    if (!actor || !request.csrfToken) throw new AppError('not_authenticated');
    const ehr = request.ctx.ehr ?? null;
    return { user: services.auth.sessionUser(actor), csrfToken: request.csrfToken, timeZone: config.timeZone, ehrContext: ehr !== null, readOnly: ehr?.readOnly ?? null };
  });

  app.delete('/api/session', {
    schema: { tags: ['session'], summary: 'Log out', response: { 204: z.null().describe('Logged out') } },
  }, async (request, reply) => {
    await services.auth.logout(request.ctx, request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.post('/api/tokens', {
    schema: {
      tags: ['session'],
      summary: 'Create a personal API token (shown once) for Authorization: Bearer',
      description:
        'Expires after KASUS_TOKEN_TTL_DAYS (default 90) or the shorter expiresInDays. Made with a bearer token, the new ' +
        'token is its child: it expires no later than its parent and stops working when the parent is revoked.',
      body: z.strictObject({
        name: z.string().trim().min(1).max(100),
        expiresInDays: z.number().int().min(1).max(100_000).optional().describe('At most KASUS_TOKEN_TTL_DAYS'),
      }),
      response: { 201: createdToken, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await services.auth.createToken(request.ctx, request.body)));

  app.get('/api/tokens', {
    schema: {
      tags: ['session'],
      summary: 'Your API tokens, revoked and expired ones included',
      response: { 200: z.array(token), ...errorResponses },
    },
  }, (request) => services.auth.listTokens(request.ctx));

  app.delete('/api/tokens/:id', {
    schema: {
      tags: ['session'],
      summary: 'Revoke one of your API tokens and every token made with it',
      params: idParams,
      response: { 204: z.null(), ...errorResponses },
    },
  }, async (request, reply) => {
    await services.auth.revokeToken(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/users/:id/tokens', {
    schema: {
      tags: ['users'],
      summary: "A user's API tokens, revoked and expired ones included (admin)",
      params: idParams,
      response: { 200: z.array(token), ...errorResponses },
    },
  }, (request) => services.auth.listTokensOf(request.ctx, request.params.id));

  app.delete('/api/users/:id/tokens/:tokenId', {
    schema: {
      tags: ['users'],
      summary: "Revoke a user's API token and every token made with it (admin)",
      params: userTokenParams,
      response: { 204: z.null(), ...errorResponses },
    },
  }, async (request, reply) => {
    await services.auth.revokeTokenOf(request.ctx, request.params.id, request.params.tokenId);
    return reply.status(204).send(null);
  });
};
