import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';

describe('the SQLite driver (issue 20)', () => {
  it('hands its connection on in arrival order, keeps a transaction whole, and reads at once only what is committed', async () => {
    const database = await openDatabase('sqlite::memory:');
    try {
      await sql`create table t (n integer)`.execute(database.db);
      const count = sql<{ n: number }>`select count(*) as n from t`.compile(database.db);
      expect(database.readNow!(count)).toEqual([{ n: 0 }]);

      let begun!: () => void;
      const inside = new Promise<void>((resolve) => (begun = resolve));
      const transaction = database.db.transaction().execute(async (trx) => {
        await sql`insert into t values (1)`.execute(trx);
        begun();
        await new Promise((resolve) => setTimeout(resolve, 20));
        await sql`insert into t values (2)`.execute(trx);
      });
      await inside;
      // The transaction holds the connection: no read at once (it would see the uncommitted row), and
      // the queries asked meanwhile wait for the commit, then run in the order they were asked.
      expect(database.readNow!(count)).toBeUndefined();
      const order: number[] = [];
      const reads = [1, 2, 3].map(async (i) => {
        const { rows } = await database.db.executeQuery(count);
        order.push(i);
        return rows[0]!.n;
      });
      await transaction;
      expect(await Promise.all(reads)).toEqual([2, 2, 2]);
      expect(order).toEqual([1, 2, 3]);

      // A rolled-back transaction leaves nothing to read.
      await expect(
        database.db.transaction().execute(async (trx) => {
          await sql`insert into t values (3)`.execute(trx);
          expect(database.readNow!(count)).toBeUndefined();
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(database.readNow!(count)).toEqual([{ n: 2 }]);
    } finally {
      await database.close();
    }
  });
});
