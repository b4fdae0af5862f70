import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/databases.js';
import { buildServer } from '../server.js';
import { systemClock } from '../shared/clock.js';
import { wantsLongQueries, withLongQueries } from './query-limits.js';

describe('query limits', () => {
  it('the long limit holds inside withLongQueries, across awaits, and nowhere else', async () => {
    expect(wantsLongQueries()).toBe(false);
    const inside = await withLongQueries(async () => {
      await new Promise((r) => setTimeout(r, 5));
      return wantsLongQueries();
    });
    expect(inside).toBe(true);
    expect(wantsLongQueries()).toBe(false);
  });

  describe('in the HTTP server', () => {
    let database: Awaited<ReturnType<typeof openTestDatabase>>;
    let app: Awaited<ReturnType<typeof buildServer>>;
    beforeAll(async () => {
      database = await openTestDatabase('pglite');
      app = await buildServer({ db: database.db, dbKind: 'pglite', clock: systemClock, sessionHours: 1 }, { logger: false });
      // Probes outside /api/v1, so no sign-in is needed to reach the handler.
      for (const url of ['/status/t/scoreboard-probe', '/status/t/notices-probe']) app.get(url, async () => ({ long: wantsLongQueries() }));
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await database?.close();
    });
    it('reports run their queries under the long limit, everything else under the interactive one', async () => {
      expect((await app.inject({ url: '/status/t/scoreboard-probe' })).json()).toEqual({ long: true });
      expect((await app.inject({ url: '/status/t/notices-probe' })).json()).toEqual({ long: false });
    });
  });
});
