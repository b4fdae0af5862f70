// Intake benchmark: how many work orders per second the real server files over HTTP on
// PostgreSQL and on PGlite, beside the ceiling pgbench reaches on the same PostgreSQL for the
// same rows. Run with `npm run bench:intake`; results go to the "## Intake" section of
// docs/benchmarks.md. Options (environment):
//   DATABASE_URL            PostgreSQL to create scratch databases next to (default postgres://postgres@127.0.0.1:5432/test)
//   WARMLINE_BENCH_SECONDS  seconds per measured run (default 8)
//   WARMLINE_BENCH_CLIENTS  comma-separated client counts (default 1,8,32)
//   WARMLINE_BENCH_ONLY     postgres | pglite | pgbench, to run one part only (the report is then not written)
//   WARMLINE_DB_POOL_SIZE   passed on to the server
//   WARMLINE_ROLE           passed on to the server; default api (the intake path alone, as in a deployment
//                           with separate workers); all also runs the worker that sends each order's SMS
//   WARMLINE_BENCH_WRITE=0  print the report without writing docs/benchmarks.md
//   WARMLINE_BENCH_PROFILE  a directory: the server runs with --cpu-prof and leaves its profile there
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { freePort, httpClient, prepareDatabase, SERVER_DIR, startServerProcess } from '../test/durability/server-process.js';
import { PASSWORD } from '../test/factories.js';
import { backendCpuTracker, type RunResult, runIntakeLoad } from './load.js';
import { PGBENCH_SCRIPT, pgbenchVariables, runPgbench } from './pgbench.js';
import { writeIntakeSection } from './report.js';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.WARMLINE_BENCH_SECONDS ?? 8);
const CLIENTS = (process.env.WARMLINE_BENCH_CLIENTS ?? '1,8,32').split(',').map(Number);
const ONLY = process.env.WARMLINE_BENCH_ONLY;
const ROLE = process.env.WARMLINE_ROLE ?? 'api';
const WARMUP_SECONDS = 2;
const DOCS = resolve(SERVER_DIR, '../../docs/benchmarks.md');

const log = (m: string) => console.log(`[bench] ${m}`);
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const cpuCell = (r: RunResult) =>
  [r.cpuMsPerRequest?.server, r.cpuMsPerRequest?.postgres, r.cpuMsPerRequest?.client].map((v) => fmt(v ?? NaN, 2)).join(' / ');

/** Files orders through a server process on a fresh database of the given kind at each client count. */
async function benchServer(kind: 'postgres' | 'pglite'): Promise<RunResult[]> {
  const prepared = await prepareDatabase(kind);
  const poolSize = process.env.WARMLINE_DB_POOL_SIZE;
  const profile = process.env.WARMLINE_BENCH_PROFILE;
  const server = await startServerProcess({
    port: await freePort(),
    env: { ...prepared.env, WARMLINE_ROLE: ROLE, ...(poolSize && { WARMLINE_DB_POOL_SIZE: poolSize }) },
    nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profile)}`] : [],
    // As in production: node on the compiled output (built in main()), no TypeScript loader.
    compiled: true,
  });
  const results: RunResult[] = [];
  try {
    const login = httpClient(server.base);
    const tokens: string[] = [];
    // One session per client, as each hotline desk has its own; argon2 runs only here, at login.
    for (let i = 0; i < Math.max(...CLIENTS); i++) tokens.push(await login.login(prepared.seed.users.agent.username, PASSWORD));
    login.close();
    const common = { base: server.base, tokens, seed: prepared.seed, serverPid: server.child.pid };
    log(`${kind}: warming up ${WARMUP_SECONDS}s`);
    await runIntakeLoad({ ...common, clients: 8, seconds: WARMUP_SECONDS, tag: 'warmup' });
    for (const clients of CLIENTS) {
      // PGlite runs inside the server process, so there the server's CPU includes the database's.
      const tracker = prepared.target.kind === 'postgres' ? backendCpuTracker(prepared.target.url) : null;
      await tracker?.start();
      const r = await runIntakeLoad({ ...common, clients, seconds: SECONDS, tag: `c${clients}` });
      if (tracker) r.cpuMsPerRequest!.postgres = ((await tracker.stop()) * 1000) / r.requests;
      log(
        `${kind} ${clients} clients: ${fmt(r.rps)} req/s, p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, ${r.errors} errors, CPU ms/order ${cpuCell(r)}`,
      );
      if (r.firstError) log(`  first error: ${r.firstError}`);
      results.push(r);
    }
  } finally {
    await server.kill('SIGTERM');
    await prepared.remove();
  }
  return results;
}

/** pgbench on a scratch database of the same PostgreSQL, with Warmline's tables. */
async function benchCeiling(): Promise<{ results: RunResult[]; command: string; serverVersion: string }> {
  const prepared = await prepareDatabase('postgres');
  const results: RunResult[] = [];
  let command = '';
  let serverVersion = '';
  try {
    const database = await prepared.open();
    const variables = await pgbenchVariables(database.db, prepared.seed);
    serverVersion = (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(database.db)).rows[0]!.v;
    await database.close();
    const url = (prepared.target as { url: string }).url;
    await runPgbench({ url, clients: 8, seconds: WARMUP_SECONDS, variables });
    for (const clients of CLIENTS) {
      const tracker = backendCpuTracker(url);
      await tracker.start();
      const r = await runPgbench({ url, clients, seconds: SECONDS, variables });
      r.cpuMsPerRequest = { postgres: ((await tracker.stop()) * 1000) / r.requests };
      log(`pgbench ${clients} clients: ${fmt(r.rps)} tx/s, p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms, ${r.errors} failed`);
      command = r.command.replace(/-c \d+ -j \d+/, '-c {1,8,32} -j 2');
      results.push(r);
    }
  } finally {
    await prepared.remove();
  }
  return { results, command, serverVersion };
}

function machine(pgVersion: string) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const mem = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`;
  let kernel = os.release();
  try {
    kernel = execFileSync('uname', ['-sr']).toString().trim();
  } catch {}
  return `${os.availableParallelism()} × ${cpu} (\`nproc\` = ${os.availableParallelism()}), ${mem} RAM, ${kernel}; Node ${process.version}; PostgreSQL ${pgVersion}`;
}

async function main() {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  log(`load average before: ${load}; ${SECONDS}s per run, clients ${CLIENTS.join('/')}`);
  if (ONLY !== 'pgbench') {
    log('building the server (npm run build), so the benchmark runs the current sources compiled');
    execFileSync('npm', ['run', 'build'], { cwd: SERVER_DIR, stdio: 'inherit' });
  }
  const pg = !ONLY || ONLY === 'postgres' ? await benchServer('postgres') : [];
  const lite = !ONLY || ONLY === 'pglite' ? await benchServer('pglite') : [];
  const ceiling = !ONLY || ONLY === 'pgbench' ? await benchCeiling() : { results: [], command: '', serverVersion: '' };
  const loadAfter = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

  const errors = [...pg, ...lite, ...ceiling.results].reduce((n, r) => n + r.errors, 0);
  const ceilingAt = (c: number) => ceiling.results.find((r) => r.clients === c)?.rps ?? NaN;
  const rows = [
    ...pg.map(
      (r) =>
        `| Warmline on PostgreSQL | ${r.clients} | ${fmt(r.rps)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${r.errors} | ${cpuCell(r)} | ${fmt((r.rps / ceilingAt(r.clients)) * 100)} % |`,
    ),
    ...ceiling.results.map(
      (r) =>
        `| pgbench ceiling (PostgreSQL) | ${r.clients} | ${fmt(r.rps)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${r.errors} | ${cpuCell(r)} | 100 % |`,
    ),
    ...lite.map(
      (r) =>
        `| Warmline on PGlite | ${r.clients} | ${fmt(r.rps)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${r.errors} | ${cpuCell(r)} | — |`,
    ),
  ];
  // Issue 16's target: at 8 clients, a quarter of the ceiling and at most 1.5 ms of CPU per order.
  const at8 = pg.find((r) => r.clients === 8);
  const cpu8 = (at8?.cpuMsPerRequest?.server ?? NaN) + (at8?.cpuMsPerRequest?.postgres ?? NaN);
  const verdict = at8
    ? `At 8 clients Warmline on PostgreSQL reaches **${fmt((at8.rps / ceilingAt(8)) * 100)} %** of the pgbench ceiling (target ≥ 25 %) at **${fmt(cpu8, 2)} ms** of server + PostgreSQL CPU per order (target ≤ 1.5 ms).`
    : '';
  const report = `
Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench:intake\` (${SECONDS} s per run after a ${WARMUP_SECONDS} s warm-up,
clients ${CLIENTS.join(' / ')}; server \`WARMLINE_ROLE=${ROLE}\`, pool size ${process.env.WARMLINE_DB_POOL_SIZE ?? '20 (default)'};
load average ${load} before, ${loadAfter} after).

Machine: ${machine(ceiling.serverVersion || 'unknown')}.

| what | clients | req/s (tx/s) | p50 ms | p99 ms | errors | CPU ms per order: server / PostgreSQL / load generator | of ceiling |
|---|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

${verdict}

pgbench command (same PostgreSQL, a scratch database migrated by Warmline and seeded with the test organisation):

\`\`\`
${ceiling.command}
\`\`\`

\`intake.sql\` — one order row and its event row per transaction:

\`\`\`sql
${PGBENCH_SCRIPT}
\`\`\`
`;
  console.log(report);
  if (!ONLY && process.env.WARMLINE_BENCH_WRITE !== '0') {
    writeIntakeSection(DOCS, report);
    log(`written to ${DOCS}`);
  }
  if (errors > 0) {
    log(`${errors} errors — see above`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
