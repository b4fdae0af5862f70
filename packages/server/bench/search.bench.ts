// `npm run bench:search`: finding orders at scale, through the API's own query code.
//   --orders N         orders on PostgreSQL (default 500,000; the full run is 5,000,000 — never beside other work)
//   --pglite-orders N  orders on PGlite (default 500,000; 0 skips PGlite)
//   --rounds N         timed searches per measurement (default 40)
//   --write 0          print the results without writing docs/benchmarks.md
//   DATABASE_URL       PostgreSQL to create the scratch database next to (default postgres://postgres@127.0.0.1:5432/test)
// Generates a demo-like season replicated over three years (the demo's descriptions, communities and
// phone formats), fills the search table as migration 0130 does, then times keyword, phone and
// number searches and the first page of a status filter, each as the whole group's supervisor sees
// it, with the plan of one of each. Writes docs/benchmarks.md ("## Search").
import os from 'node:os';
import { resolve } from 'node:path';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Actor } from '../src/auth/roles.js';
import type { DB } from '../src/db/schema.js';
import { COMPANIES, DESCRIPTIONS } from '../src/demo/demo-data.js';
import { createUnit } from '../src/org/unit.repo.js';
import { systemClock } from '../src/shared/clock.js';
import type { Ctx } from '../src/shared/context.js';
import { listTickets, listTicketsQuery } from '../src/tickets/list-tickets.js';
import { listQuery } from '../src/tickets/ticket.schema.js';
import { prepareDatabase } from '../test/durability/server-process.js';
import { quantile } from './load.js';
import { writeBenchSection } from './report.js';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const PG_ORDERS = arg('orders', 500_000);
const PGLITE_ORDERS = arg('pglite-orders', 500_000);
const ROUNDS = arg('rounds', 40);
const WRITE = arg('write', 1) !== 0;
const STATIONS_PER_COMPANY = 8;
const START = Date.parse('2023-10-15T00:00:00+08:00');
const SPAN_S = 3 * 365 * 86_400;

const log = (m: string) => console.log(`[bench:search ${new Date().toISOString().slice(11, 19)}] ${m}`);
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const f = (x: number) => x.toFixed(1);

const PHRASES = Object.values(DESCRIPTIONS).flat();
const COMMUNITIES = COMPANIES.flatMap((c) => [...c.communities, ...c.villages]);
/** Two-character fragments a caller would type: the first two characters of each phrase, and a few from the middle. */
const FRAGMENTS = [
  ...new Set(PHRASES.flatMap((p) => [p.slice(0, 2), p.slice(2, 4), p.slice(-4, -2)]).filter((x) => /^\p{Script=Han}{2}$/u.test(x))),
];

type Run = { kind: 'postgres' | 'pglite'; orders: number; rows: string[]; plans: string[] };

async function generate(db: Kysely<DB>, tenantId: string, stations: Array<{ id: string; path: string }>, orders: number) {
  const cats = await db.selectFrom('categories').select(['id', 'code', 'kind']).where('tenant_id', '=', tenantId).execute();
  const CHUNK = 50_000;
  const t0 = process.hrtime.bigint();
  for (let from = 1; from <= orders; from += CHUNK) {
    const to = Math.min(orders, from + CHUNK - 1);
    // Every order: one of the demo's phrases for its category's kind of trouble, a household of one of
    // the demo's communities, a mobile phone typed one of three ways, a number of its local day.
    await sql`
      INSERT INTO tickets (tenant_id, id, number, kind, channel, status, category_id, category_code, priority, address,
        contact_name, contact_phone, description, unit_id, unit_path, received_at, created_at, updated_at, respond_by,
        arrive_by, resolve_by, responded_at, resolved_at, closed_at, late, reopen_count)
      SELECT ${tenantId}, gen_random_uuid(),
        'RX-' || to_char(rcv AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(i::text, 7, '0'),
        cat[2], 'hotline',
        (ARRAY['new','accepted','dispatched','taken','on_site','resolved','suspended','closed'])[CASE WHEN i % 10 = 0 THEN 1 + (i / 10) % 7 ELSE 8 END],
        cat[1]::uuid, cat[3], 'normal',
        (${sql.val(COMMUNITIES)}::text[])[1 + (i / 3) % ${COMMUNITIES.length}] || (1 + i % 23) || '号楼' || (1 + i % 4) || '单元' || (101 + (i / 7) % 18 * 100 + i % 4),
        '王',
        CASE i % 3 WHEN 0 THEN '139' || lpad((i % 100000000)::text, 8, '0')
                   WHEN 1 THEN '139-' || lpad(((i % 100000000) / 10000)::text, 4, '0') || '-' || lpad((i % 10000)::text, 4, '0')
                   ELSE '+86 139 ' || lpad((i % 100000000)::text, 8, '0') END,
        (${sql.val(PHRASES)}::text[])[1 + (i * 7) % ${PHRASES.length}],
        st[1]::uuid, st[2], rcv, rcv, rcv + interval '1 hour',
        rcv + interval '30 minutes', rcv + interval '2 hours', rcv + interval '1 day',
        rcv + interval '10 minutes', CASE WHEN i % 10 <> 0 THEN rcv + interval '5 hours' END,
        CASE WHEN i % 10 <> 0 THEN rcv + interval '6 hours' END, i % 17 = 0, 0
      FROM generate_series(${from}::int, ${to}::int) AS i,
        LATERAL (SELECT to_timestamp(${START / 1000} + (i::bigint * ${SPAN_S}) / ${orders}) AS rcv) r,
        LATERAL (SELECT ARRAY[(${sql.val(stations.map((s) => s.id))}::text[])[1 + i % ${stations.length}],
                              (${sql.val(stations.map((s) => s.path))}::text[])[1 + i % ${stations.length}]] AS st) u,
        LATERAL (SELECT ARRAY[(${sql.val(cats.map((c) => c.id))}::text[])[1 + (i / 7) % ${cats.length}],
                              (${sql.val(cats.map((c) => c.kind))}::text[])[1 + (i / 7) % ${cats.length}],
                              (${sql.val(cats.map((c) => c.code))}::text[])[1 + (i / 7) % ${cats.length}]] AS cat) k`.execute(db);
    if (to % 500_000 === 0 || to === orders) log(`orders ${to.toLocaleString('en')} / ${orders.toLocaleString('en')}`);
  }
  const genMs = ms(t0);
  // The search keys, as migration 0130 fills them for orders stored before it.
  const t1 = process.hrtime.bigint();
  await sql`INSERT INTO ticket_search (tenant_id, ticket_id, phone, bigrams)
    SELECT tenant_id, id, search_phone(contact_phone), text_bigrams(address || E'\\n' || description) FROM tickets WHERE tenant_id = ${tenantId}`.execute(
    db,
  );
  const keysMs = ms(t1);
  await sql`ANALYZE tickets`.execute(db);
  await sql`ANALYZE ticket_search`.execute(db);
  return { genMs, keysMs };
}

async function measure(kind: 'postgres' | 'pglite', orders: number): Promise<Run> {
  const prepared = await prepareDatabase(kind);
  const database = await prepared.open();
  const db = database.db;
  try {
    const { seed } = prepared;
    const stations: Array<{ id: string; path: string }> = [];
    for (let c = 0; c < 5; c++) {
      const company = await createUnit(db, seed.tenantId, {
        parentId: seed.units.root,
        kind: 'company',
        code: `b-c${c}`,
        name: `公司${c}`,
      });
      for (let s = 0; s < STATIONS_PER_COMPANY; s++) {
        const st = await createUnit(db, seed.tenantId, {
          parentId: company.id,
          kind: 'station',
          code: `b-c${c}-s${s}`,
          name: `站${c}-${s}`,
        });
        stations.push({ id: st.id, path: st.path });
      }
    }
    log(`${kind}: generating ${orders.toLocaleString('en')} orders`);
    const { genMs, keysMs } = await generate(db, seed.tenantId, stations, orders);
    const size = (
      await sql<{ t: string; s: string; g: string }>`SELECT pg_size_pretty(pg_total_relation_size('tickets')) AS t,
        pg_size_pretty(pg_total_relation_size('ticket_search')) AS s,
        pg_size_pretty(pg_relation_size('ticket_search_bigram_idx')) AS g`.execute(db)
    ).rows[0]!;
    log(
      `${kind}: orders ${f(genMs / 1000)} s, search keys ${f(keysMs / 1000)} s; tickets ${size.t}, ticket_search ${size.s} (bigram index ${size.g})`,
    );

    const actor: Actor = {
      userId: seed.users.supervisor.id,
      tenantId: seed.tenantId,
      role: 'quality_supervisor',
      unitId: seed.units.dongsheng,
      unitPath: '/',
      timeZone: 'Asia/Shanghai',
    };
    const ctx: Ctx = { db, actor, clock: systemClock, requestId: 'bench' };
    const numbers = (
      await sql<{
        number: string;
        contact_phone: string;
        address: string;
      }>`SELECT number, contact_phone, address FROM tickets TABLESAMPLE SYSTEM (1) LIMIT ${ROUNDS + 1}`.execute(db)
    ).rows;
    const phoneForms = (p: string, i: number) => {
      const d = p.replace(/\D/g, '').replace(/^86/, '');
      return [d, `+86 ${d}`, `0086-${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`, `${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7)}`][
        i % 4
      ]!;
    };
    const keyword = (i: number) =>
      i % 3 === 0
        ? COMMUNITIES[i % COMMUNITIES.length]!
        : i % 3 === 1
          ? FRAGMENTS[i % FRAGMENTS.length]!
          : PHRASES[i % PHRASES.length]!.slice(0, 5);
    const statuses = ['new', 'dispatched', 'closed', 'new,accepted,dispatched,taken,on_site,suspended', 'suspended', 'resolved'];
    const cases: Array<{ name: string; target: number; query: (i: number) => Record<string, string> }> = [
      { name: 'keyword (community, 2-character fragment, phrase)', target: 200, query: (i) => ({ q: keyword(i) }) },
      // A whole address: a dozen matches, too few among the newest orders, so the bigram index answers.
      { name: "rare fragment (one household's address)", target: 200, query: (i) => ({ q: numbers[i % numbers.length]!.address }) },
      {
        name: 'phone (4 ways of typing it)',
        target: 200,
        query: (i) => ({ q: phoneForms(numbers[i % numbers.length]!.contact_phone, i) }),
      },
      { name: 'order number', target: 200, query: (i) => ({ q: numbers[i % numbers.length]!.number.toLowerCase() }) },
      { name: 'first page of a status filter', target: 100, query: (i) => ({ status: statuses[i % statuses.length]! }) },
    ];
    const rows: string[] = [];
    const plans: string[] = [];
    for (const c of cases) {
      const times: number[] = [];
      let hits = 0;
      await listTickets(ctx, listQuery.parse(c.query(0)));
      for (let i = 1; i <= ROUNDS; i++) {
        const q = listQuery.parse(c.query(i));
        const t = process.hrtime.bigint();
        const page = await listTickets(ctx, q);
        times.push(ms(t));
        hits += page.rows.length;
      }
      times.sort((a, b) => a - b);
      const p95 = quantile(times, 0.95);
      rows.push(
        `| ${c.name} | ${ROUNDS} | ${f(hits / ROUNDS)} | ${f(quantile(times, 0.5))} | ${f(p95)} | ${f(times.at(-1)!)} | < ${c.target} ${p95 < c.target ? '✓' : '✗'} |`,
      );
      log(`${kind}: ${c.name}: p50 ${f(quantile(times, 0.5))} ms, p95 ${f(p95)} ms`);
      // The plan of the slowest query of the case, as the API ran it.
      const worst = c.query(1 + Math.floor(Math.random() * ROUNDS));
      const compiled = (await listTicketsQuery(ctx, listQuery.parse(worst))).compile();
      const plan = await db.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`EXPLAIN (ANALYZE, COSTS OFF) ${compiled.sql}`, [...compiled.parameters]),
      );
      plans.push(`${c.name} — ${JSON.stringify(worst)}`, '```', ...plan.rows.map((r) => r['QUERY PLAN']), '```', '');
    }
    rows.unshift(
      `| **${kind}, ${orders.toLocaleString('en')} orders** (generated ${f(genMs / 1000)} s; search keys ${f(keysMs / 1000)} s; tickets ${size.t}, ticket_search ${size.s}, bigram index ${size.g}) | | | | | | |`,
    );
    return { kind, orders, rows, plans };
  } finally {
    await database.close();
    await prepared.remove();
  }
}

const runs: Run[] = [];
if (PG_ORDERS > 0) runs.push(await measure('postgres', PG_ORDERS));
if (PGLITE_ORDERS > 0) runs.push(await measure('pglite', PGLITE_ORDERS));
const load = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const table = [
  `Command: \`npm run bench:search -- --orders ${PG_ORDERS} --pglite-orders ${PGLITE_ORDERS} --rounds ${ROUNDS}\` · ${new Date().toISOString().slice(0, 16)}Z · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · load average at the end ${load}`,
  'Each search as the whole group sees it (a quality supervisor), first page of 50, newest filed first, through `listTickets` — the code behind `GET /api/v1/tickets`. A fragment search first reads the newest 20,000 orders straight; when they hold less than a page, the bigram index answers (see the plans).',
  '',
  '| measurement | rounds | rows a page | p50 ms | p95 ms | max ms | target |',
  '|---|---|---|---|---|---|---|',
  ...runs.flatMap((r) => r.rows),
  '',
  ...runs.flatMap((r) => [`Plans on ${r.kind} (${r.orders.toLocaleString('en')} orders):`, '', ...r.plans]),
].join('\n');
console.log(table);
if (WRITE) {
  writeBenchSection(
    resolve(import.meta.dirname, '../../../docs/benchmarks.md'),
    'Search',
    '<!-- search-bench:begin (written by npm run bench:search) -->',
    '<!-- search-bench:end -->',
    table,
  );
}
