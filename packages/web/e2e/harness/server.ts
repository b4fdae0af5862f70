import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../../server/src/db/database.js';
import { migrateToLatest } from '../../../server/src/db/migrate.js';
import { buildServer } from '../../../server/src/server.js';
import { systemClock } from '../../../server/src/shared/clock.js';
import { serveWebApp } from '../../../server/src/web/web-app.js';
import { PASSWORD, seedOrganisation } from '../../../server/test/factories.js';

export const DIST = fileURLToPath(new URL('../../dist', import.meta.url));

/**
 * The real Warmline server (API, live feed and the built console) on a free loopback port
 * over a fresh in-memory PGlite, with one user per role and a few households.
 */
export async function startConsoleServer() {
  if (!existsSync(join(DIST, 'index.html')))
    throw new Error('packages/web/dist is missing: run `npm run build -w @warmline/web` first (test:e2e does).');
  const database = await openDatabase({ kind: 'pglite', dataDir: ':memory:' });
  await migrateToLatest(database.db);
  const seed = await seedOrganisation(database.db);
  const app = await buildServer({ db: database.db, dbKind: database.kind, clock: systemClock, sessionHours: 12 }, { logger: false });
  serveWebApp(app, DIST);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const tokens = new Map<string, string>();
  /** An API call as one of the seeded users (for setting up and checking what the UI did). */
  async function call<T = any>(user: keyof typeof seed.users, method: string, path: string, body?: unknown): Promise<T> {
    let token = tokens.get(user);
    if (!token) {
      const r = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: seed.users[user].username, password: PASSWORD }),
      });
      token = ((await r.json()) as { token: string }).token;
      tokens.set(user, token);
    }
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  return {
    base,
    seed,
    /** The database itself, for tests that set up what only time would otherwise bring (an overdue clock). */
    db: database.db,
    password: PASSWORD,
    call,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
export type ConsoleServer = Awaited<ReturnType<typeof startConsoleServer>>;
