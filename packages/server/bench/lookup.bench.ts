// Household look-up on 100,000 premises, on PGlite and (with DATABASE_URL) PostgreSQL, and the
// time to import 10,000 rows of CSV. Writes the "Household look-up" section of docs/benchmarks.md.
// Usage: npm run bench:lookup   (LOOKUP_PREMISES=20000 for a quicker run)
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Actor } from '../src/auth/roles.js';
import type { DB } from '../src/db/schema.js';
import { loadDemoIfEmpty } from '../src/demo/load-demo.js';
import { manualClock } from '../src/shared/clock.js';
import { importPremises } from '../src/territory/import-premises.js';
import { premiseLookupQueries, searchPremises } from '../src/territory/premise.repo.js';
import { openTestDatabase } from '../test/databases.js';
import { machine, writeBenchSection } from './bench-docs.js';

const PREMISES = Number(process.env.LOOKUP_PREMISES ?? 100_000);
const ROUNDS = 200;
const IMPORT_ROWS = 10_000;

type Stats = { p50: number; p95: number; max: number };
const stats = (ms: number[]): Stats => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p95: at(0.95), max: s.at(-1)! };
};
const f = (n: number) => n.toFixed(2);

async function timeSearches(db: Kysely<DB>, tenantId: string, terms: string[]) {
  const ms: number[] = [];
  let found = 0;
  for (const term of terms) {
    const t = performance.now();
    found += (await searchPremises(db, tenantId, term)).length;
    ms.push(performance.now() - t);
  }
  return { ...stats(ms), found: found / terms.length };
}

async function plan(db: Kysely<DB>, query: { compile(): CompiledQuery }) {
  const c = query.compile();
  const res = await db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${c.sql}`, [...c.parameters]),
  );
  return res.rows.map((r) => r['QUERY PLAN']).join('\n');
}

async function run(kind: 'pglite' | 'postgres') {
  const d = await openTestDatabase(kind);
  const db = d.db;
  const loadStart = performance.now();
  await loadDemoIfEmpty(db, {
    log: () => {},
    clock: manualClock('2026-11-21T02:00:00Z'),
    size: { premises: PREMISES, orders: 0 },
    adminPassword: 'bench-password',
  });
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const tenantId = (await db.selectFrom('tenants').select('id').executeTakeFirstOrThrow()).id;
  const version = (await sql<{ v: string }>`SELECT version() AS v`.execute(db)).rows[0]!.v.split(' on ')[0]!;

  // Terms a hotline agent types: numbers of real households, fragments of real addresses.
  const sample = await sql<{ account_no: string; phone: string; address: string; community: string; building: string }>`
    SELECT p.account_no, c.phone, p.address, p.community, p.building
    FROM premises p JOIN customers c ON c.premise_id = p.id
    WHERE p.tenant_id = ${tenantId} ORDER BY md5(p.id::text) LIMIT ${ROUNDS}`.execute(db);
  const rows = sample.rows;
  const dashed = (p: string) => `${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`;
  const cases: Array<[string, string[]]> = [
    ['phone number (typed with dashes)', rows.map((r) => dashed(r.phone))],
    ['account number', rows.map((r) => r.account_no)],
    ['two characters of a community name', rows.map((r) => r.community.slice(0, 2))],
    ['community name', rows.map((r) => r.community)],
    ['community + building', rows.map((r) => (r.building ? `${r.community}${r.building}号楼` : r.community))],
    ['full address', rows.map((r) => r.address)],
    ['fragment found nowhere', rows.map((_, i) => `无此小区${i}`)],
  ];
  // Warm up the caches and the JIT once.
  await timeSearches(
    db,
    tenantId,
    cases.flatMap(([, terms]) => terms.slice(0, 20)),
  );
  const results: Array<[string, Stats & { found: number }]> = [];
  for (const [name, terms] of cases) results.push([name, await timeSearches(db, tenantId, terms)]);

  const plans = {
    phone: await plan(db, premiseLookupQueries(db, tenantId, dashed(rows[0]!.phone)).byPhone!),
    account: await plan(db, premiseLookupQueries(db, tenantId, rows[0]!.account_no).byAccount!),
    address: await plan(db, premiseLookupQueries(db, tenantId, rows[0]!.community.slice(0, 2)).byAddress!),
  };

  // 10,000 new households through the import use case (parse, check, write, flush the index).
  const admin = await db
    .selectFrom('users as u')
    .innerJoin('units as un', 'un.id', 'u.unit_id')
    .select(['u.id', 'u.unit_id', 'un.path'])
    .where('u.username', '=', 'admin')
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    userId: admin.id,
    tenantId,
    role: 'admin',
    unitId: admin.unit_id,
    unitPath: admin.path,
    timeZone: 'Asia/Shanghai',
  };
  const csv = [
    'account_no,district,community,building,entrance,room,address,heated_area,network_node_code,station_code,area_tier,flags,customer_name,customer_phone',
    ...Array.from({ length: IMPORT_ROWS }, (_, i) => {
      const b = Math.floor(i / 36) + 1;
      const e = (Math.floor(i / 12) % 3) + 1;
      const r = `${(Math.floor(i / 2) % 6) + 1}0${(i % 2) + 1}`;
      return `9${String(i).padStart(7, '0')},鸡冠区,新建小区,${b},${e},${r},鸡冠区新建小区${b}号楼${e}单元${r}室,${60 + (i % 80)}.5,heping-hes-01,,urban,${i % 12 === 0 ? 'elderly' : ''},住户${i},177${String(i).padStart(8, '0')}`;
    }),
  ].join('\n');
  const importStart = performance.now();
  const imported = await importPremises({ db, actor, clock: manualClock('2026-11-21T02:00:00Z') }, csv);
  const importSeconds = (performance.now() - importStart) / 1000;
  await d.close();
  return { kind, version, loadSeconds, results, plans, importSeconds, imported: imported.imported, csvBytes: Buffer.byteLength(csv) };
}

const kinds: Array<'pglite' | 'postgres'> = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
const runs: Array<Awaited<ReturnType<typeof run>>> = [];
for (const kind of kinds) {
  console.log(`look-up bench on ${kind}: loading ${PREMISES} premises …`);
  const r = await run(kind);
  console.log(r.results.map(([n, s]) => `  ${n}: p50 ${f(s.p50)} ms, p95 ${f(s.p95)} ms, max ${f(s.max)} ms`).join('\n'));
  console.log(`  import of ${IMPORT_ROWS} rows: ${r.importSeconds.toFixed(2)} s`);
  runs.push(r);
}

const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${await machine()}; ${runs.map((r) => `${r.kind}: ${r.version}`).join('; ')}.`,
  '',
  `${PREMISES.toLocaleString('en')} households of the demo tenant (one or two customers each), ${ROUNDS} searches per row through \`searchPremises\` ` +
    '(the query of `GET /api/v1/premises?q=` with the households it returns, up to 20), one after another, after a warm-up.',
  '',
  `| search | ${runs.map((r) => `${r.kind} p50 / p95 / max (ms)`).join(' | ')} | hits per search |`,
  `|---|${runs.map(() => '---|').join('')}---|`,
  ...runs[0]!.results.map(
    ([name], i) =>
      `| ${name} | ${runs
        .map((r) => {
          const s = r.results[i]![1];
          return `${f(s.p50)} / ${f(s.p95)} / ${f(s.max)}`;
        })
        .join(' | ')} | ${runs[0]!.results[i]![1].found.toFixed(1)} |`,
  ),
  '',
  `Import of ${IMPORT_ROWS.toLocaleString('en')} CSV rows with their customers (${(runs[0]!.csvBytes / 2 ** 20).toFixed(1)} MiB, through \`importPremises\`: parse, check, batched upserts, index flush): ` +
    runs.map((r) => `${r.kind} ${r.importSeconds.toFixed(2)} s`).join(', ') +
    `. Loading the ${PREMISES.toLocaleString('en')} households themselves (demo loader): ${runs.map((r) => `${r.kind} ${r.loadSeconds.toFixed(1)} s`).join(', ')}.`,
  '',
  'Address fragments are indexed as the set of their character bigrams (`premise_address_bigram_idx`, migration 0010), because pg_trgm sees no CJK ' +
    'characters under `LC_CTYPE=C` and extracts no trigram from a two-character fragment. Plans on the last database measured (`EXPLAIN ANALYZE`, no hints):',
  '',
  ...(['phone', 'account', 'address'] as const).flatMap((k) => [`${k}:`, '```', runs.at(-1)!.plans[k], '```']),
];
writeBenchSection('Household look-up', 'lookup', lines.join('\n'));
console.log('wrote docs/benchmarks.md § Household look-up');
