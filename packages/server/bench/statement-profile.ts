// Where PostgreSQL spends its time on intake: runs the server against a private PostgreSQL
// cluster with pg_stat_statements (planning tracked too), files orders for a few seconds, and
// prints each statement's calls and plan/execution time per order.
// Usage: npx tsx bench/statement-profile.ts [seconds] [clients]
// With WARMLINE_BENCH_PERF=<file>, `perf record -g` samples the server's PostgreSQL backends
// during the measured run (read it with `perf report -i <file> --no-children --sort symbol`).
import { spawn } from 'node:child_process';
import pg from 'pg';
import { startPrivatePostgres } from '../test/durability/private-postgres.js';
import { freePort, httpClient, prepareDatabase, startServerProcess } from '../test/durability/server-process.js';
import { PASSWORD } from '../test/factories.js';
import { runIntakeLoad } from './load.js';

const seconds = Number(process.argv[2] ?? 5);
const clients = Number(process.argv[3] ?? 8);
const cluster = await startPrivatePostgres({
  extraOptions: '-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on',
});
let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
try {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE EXTENSION pg_stat_statements');
  const prepared = await prepareDatabase('postgres', { url: cluster.url });
  server = await startServerProcess({
    port: await freePort(),
    env: { ...prepared.env, WARMLINE_ROLE: process.env.WARMLINE_ROLE ?? 'api', WARMLINE_DB_POOL_SIZE: String(clients) },
  });
  const login = httpClient(server.base);
  const tokens = [];
  for (let i = 0; i < clients; i++) tokens.push(await login.login(prepared.seed.users.agent.username, PASSWORD));
  login.close();
  await runIntakeLoad({ base: server.base, tokens, seed: prepared.seed, clients, seconds: 2, tag: 'warm' });
  await admin.query('SELECT pg_stat_statements_reset()');
  const perfFile = process.env.WARMLINE_BENCH_PERF;
  const backends = await admin.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  const perf = perfFile
    ? spawn(
        'perf',
        [
          'record',
          '-q',
          '-g',
          '-F',
          '1999',
          '-o',
          perfFile,
          '-p',
          backends.rows.map((b) => b.pid).join(','),
          '--',
          'sleep',
          String(seconds),
        ],
        {
          stdio: 'inherit',
        },
      )
    : undefined;
  const r = await runIntakeLoad({ base: server.base, tokens, seed: prepared.seed, clients, seconds, tag: 'measure' });
  const { rows } = await admin.query(`
    SELECT calls, total_plan_time, total_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    ORDER BY total_plan_time + total_exec_time DESC`);
  if (perf) await new Promise((done) => perf.once('exit', done));
  const n = r.requests;
  let plan = 0;
  let exec = 0;
  console.log(`${n} orders in ${r.seconds.toFixed(1)} s (${r.rps.toFixed(0)}/s) at ${clients} clients\n`);
  console.log('calls/order  plan µs/order  exec µs/order  statement');
  for (const row of rows) {
    plan += row.total_plan_time;
    exec += row.total_exec_time;
    if (row.calls < n / 10) continue;
    console.log(
      `${(row.calls / n).toFixed(2).padStart(11)}  ${((row.total_plan_time * 1000) / n).toFixed(0).padStart(13)}  ${((row.total_exec_time * 1000) / n).toFixed(0).padStart(13)}  ${row.query}`,
    );
  }
  console.log(`\ntotal per order: planning ${((plan * 1000) / n).toFixed(0)} µs, execution ${((exec * 1000) / n).toFixed(0)} µs`);
  await admin.end();
} finally {
  await server?.kill('SIGTERM');
  await cluster.destroy();
}
