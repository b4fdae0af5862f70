// Notice fan-out benchmark: a notice to 100 000 premises under one heat-exchange station, on
// PostgreSQL (target: fully queued within 10 s) and, for reference, on PGlite. Also measures the
// restoration fan-out and a few seconds of delivery to the local SendSms simulator.
// Run with `npm run bench:notices`; results go to "## Notices" in docs/benchmarks.md.
//   DATABASE_URL             PostgreSQL to create a scratch database next to (default postgres://postgres@127.0.0.1:5432/test)
//   WARMLINE_BENCH_PREMISES  premises under the notice (default 100000)
//   WARMLINE_BENCH_ONLY      postgres | pglite
//   WARMLINE_BENCH_WRITE=0   print the report without writing docs/benchmarks.md
import { sql } from 'kysely';
import type { Actor } from '../src/auth/roles.js';
import { type Database, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createNotice, endNotice } from '../src/notices/manage-notices.js';
import { deliverOutbox } from '../src/notify/deliver-outbox.js';
import { DeliveryPacer } from '../src/notify/delivery-pacer.js';
import { aliyunSmsChannel } from '../src/notify/sms-aliyun.js';
import { startSmsSimulator } from '../src/notify/sms-simulator.js';
import { systemClock } from '../src/shared/clock.js';
import { createScratchPostgres } from '../test/databases.js';
import { seedOrganisation } from '../test/factories.js';
import { machine, writeBenchSection } from './bench-docs.js';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const PREMISES = Number(process.env.WARMLINE_BENCH_PREMISES ?? 100_000);
const ONLY = process.env.WARMLINE_BENCH_ONLY;
const log = (m: string) => console.log(`[bench:notices] ${m}`);

type Result = { kind: string; publishMs: number; queued: number; endMs: number; restorations: number; sentPerSecond: number };

async function run(kind: 'postgres' | 'pglite', database: Database): Promise<Result> {
  await migrateToLatest(database.db);
  const seed = await seedOrganisation(database.db);
  const node = await database.db.selectFrom('network_nodes').select('id').where('tenant_id', '=', seed.tenantId).executeTakeFirstOrThrow();
  const t0 = Date.now();
  await sql`
    INSERT INTO premises (tenant_id, id, account_no, community, building, address, network_node_id, unit_id)
    SELECT ${seed.tenantId}, gen_random_uuid(), 'N' || i, '幸福小区', (i / 200)::text || '号楼', '幸福小区' || i, ${node.id}, ${seed.units.station}
    FROM generate_series(1, ${PREMISES}::int) AS i`.execute(database.db);
  await sql`
    INSERT INTO customers (tenant_id, id, premise_id, name, phone)
    SELECT tenant_id, gen_random_uuid(), id, '住户', '15' || lpad(substr(account_no, 2), 9, '0') FROM premises WHERE account_no LIKE 'N%'`.execute(
    database.db,
  );
  await sql`ANALYZE`.execute(database.db);
  log(`${kind}: ${PREMISES} premises and households loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

  const unit = await database.db.selectFrom('units').select('path').where('id', '=', seed.units.heping).executeTakeFirstOrThrow();
  const actor: Actor = {
    userId: seed.users.dispatcher.id,
    tenantId: seed.tenantId,
    role: 'dispatcher',
    unitId: seed.units.heping,
    unitPath: unit.path,
    timeZone: 'Asia/Shanghai',
  };
  const ctx = { db: database.db, actor, clock: systemClock };
  const p0 = performance.now();
  const id = await createNotice(ctx, {
    kind: 'unplanned_outage',
    title: '换热站抢修停热',
    message: '预计18时恢复',
    startsAt: new Date().toISOString(),
    target: { kind: 'nodes', nodeIds: [node.id] },
    publish: true,
  });
  const publishMs = performance.now() - p0;
  const queued = Number(
    (
      await database.db
        .selectFrom('outbox_messages')
        .select(sql<number>`count(*)`.as('n'))
        .where('notice_id', '=', id)
        .executeTakeFirstOrThrow()
    ).n,
  );
  log(`${kind}: published to ${queued} households in ${publishMs.toFixed(0)} ms`);

  // A few seconds of delivery to the simulator, at a provider limit of 2000/s.
  const sim = await startSmsSimulator({ accessKeyId: 'k', accessKeySecret: 's' });
  const channel = aliyunSmsChannel({ endpoint: sim.url, accessKeyId: 'k', accessKeySecret: 's', signName: '测试', ratePerSecond: 2000 });
  const limiter = new DeliveryPacer(database.db);
  const d0 = Date.now();
  while (Date.now() - d0 < 5000)
    if ((await deliverOutbox(database.db, systemClock, { sms: channel }, limiter, { batch: 200 })) === 0)
      await new Promise((r) => setTimeout(r, 50));
  const sentPerSecond = sim.delivered.length / ((Date.now() - d0) / 1000);
  await sim.close();
  log(`${kind}: delivered ${sentPerSecond.toFixed(0)} messages/s to the simulator`);

  const e0 = performance.now();
  await endNotice(ctx, id, { restorationMessage: '已恢复供热' });
  const endMs = performance.now() - e0;
  const restorations = Number(
    (
      await database.db
        .selectFrom('outbox_messages')
        .select(sql<number>`count(*)`.as('n'))
        .where('notice_id', '=', id)
        .where('template', '=', 'restoration_notice')
        .executeTakeFirstOrThrow()
    ).n,
  );
  return { kind, publishMs, queued, endMs, restorations, sentPerSecond };
}

const results: Result[] = [];
let pgVersion = '';
if (ONLY !== 'pglite') {
  const scratch = await createScratchPostgres();
  const database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 10 });
  try {
    pgVersion = (await sql<{ v: string }>`SELECT version() AS v`.execute(database.db)).rows[0]!.v.split(' on ')[0]!;
    results.push(await run('postgres', database));
  } finally {
    await database.close();
    await scratch.drop();
  }
}
if (ONLY !== 'postgres') {
  const database = await openDatabase({ kind: 'pglite', dataDir: ':memory:' });
  try {
    results.push(await run('pglite', database));
  } finally {
    await database.close();
  }
}

const report = `Measured ${new Date().toISOString().slice(0, 10)} on ${await machine()}${pgVersion ? `; ${pgVersion}` : ''}.

One notice targeting a heat-exchange station with ${PREMISES.toLocaleString('en')} premises (one household phone each). Publishing runs in
one transaction: the notice's premises are materialised and one outbox row per household is queued with \`INSERT … SELECT\`.

| database | publish → all queued (target ≤ 10 s on PostgreSQL) | messages queued | end → restoration queued | delivery to the SendSms simulator (limit 2000/s) |
|---|---|---|---|---|
${results.map((r) => `| ${r.kind} | ${(r.publishMs / 1000).toFixed(2)} s | ${r.queued.toLocaleString('en')} | ${(r.endMs / 1000).toFixed(2)} s (${r.restorations.toLocaleString('en')}) | ${r.sentPerSecond.toFixed(0)} msg/s |`).join('\n')}`;
console.log(report);
if (process.env.WARMLINE_BENCH_WRITE !== '0' && !ONLY) writeBenchSection('Notices', 'notices', report);
if (results.some((r) => r.kind === 'postgres' && (r.publishMs > 10_000 || r.queued < PREMISES))) process.exitCode = 1;
