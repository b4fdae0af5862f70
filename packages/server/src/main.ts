import { mkdirSync } from 'node:fs';
import { LogController } from 'fastify';
import pino from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { startBackground } from './jobs/start-background.js';
import { loadDemoIfEmpty } from './demo/load-demo.js';
import { bootstrapEmptyDatabase } from './org/tenant.service.js';
import { buildServer } from './server.js';
import { systemClock } from './shared/clock.js';
import { serveWebApp } from './web/web-app.js';

async function main() {
  let config;
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
  await migrateToLatest(database.db);

  const demo = config.demo ? await loadDemoIfEmpty(database.db, { adminPassword: config.adminPassword, log: (m) => log.info(m) }) : { created: false };
  const boot = demo.created ? demo : await bootstrapEmptyDatabase(database.db, config.adminPassword);
  if (boot.generatedPassword) {
    // Printed once, on purpose: the operator needs it to sign in the first time.
    console.log(`\nCreated user "admin" with password: ${boot.generatedPassword}\n`);
  }

  const server = await buildServer(
    { db: database.db, dbKind: database.kind, clock: systemClock, sessionHours: config.sessionHours },
    {
      loggerInstance: log,
      trustProxy: config.trustProxy,
      // One line per request only when debugging; errors are always logged.
      logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
    },
  );
  serveWebApp(server);
  await server.listen({ port: config.port, host: config.host });
  log.info(`Warmline listening on port ${config.port} with ${database.kind}`);
  // Clocks, jobs and message delivery; API-only processes leave them to the workers.
  const background = config.role === 'api' ? null : await startBackground({ db: database.db, clock: systemClock, notify: config.notify, log });

  const stop = async () => {
    await background?.stop();
    await server.close();
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
