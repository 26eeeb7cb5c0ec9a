import { setTimeout as sleep } from 'node:timers/promises';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { BlobReferencesRepository } from './blob-references-repository.js';
import { HOLD_STALE_MS } from './blob-store.js';

/**
 * Deletes of unused blobs against writers' holds (issue 17): one lock per key orders a delete and a
 * hold, so bytes a writer is about to name are either deleted before its hold (and put again) or kept.
 */
describe.each(testDialects())('blob holds and deletes on %s', (dialect) => {
  let t: TestApp;
  let references: BlobReferencesRepository;
  beforeAll(async () => {
    t = await createTestApp(dialect, { KASUS_WORKER: 'off' });
    references = new BlobReferencesRepository(t.services.database, t.services.clock);
  }, 60_000);
  afterAll(() => t?.close());

  const put = async (text: string) => (await t.services.blobs.put(Readable.from([Buffer.from(text)]))).key;

  it('a hold keeps an unnamed blob from being deleted until it is released', async () => {
    const key = await put('held bytes');
    const hold = await references.hold([key, key]);
    expect(hold.keys).toEqual([key]);
    let removed = 0;
    expect(await references.deleteUnused(key, async () => void removed++)).toBe('held');
    await hold.release();
    await hold.release(); // idempotent
    expect(await references.deleteUnused(key, () => t.services.blobs.delete(key).then(() => void removed++))).toBe('deleted');
    expect(removed).toBe(1);
    expect(await t.services.blobs.stat(key)).toBeNull();
  });

  it('a hold taken while a delete of the key is under way waits until the bytes are gone', async () => {
    const key = await put('bytes being deleted');
    let hold: ReturnType<BlobReferencesRepository['hold']> | undefined;
    let holdTaken = false;
    const result = await references.deleteUnused(key, async () => {
      hold = references.hold([key]);
      void hold.then(() => (holdTaken = true));
      await sleep(300);
      // The writer's hold is not taken while the delete holds the key's lock…
      expect(holdTaken).toBe(false);
      await t.services.blobs.delete(key);
    });
    expect(result).toBe('deleted');
    // …and is taken afterwards: the writer then puts its bytes again, and a delete now leaves them.
    const taken = await hold!;
    expect(await t.services.blobs.stat(key)).toBeNull();
    expect(await put('bytes being deleted')).toBe(key);
    expect(await references.deleteUnused(key, () => t.services.blobs.delete(key))).toBe('held');
    await taken.release();
    expect(await t.services.blobs.stat(key)).not.toBeNull();
  });

  it('a hold left by a writer that died stops counting after an hour', async () => {
    const key = await put('a dead writer held these');
    const stale = new Date(t.services.clock.now().getTime() - HOLD_STALE_MS - 1000).toISOString();
    await t.services.database.db.insertInto('blob_hold').values({ id: 'dead-writer', key, held_at: stale }).execute();
    expect(await references.deleteUnused(key, () => t.services.blobs.delete(key))).toBe('deleted');
    expect(await t.services.database.db.selectFrom('blob_hold').selectAll().where('key', '=', key).execute()).toEqual([]);
  });
});
