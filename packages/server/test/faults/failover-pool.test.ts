import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { freePort } from '../durability/server-process.js';

// node-postgres connects to one host; Warmline's pool walks a libpq-style host list itself.
describe.runIf(Boolean(process.env.DATABASE_URL))('a multi-host DATABASE_URL (runs when DATABASE_URL is set)', () => {
  it('skips a host that does not answer and uses the next, in either order', async () => {
    const real = new URL(process.env.DATABASE_URL!);
    const dead = `127.0.0.1:${await freePort()}`;
    for (const hosts of [`${dead},${real.host}`, `${real.host},${dead}`]) {
      const url = `postgres://${real.username}@${hosts}${real.pathname}?target_session_attrs=read-write`;
      const database = await openDatabase({ kind: 'postgres', url, poolSize: 2, queryTimeoutMs: 2500 });
      try {
        const r = await database.pool.connect();
        const rows = await r.query<{ ok: number }>('select 1 as ok', []);
        r.release();
        expect(rows.rows).toEqual([{ ok: 1 }]);
      } finally {
        await database.close();
      }
    }
  });
});
