// `npm run bench:kpi`: the indicator engine on PostgreSQL at scale.
//   --orders N     orders to generate over three years (default 500,000; the full run is 5,000,000 —
//                  never beside other work on a small machine)
//   --rounds N     timed queries per measurement (default 40)
//   DATABASE_URL   PostgreSQL to create the scratch database next to (default postgres://postgres@127.0.0.1:5432/test)
// Generates the orders straight into a scratch database, folds them into the rollups (timed), then
// measures one month for a unit subtree (p95), all stations ranked on five indicators for a month,
// and beside them the raw scan of the orders for the same month. Writes docs/benchmarks.md ("## Figures").
import os from 'node:os';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import type { Actor } from '../src/auth/roles.js';
import { foldTenant } from '../src/kpi/fold-rollups.js';
import { indicatorValues } from '../src/kpi/kpi-values.js';
import { rawSums } from '../src/kpi/kpi-values.repo.js';
import { createUnit } from '../src/org/unit.repo.js';
import { prepareDatabase } from '../test/durability/server-process.js';
import { quantile } from './load.js';
import { writeBenchSection } from './report.js';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ORDERS = arg('orders', 500_000);
const ROUNDS = arg('rounds', 40);
const COMPANIES = 5;
const STATIONS_PER_COMPANY = 8;
const START = Date.parse('2023-12-01T00:00:00+08:00');
const SPAN_S = 3 * 365 * 86_400;

const log = (m: string) => console.log(`[bench:kpi ${new Date().toISOString().slice(11, 19)}] ${m}`);
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

const prepared = await prepareDatabase('postgres');
const database = await prepared.open();
const db = database.db;
try {
  const { seed } = prepared;
  const stations: Array<{ id: string; path: string }> = [];
  const companies: string[] = [];
  for (let c = 0; c < COMPANIES; c++) {
    const company = await createUnit(db, seed.tenantId, { parentId: seed.units.root, kind: 'company', code: `b-c${c}`, name: `公司${c}` });
    companies.push(company.id);
    for (let s = 0; s < STATIONS_PER_COMPANY; s++) {
      const st = await createUnit(db, seed.tenantId, { parentId: company.id, kind: 'station', code: `b-c${c}-s${s}`, name: `站${c}-${s}` });
      stations.push({ id: st.id, path: st.path });
    }
  }
  const cats = await db.selectFrom('categories').select(['id', 'code', 'kind']).where('tenant_id', '=', seed.tenantId).execute();

  // Orders, generated in SQL in chunks: received evenly over three years, most closed with a callback,
  // a tenth still open, lateness and ratings varied by the order's number.
  const CHUNK = 100_000;
  let t0 = process.hrtime.bigint();
  for (let from = 1; from <= ORDERS; from += CHUNK) {
    const to = Math.min(ORDERS, from + CHUNK - 1);
    await sql`
      INSERT INTO tickets (tenant_id, id, number, kind, channel, status, category_id, category_code, priority, contact_name,
        contact_phone, description, unit_id, unit_path, received_at, created_at, updated_at, respond_by, arrive_by, resolve_by,
        responded_at, arrived_at, resolved_at, closed_at, late, satisfaction, callback_at, repeat_of_id, reopen_count)
      SELECT ${seed.tenantId}, gen_random_uuid(), 'B' || i, cat[2], 'hotline', CASE WHEN i % 10 = 0 THEN 'dispatched' ELSE 'closed' END,
        cat[1]::uuid, cat[3], 'normal', '张', '13800000000', 'bench', st[1]::uuid, st[2], rcv, rcv,
        COALESCE(CASE WHEN i % 10 <> 0 THEN rcv + make_interval(mins => (i * 17) % 1800 + 60) END, rcv),
        rcv + interval '30 minutes', rcv + interval '2 hours', rcv + interval '1 day',
        rcv + make_interval(mins => (i * 7) % 50), rcv + make_interval(mins => (i * 13) % 180),
        CASE WHEN i % 10 <> 0 THEN rcv + make_interval(mins => (i * 17) % 1800) END,
        CASE WHEN i % 10 <> 0 THEN rcv + make_interval(mins => (i * 17) % 1800 + 60) END,
        (i * 7) % 50 > 30 OR (i * 13) % 180 > 120 OR (i * 17) % 1800 > 1440,
        CASE WHEN i % 10 <> 0 AND i % 3 <> 0 THEN CASE WHEN i % 20 = 1 THEN 2 ELSE 5 END END,
        CASE WHEN i % 10 <> 0 AND i % 3 <> 0 THEN rcv + make_interval(mins => (i * 17) % 1800 + 60) END,
        NULL, CASE WHEN i % 25 = 0 THEN 1 ELSE 0 END
      FROM generate_series(${from}::int, ${to}::int) AS i,
        LATERAL (SELECT to_timestamp(${START / 1000} + (i::bigint * ${SPAN_S}) / ${ORDERS}) AS rcv) r,
        LATERAL (SELECT ARRAY[(${sql.val(stations.map((s) => s.id))}::text[])[1 + i % ${stations.length}],
                              (${sql.val(stations.map((s) => s.path))}::text[])[1 + i % ${stations.length}]] AS st) u,
        LATERAL (SELECT ARRAY[(${sql.val(cats.map((c) => c.id))}::text[])[1 + (i / 7) % ${cats.length}],
                              (${sql.val(cats.map((c) => c.kind))}::text[])[1 + (i / 7) % ${cats.length}],
                              (${sql.val(cats.map((c) => c.code))}::text[])[1 + (i / 7) % ${cats.length}]] AS cat) k`.execute(db);
    log(`orders ${to.toLocaleString('en')} / ${ORDERS.toLocaleString('en')}`);
  }
  const genMs = ms(t0);
  await sql`ANALYZE tickets`.execute(db);

  t0 = process.hrtime.bigint();
  const folded = await foldTenant(db, seed.tenantId, 'Asia/Shanghai');
  const foldMs = ms(t0);
  await sql`ANALYZE kpi_day_rollups`.execute(db);
  const rollupRows = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM kpi_day_rollups`.execute(db)).rows[0]!.n);
  log(
    `folded ${folded.toLocaleString('en')} orders into ${rollupRows.toLocaleString('en')} rollup rows in ${(foldMs / 1000).toFixed(1)} s`,
  );

  const actor: Actor = {
    userId: seed.users.supervisor.id,
    tenantId: seed.tenantId,
    role: 'quality_supervisor',
    unitId: seed.units.root,
    unitPath: '/',
    timeZone: 'Asia/Shanghai',
  };
  const months = Array.from({ length: 36 }, (_, m) => {
    const d = new Date(Date.UTC(2023, 11 + m, 1));
    const e = new Date(Date.UTC(2023, 12 + m, 1));
    return [d.toISOString().slice(0, 10), e.toISOString().slice(0, 10)] as const;
  });
  const subtrees = [seed.units.root, ...companies, ...stations.map((s) => s.id)];
  const timed = async (f: (i: number) => Promise<unknown>) => {
    const out: number[] = [];
    await f(0); // warm
    for (let i = 1; i <= ROUNDS; i++) {
      const t = process.hrtime.bigint();
      await f(i);
      out.push(ms(t));
    }
    return out.sort((a, b) => a - b);
  };
  const month = await timed((i) =>
    indicatorValues(db, actor, { fromDay: months[i % 36]![0], toDay: months[i % 36]![1], unitId: subtrees[(i * 7) % subtrees.length] }),
  );
  const ranking = await timed((i) =>
    indicatorValues(db, actor, {
      codes: ['on_time', 'satisfaction', 'callback', 'first_time_fix', 'avg_arrive_minutes'],
      fromDay: months[i % 36]![0],
      toDay: months[i % 36]![1],
      by: 'unit',
      unitKind: 'station',
    }),
  );
  const rawRounds = Math.min(ROUNDS, 10);
  const raw: number[] = [];
  const rootPath = '/';
  for (let i = 0; i < rawRounds; i++) {
    const [a, b] = months[(i * 5) % 36]!;
    const t = process.hrtime.bigint();
    await rawSums(db, seed.tenantId, rootPath, new Date(`${a}T00:00:00+08:00`), new Date(`${b}T00:00:00+08:00`));
    raw.push(ms(t));
  }
  raw.sort((a, b) => a - b);
  const plan = (
    await sql<{ 'QUERY PLAN': string }>`EXPLAIN ANALYZE SELECT sum(resolved), sum(resolved_on_time) FROM kpi_day_rollups r
      WHERE r.tenant_id = ${seed.tenantId} AND r.unit_path LIKE ${`${stations[0]!.path}%`} AND r.day >= '2025-11-01' AND r.day < '2025-12-01'`.execute(
      db,
    )
  ).rows
    .map((r) => r['QUERY PLAN'])
    .join('\n');

  const f = (x: number) => x.toFixed(1);
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const table = [
    `Command: \`npm run bench:kpi -- --orders ${ORDERS}\` · ${new Date().toISOString().slice(0, 16)}Z · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · load average at the end ${load}`,
    `${ORDERS.toLocaleString('en')} orders over three years, ${COMPANIES} companies × ${STATIONS_PER_COMPANY} stations; generated in ${f(genMs / 1000)} s; first fold into the rollups ${f(foldMs / 1000)} s (${rollupRows.toLocaleString('en')} rollup rows).`,
    '',
    '| measurement | rounds | p50 ms | p95 ms | max ms | target |',
    '|---|---|---|---|---|---|',
    `| one month, one unit subtree, every indicator (rollups) | ${ROUNDS} | ${f(quantile(month, 0.5))} | ${f(quantile(month, 0.95))} | ${f(month.at(-1)!)} | p95 < 300 |`,
    `| all ${stations.length} stations ranked on five indicators, one month (rollups) | ${ROUNDS} | ${f(quantile(ranking, 0.5))} | ${f(quantile(ranking, 0.95))} | ${f(ranking.at(-1)!)} | < 500 |`,
    `| raw scan of the orders, whole group, one month (/kpi/summary's query) | ${rawRounds} | ${f(quantile(raw, 0.5))} | ${f(quantile(raw, 0.95))} | ${f(raw.at(-1)!)} | (reference) |`,
    '',
    'Plan of a station-month read from the rollups:',
    '',
    '```',
    plan,
    '```',
  ].join('\n');
  console.log(table);
  writeBenchSection(
    resolve(import.meta.dirname, '../../../docs/benchmarks.md'),
    'Figures',
    '<!-- kpi-bench:begin (written by npm run bench:kpi) -->',
    '<!-- kpi-bench:end -->',
    table,
  );
} finally {
  await database.close();
  await prepared.remove();
}
