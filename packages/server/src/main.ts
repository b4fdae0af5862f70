import { mkdirSync } from 'node:fs';
import { LogController } from 'fastify';
import pino from 'pino';
import { ConfigError, fastifyTrustProxy, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { withLongQueries } from './db/query-limits.js';
import { loadDemoIfEmpty } from './demo/load-demo.js';
import { startBackground } from './jobs/start-background.js';
import { composeModules } from './modules.js';
import { bootstrapEmptyDatabase } from './org/tenant.service.js';
import { buildServer } from './server.js';
import { systemClock } from './shared/clock.js';
import { serveWebApp } from './web/web-app.js';

async function main() {
  composeModules();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const log = pino({ level: config.logLevel });
  if (config.database.kind === 'pglite') mkdirSync(config.database.dataDir, { recursive: true });
  const database = await openDatabase(config.database);
  // Migrations and the demo load are long work, not a desk waiting for an answer.
  await withLongQueries(() => migrateToLatest(database.db));

  const demo = config.demo
    ? await withLongQueries(() => loadDemoIfEmpty(database.db, { adminPassword: config.adminPassword, log: (m) => log.info(m) }))
    : { created: false };
  const boot = demo.created ? demo : await bootstrapEmptyDatabase(database.db, config.adminPassword);
  if (boot.generatedPassword) {
    // Printed once, on purpose: the operator needs it to sign in the first time.
    console.log(`\nCreated user "admin" with password: ${boot.generatedPassword}\n`);
  }

  // A worker process serves no HTTP: it only runs clocks, jobs and message delivery.
  const server =
    config.role === 'worker'
      ? null
      : await buildServer(
          { db: database.db, dbKind: database.kind, clock: systemClock, sessionHours: config.sessionHours, publicUrl: config.publicUrl },
          {
            loggerInstance: log,
            trustProxy: fastifyTrustProxy(config.trustProxy),
            // One line per request only when debugging; errors are always logged.
            logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
          },
        );
  if (server) {
    serveWebApp(server);
    await server.listen({ port: config.port, host: config.host });
    log.info(`Warmline listening on port ${config.port} with ${database.kind}`);
  }
  // API-only processes leave the background work to the workers.
  const background =
    config.role === 'api' ? null : await startBackground({ db: database.db, clock: systemClock, notify: config.notify, log });
  if (!server) log.info(`Warmline worker running with ${database.kind}`);

  const stop = async () => {
    await background?.stop();
    await server?.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
