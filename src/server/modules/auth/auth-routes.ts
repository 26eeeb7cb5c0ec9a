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
const session = z.object({ user: sessionUser, csrfToken: z.string() });
const token = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() });

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
    return { user, csrfToken };
  });

  app.get('/api/session', {
    schema: { tags: ['session'], summary: 'The current session', response: { 200: session, ...errorResponses } },
  }, (request) => {
    const actor = request.ctx.actor;
    if (!actor || !request.csrfToken) throw new AppError('not_authenticated');
    return { user: services.auth.sessionUser(actor), csrfToken: request.csrfToken };
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
      body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
      response: { 201: token.omit({ lastUsedAt: true }).extend({ token: z.string() }), ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await services.auth.createToken(request.ctx, request.body.name)));

  app.get('/api/tokens', {
    schema: { tags: ['session'], summary: 'Your API tokens', response: { 200: z.array(token), ...errorResponses } },
  }, (request) => services.auth.listTokens(request.ctx));

  app.delete('/api/tokens/:id', {
    schema: { tags: ['session'], summary: 'Revoke an API token', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await services.auth.revokeToken(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });
};
