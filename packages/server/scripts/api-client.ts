import { fileURLToPath } from 'node:url';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import type { DB } from '../src/db/schema.js';
import { buildServer } from '../src/server.js';
import { systemClock } from '../src/shared/clock.js';

/** Where the console's generated API types live (committed; `npm run gen:api` rewrites it). */
export const CLIENT_TYPES_PATH = fileURLToPath(new URL('../../web/src/api/openapi.d.ts', import.meta.url));

/**
 * The server's OpenAPI document, built in-process from its route registration: no port, no
 * database (registering routes runs no query, so a driver that refuses to connect is enough).
 */
export async function openApiDocument(): Promise<unknown> {
  const db = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const app = await buildServer({ db, dbKind: 'postgres', clock: systemClock, sessionHours: 1 }, { logger: false });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
  }
}

/** The text of `openapi.d.ts` for the current routes. */
export async function generateClientTypes(): Promise<string> {
  const ast = await openapiTS(JSON.parse(JSON.stringify(await openApiDocument())), { alphabetize: false });
  return `${COMMENT_HEADER.trim()}\n// Source: the server's route registration (packages/server/scripts/api-client.ts).\n\n${astToString(ast)}`;
}
