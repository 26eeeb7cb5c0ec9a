import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { AppError } from '../../http/errors.js';
import type { RequestContext } from './actor.js';

/**
 * The audited seam on a real database: a change and its success event commit together or not at
 * all; a change rolled back leaves one failure event and no trace of the change; a refusal leaves
 * one refused event and the operation never runs.
 */
describe.each(testDialects())('the audited seam on %s', (dialect) => {
  let t: TestApp;
  let surgery: string;
  const contextOf = async (username: string): Promise<RequestContext> => {
    const user = await t.services.database.db.selectFrom('user_account').select('id').where('username', '=', username).executeTakeFirstOrThrow();
    return { actor: await t.services.auth.loadActor(user.id, 'session'), clientIp: '127.0.0.1', requestId: randomUUID() };
  };
  const eventsOf = (ctx: RequestContext) =>
    t.services.database.db.selectFrom('audit_event').select(['action', 'outcome', 'object_id', 'details']).where('request_id', '=', ctx.requestId).execute();
  const collection = (id: string, userId: string) => ({
    id,
    department_id: surgery,
    name: `Samling ${id}`,
    description: null,
    created_by: userId,
    created_at: '2026-12-07T08:00:00.000Z',
    updated_at: '2026-12-07T08:00:00.000Z',
  });
  const exists = async (id: string) => (await t.services.database.db.selectFrom('teaching_collection').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    surgery = (await t.services.database.db.selectFrom('department').select('id').where('name', '=', 'Kirurgkliniken').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => t?.close());

  it('commits the change with its one success event', async () => {
    const ctx = await contextOf('lakare');
    const id = randomUUID();
    const result = await t.services.audited.write(ctx, 'test.change', { objectType: 'collection', objectId: id }, async (op) => {
      const actor = await op.require({ right: 'case.write', departmentId: surgery, disclose: true });
      await op.commit((tx) => tx.insertInto('teaching_collection').values(collection(id, actor.userId)).execute(), { kept: true });
      return 'done';
    });
    expect(result).toBe('done');
    expect(await exists(id)).toBe(true);
    expect(await eventsOf(ctx)).toEqual([expect.objectContaining({ action: 'test.change', outcome: 'success', object_id: id })]);
  });

  it('a change rolled back leaves no trace of it and one failure event instead of the success event', async () => {
    const ctx = await contextOf('lakare');
    const id = randomUUID();
    const attempt = t.services.audited.write(ctx, 'test.change', { objectType: 'collection', objectId: id }, async (op) => {
      const actor = await op.require({ right: 'case.write', departmentId: surgery, disclose: true });
      await op.commit(async (tx) => {
        await tx.insertInto('teaching_collection').values(collection(id, actor.userId)).execute();
        throw new AppError('case_changed');
      });
    });
    await expect(attempt).rejects.toMatchObject({ code: 'case_changed' });
    expect(await exists(id)).toBe(false);
    const events = await eventsOf(ctx);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'test.change', outcome: 'failure' });
    expect(JSON.parse(events[0]!.details)).toMatchObject({ code: 'case_changed' });
  });

  it('a refusal is one refused event and the operation goes no further', async () => {
    const ctx = await contextOf('logg');
    let reached = false;
    const attempt = t.services.audited.write(ctx, 'test.change', { objectType: 'collection' }, async (op) => {
      await op.require({ right: 'case.write', departmentId: surgery, disclose: true });
      reached = true;
      await op.commit(async () => undefined);
    });
    await expect(attempt).rejects.toMatchObject({ code: 'forbidden' });
    expect(reached).toBe(false);
    expect(await eventsOf(ctx)).toEqual([expect.objectContaining({ action: 'test.change', outcome: 'refused' })]);
  });

  it('refuses a change before any right was decided, and a second event in one operation', async () => {
    const ctx = await contextOf('lakare');
    await expect(t.services.audited.write(ctx, 'test.change', {}, (op) => op.commit(async () => undefined))).rejects.toThrow(/before any right was decided/);
    const twice = await contextOf('lakare');
    await expect(
      t.services.audited.write(twice, 'test.change', {}, async (op) => {
        await op.require({ right: 'case.write', departmentId: surgery, disclose: true });
        await op.commit(async () => undefined);
        await op.commit(async () => undefined);
      }),
    ).rejects.toThrow(/committed twice/);
    // The first commit's event stands; the programming error adds none.
    expect(await eventsOf(twice)).toEqual([expect.objectContaining({ outcome: 'success' })]);
  });
});
