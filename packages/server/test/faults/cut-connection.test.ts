import { afterAll, describe, expect, it } from 'vitest';
import {
  freePort,
  httpClient,
  type PreparedDatabase,
  prepareDatabase,
  repairBody,
  type ServerProcess,
  sleep,
  startServerProcess,
} from '../durability/server-process.js';
import { PASSWORD } from '../factories.js';
import { startTcpProxy } from './tcp-proxy.js';

// README (Durability): while the database is unreachable, requests answer 503 within 3 s. A
// connection that goes silent — nothing closed, nothing refused, packets just lost — used to
// hang every request for the whole outage. Warmline talks to PostgreSQL through a proxy the
// test cuts; runs where PostgreSQL is given (DATABASE_URL).

const CLIENTS = 4;
const ANSWER_MS = 3000;
const CUT_MS = 7000;
const RECOVERY_MS = 10_000;

type Outcome = { startedAt: number; endedAt: number; status: number | 'network_error'; code?: string; key: string; id?: string };

describe.runIf(Boolean(process.env.DATABASE_URL))('a silently cut database connection (runs when DATABASE_URL is set)', () => {
  let prepared: PreparedDatabase | undefined;
  let server: ServerProcess | undefined;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>> | undefined;
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await proxy?.close();
    await prepared?.remove();
  });

  it('answers 503 within 3 s while the link is silent and 201 again once it forwards, without a restart', async () => {
    prepared = await prepareDatabase('postgres');
    const direct = new URL(prepared.env.DATABASE_URL!);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(direct.toString());
    viaProxy.port = String(proxy.port);
    server = await startServerProcess({ port: await freePort(), env: { DATABASE_URL: viaProxy.toString(), WARMLINE_DB_POOL_SIZE: '8' } });
    const client = httpClient(server.base, { timeoutMs: 30_000 });
    const token = await client.login(prepared.seed.users.agent.username, PASSWORD);

    const outcomes: Outcome[] = [];
    let stopping = false;
    const runClient = async (c: number) => {
      for (let n = 1; !stopping; n++) {
        const key = `cut-${c}-${n}`;
        const startedAt = Date.now();
        try {
          const res = await client.request('POST', '/api/v1/tickets', repairBody(prepared!.seed.premises.urban, key), {
            authorization: `Bearer ${token}`,
            'idempotency-key': key,
          });
          outcomes.push({ startedAt, endedAt: Date.now(), status: res.status, code: res.body?.error?.code, key, id: res.body?.id });
        } catch {
          outcomes.push({ startedAt, endedAt: Date.now(), status: 'network_error', key });
        }
        if (outcomes.at(-1)!.status !== 201) await sleep(100);
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, c) => runClient(c));
    await sleep(1500);
    proxy.cut();
    const down = Date.now();
    await sleep(CUT_MS / 2);
    const health = await client.request('GET', '/healthz');
    await sleep(CUT_MS / 2);
    const up = Date.now();
    proxy.restore();
    await sleep(RECOVERY_MS);
    const settledFrom = Date.now();
    await sleep(1500);
    stopping = true;
    await Promise.all(clients);
    client.close();

    const show = (list: Outcome[]) => list.map((o) => `${o.key} ${o.status} ${o.code ?? ''} ${o.endedAt - o.startedAt}ms`).join('\n');
    expect(health.status).toBe(503);
    expect(health.ms).toBeLessThan(ANSWER_MS);
    // Requests begun during the cut (after the first in-flight ones had time to fail) are all quick 503s.
    const during = outcomes.filter((o) => o.startedAt >= down && o.startedAt < up - ANSWER_MS);
    expect(during.length).toBeGreaterThan(CLIENTS);
    expect(show(during.filter((o) => o.status !== 503 || o.code !== 'database_unavailable'))).toBe('');
    expect(show(during.filter((o) => o.endedAt - o.startedAt > ANSWER_MS))).toBe('');
    // Nothing ever hangs past the limit or fails otherwise, even requests caught mid-way by the cut.
    expect(show(outcomes.filter((o) => o.status !== 201 && o.status !== 503))).toBe('');
    expect(show(outcomes.filter((o) => o.endedAt - o.startedAt > ANSWER_MS + 1000))).toBe('');
    // Back by itself.
    const firstBack = outcomes.filter((o) => o.startedAt >= up && o.status === 201).sort((a, b) => a.endedAt - b.endedAt)[0];
    expect(firstBack).toBeDefined();
    expect(show(outcomes.filter((o) => o.startedAt >= settledFrom && o.status !== 201))).toBe('');
    // Every acknowledged order is stored.
    const database = await prepared.open();
    try {
      const stored = new Set(
        (await database.db.selectFrom('tickets').select('id').where('tenant_id', '=', prepared.seed.tenantId).execute()).map((r) => r.id),
      );
      expect(outcomes.filter((o) => o.status === 201 && !stored.has(o.id!)).map((o) => o.key)).toEqual([]);
    } finally {
      await database.close();
    }
    const slowest = Math.max(...during.map((o) => o.endedAt - o.startedAt));
    console.info(
      `[cut connection] ${during.length} requests during a ${CUT_MS / 1000} s silent cut: all 503, slowest ${slowest} ms; ` +
        `healthz ${health.ms.toFixed(0)} ms; first 201 ${firstBack!.endedAt - up} ms after the link came back`,
    );
  }, 120_000);
});
