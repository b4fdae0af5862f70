// Lists the SQL statements one intake request runs (PGlite in memory, in-process server).
// Usage: npx tsx bench/count-queries.ts
import { Kysely, PostgresDialect } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { DB } from '../src/db/schema.js';
import { buildServer } from '../src/server.js';
import { systemClock } from '../src/shared/clock.js';
import { repairBody } from '../test/durability/server-process.js';
import { PASSWORD, seedOrganisation } from '../test/factories.js';

const database = await openDatabase({ kind: 'pglite', dataDir: ':memory:' });
await migrateToLatest(database.db);
const seed = await seedOrganisation(database.db);
let log: string[] | null = null;
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool: database.pool }),
  log: (e) => void log?.push(e.query.sql.replace(/\s+/g, ' ').slice(0, 140)),
});
const app = await buildServer({ db, dbKind: 'pglite', clock: systemClock, sessionHours: 12 }, { logger: false });
const login = await app.inject({
  method: 'POST',
  url: '/api/v1/auth/login',
  payload: { username: seed.users.agent.username, password: PASSWORD },
});
const token = login.json().token;
for (const round of [1, 2]) {
  log = [];
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/tickets',
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': `count-${round}` },
    payload: repairBody(seed.premises.urban, `count-${round}`),
  });
  console.log(`request ${round}: ${res.statusCode}, ${log.length} statements`);
  if (round === 2) for (const q of log) console.log(`  ${q}`);
}
await app.close();
await database.close();
