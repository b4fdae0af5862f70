// Fault suite: a primary with a synchronous standby; under write load with retried
// Idempotency-Keys the primary is killed and the standby promoted by hand. Warmline, given both
// hosts in DATABASE_URL, must carry on by itself. Prints acknowledged orders lost, orders
// duplicated and seconds of unavailability. Usage: npm run bench:faults (needs the PostgreSQL
// server binaries, /usr/lib/postgresql/15/bin or WARMLINE_PG_BIN).
import { openDatabase } from '../src/db/database.js';
import { freePort, httpClient, prepareDatabase, repairBody, sleep, startServerProcess } from '../test/durability/server-process.js';
import { PASSWORD } from '../test/factories.js';
import { startPrimaryWithStandby } from '../test/faults/pg-pair.js';

const CLIENTS = Number(process.env.FAULTS_CLIENTS ?? 4);
const BEFORE_MS = 4000;
/** How long "the operator" takes to notice and promote. */
const PROMOTE_AFTER_MS = 2000;
const AFTER_MS = 8000;

const pair = await startPrimaryWithStandby();
let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
try {
  console.log(`primary and standby up; replication: ${await pair.syncState()}`);
  const prepared = await prepareDatabase('postgres', { url: pair.primaryUrl });
  server = await startServerProcess({ port: await freePort(), env: { DATABASE_URL: pair.multiHostUrl, WARMLINE_DB_POOL_SIZE: '8' } });
  const client = httpClient(server.base, { timeoutMs: 30_000 });
  const token = await client.login(prepared.seed.users.agent.username, PASSWORD);

  // Each client files orders one after another and retries each with the same key until a 201.
  const acked = new Map<string, string>();
  const attempts: Array<{ at: number; status: number | 'error' }> = [];
  let stopping = false;
  const runClient = async (c: number) => {
    for (let n = 1; !stopping; n++) {
      const key = `failover-${c}-${n}`;
      while (!stopping) {
        let status: number | 'error' = 'error';
        try {
          const res = await client.request('POST', '/api/v1/tickets', repairBody(prepared.seed.premises.urban, key), {
            authorization: `Bearer ${token}`,
            'idempotency-key': key,
          });
          status = res.status;
          if (res.status === 201) acked.set(key, res.body.id);
        } catch {}
        attempts.push({ at: Date.now(), status });
        if (status === 201) break;
        await sleep(200);
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, c) => runClient(c));
  await sleep(BEFORE_MS);
  await pair.killPrimary();
  const killedAt = Date.now();
  console.log('primary killed');
  await sleep(PROMOTE_AFTER_MS);
  await pair.promoteStandby();
  const promotedAt = Date.now();
  // Nothing may be acknowledged while no writable server exists.
  const ackedWithoutPrimary = attempts.filter((a) => a.status === 201 && a.at > killedAt && a.at < promotedAt - 1000).length;
  console.log(`standby promoted ${promotedAt - killedAt} ms after the kill`);
  await sleep(AFTER_MS);
  stopping = true;
  await Promise.all(clients);
  client.close();

  const ok = attempts.filter((a) => a.status === 201);
  const lastBefore = Math.max(...ok.filter((a) => a.at <= killedAt).map((a) => a.at));
  const firstAfter = Math.min(...ok.filter((a) => a.at > killedAt).map((a) => a.at));
  const others = attempts.filter((a) => a.status !== 201 && a.status !== 503);

  const database = await openDatabase({ kind: 'postgres', url: pair.standbyUrl, poolSize: 2 });
  const rows = await database.db
    .selectFrom('tickets')
    .select(['id', 'description'])
    .where('tenant_id', '=', prepared.seed.tenantId)
    .execute();
  await database.close();
  const stored = new Set(rows.map((r) => r.id));
  const perKey = new Map<string, number>();
  for (const r of rows) {
    const key = /failover-\d+-\d+$/.exec(r.description)?.[0];
    if (key) perKey.set(key, (perKey.get(key) ?? 0) + 1);
  }
  const lost = [...acked.values()].filter((id) => !stored.has(id)).length;
  const duplicated = [...perKey.values()].filter((n) => n > 1).length;
  const figures = {
    acknowledged: acked.size,
    lost,
    duplicated,
    unavailableSeconds: Number(((firstAfter - lastBefore) / 1000).toFixed(1)),
    secondsFromPromotionToFirst201: Number(((firstAfter - promotedAt) / 1000).toFixed(1)),
    acknowledgedWithoutPrimary: ackedWithoutPrimary,
    answered503: attempts.filter((a) => a.status === 503).length,
    otherFailures: others.length,
  };
  console.log(JSON.stringify(figures, null, 2));
  if (lost > 0 || duplicated > 0 || others.length > 0 || !Number.isFinite(firstAfter)) process.exitCode = 1;
} catch (e) {
  console.error(e);
  if (server) console.error(server.output());
  process.exitCode = 1;
} finally {
  await server?.kill('SIGKILL');
  await pair.destroy();
}
