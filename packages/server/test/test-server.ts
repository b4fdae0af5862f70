import { buildServer } from '../src/server.js';
import { manualClock } from '../src/shared/clock.js';
import { serveWebApp } from '../src/web/web-app.js';
import { openTestDatabase } from './databases.js';
import { PASSWORD, type Seed, seedOrganisation } from './factories.js';

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** A real HTTP server on a loopback port over a fresh database, with a seeded organisation and a manual clock. */
export async function startTestServer(
  kind: 'pglite' | 'postgres',
  opts: { start?: string; sessionHours?: number; publicUrl?: string; webDist?: string; attachmentQuotaBytes?: number } = {},
) {
  const database = await openTestDatabase(kind);
  const clock = manualClock(opts.start ?? '2026-11-21T02:00:00Z');
  const seed: Seed = await seedOrganisation(database.db);
  const app = await buildServer(
    {
      db: database.db,
      dbKind: database.kind,
      clock,
      sessionHours: opts.sessionHours ?? 24 * 400,
      publicUrl: opts.publicUrl,
      attachmentQuotaBytes: opts.attachmentQuotaBytes,
    },
    { logger: false },
  );
  if (opts.webDist) serveWebApp(app, opts.webDist);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  /** JSON request; returns status, body and headers. */
  async function call(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  }
  const tokens = new Map<string, string>();
  /** A session token for one of the seeded users, by key (agent, dispatcher, crew …). */
  async function tokenFor(user: keyof Seed['users']) {
    const cached = tokens.get(user);
    if (cached) return cached;
    const res = await call('POST', '/api/v1/auth/login', undefined, { username: seed.users[user].username, password: PASSWORD });
    if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
    tokens.set(user, res.body.token);
    return res.body.token as string;
  }
  return {
    base,
    app,
    db: database.db,
    clock,
    seed,
    call,
    tokenFor,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
