import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { RIGHTS } from '../rights/rights.js';

const grant = z.strictObject({ departmentId: z.string().min(1).max(64), roleId: z.string().min(1).max(64) });
const user = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable().describe('Where Kasus e-mails the user (routine reminders); null when none is given'),
  active: z.boolean(),
  locked: z.boolean(),
  roles: z.array(z.object({ departmentId: z.string(), roleId: z.string() })),
});
const role = z.object({ id: z.string(), name: z.string(), builtIn: z.boolean(), global: z.boolean(), rights: z.array(z.string()) });
const displayName = z.string().trim().min(1).max(200);
const password = z.string().max(200);
/** Checked by the service (a plausible address); empty or null: none. */
const email = z.string().max(320).nullable();
const roleName = z.string().trim().min(1).max(100);
const rights = z.array(z.string().max(64)).max(RIGHTS.length * 2);

export const usersRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/api/rights', {
    schema: { tags: ['roles'], summary: 'The rights custom roles are made of', response: { 200: z.array(z.string()) } },
  }, () => [...RIGHTS]);

  app.get('/api/roles', {
    schema: { tags: ['roles'], summary: 'List roles', response: { 200: z.array(role), ...errorResponses } },
  }, (request) => services.users.listRoles(request.ctx));

  app.post('/api/roles', {
    schema: {
      tags: ['roles'],
      summary: 'Create a custom role (admin)',
      body: z.strictObject({ name: roleName, rights }),
      response: { 201: role, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await services.users.createRole(request.ctx, request.body)));

  app.patch('/api/roles/:id', {
    schema: {
      tags: ['roles'],
      summary: 'Rename a custom role or change its rights (admin)',
      params: idParams,
      body: z.strictObject({ name: roleName.optional(), rights: rights.optional() }),
      response: { 200: role, ...errorResponses },
    },
  }, (request) => services.users.updateRole(request.ctx, request.params.id, request.body));

  app.delete('/api/roles/:id', {
    schema: { tags: ['roles'], summary: 'Remove a custom role nobody holds (admin)', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await services.users.deleteRole(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/users', {
    schema: { tags: ['users'], summary: 'List users (admin)', response: { 200: z.array(user), ...errorResponses } },
  }, (request) => services.users.list(request.ctx));

  app.post('/api/users', {
    schema: {
      tags: ['users'],
      summary: 'Create a user with a role per department (admin)',
      body: z.strictObject({
        username: z.string().max(64),
        password,
        displayName,
        email: email.optional(),
        roles: z.array(grant).max(500).default([]),
      }),
      response: { 201: user, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await services.users.create(request.ctx, request.body)));

  app.patch('/api/users/:id', {
    schema: {
      tags: ['users'],
      summary: 'Change a user: name, e-mail address, password, active, roles (admin)',
      params: idParams,
      body: z.strictObject({
        displayName: displayName.optional(),
        email: email.optional().describe('Empty or null removes the address'),
        password: password.optional(),
        active: z.boolean().optional(),
        roles: z.array(grant).max(500).optional(),
      }),
      response: { 200: user, ...errorResponses },
    },
  }, (request) => services.users.update(request.ctx, request.params.id, request.body));
};
