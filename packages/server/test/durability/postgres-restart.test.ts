import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../factories.js';
import { type PrivatePostgres, startPrivatePostgres } from './private-postgres.js';
import {
  freePort,
  httpClient,
  type PreparedDatabase,
  prepareDatabase,
  repairBody,
  type ServerProcess,
  sleep,
  startServerProcess,
} from './server-process.js';

// While PostgreSQL is away the server must say so at once — 503 database_unavailable — and
// never hang a desk's request; when it is back the server must reconnect by itself. The test
// restarts a PostgreSQL cluster of its own (never the shared one at DATABASE_URL), so it runs
// only where PostgreSQL is installed, which DATABASE_URL being set signals.

const CLIENTS = 4;
/** A request during the outage must be answered well within this (the pool gives up connecting after 3 s). */
const OUTAGE_ANSWER_MS = 4_000;
/** After PostgreSQL is back, the first 201 must come within this. */
const RECOVERY_MS = 10_000;

type Outcome = {
  startedAt: number;
  endedAt: number;
  status: number | 'network_error';
  code?: string;
  retryAfter?: string;
  key: string;
  id?: string;
};

describe.runIf(Boolean(process.env.DATABASE_URL))('a PostgreSQL restart under load (runs when DATABASE_URL is set)', () => {
  let pg: PrivatePostgres;
  let prepared: PreparedDatabase;
  let server: ServerProcess | undefined;

  afterAll(async () => {
    if (server && server.child.exitCode !== null) console.error(`server exited with ${server.child.exitCode}:\n${server.output()}`);
    await server?.kill('SIGKILL');
    await pg?.destroy();
  });

  it('answers 503 database_unavailable at once while PostgreSQL is down and 201 again after it restarts, for a fast and an immediate stop', async () => {
    // Inside the test, so missing PostgreSQL binaries fail this test by name.
    pg = await startPrivatePostgres();
    prepared = await prepareDatabase('postgres', { url: pg.url, poolSize: 8 });
    server = await startServerProcess({ port: await freePort(), env: prepared.env });
    const client = httpClient(server.base, { timeoutMs: 20_000 });
    const token = await client.login(prepared.seed.users.agent.username, PASSWORD);
    const auth = { authorization: `Bearer ${token}` };

    const outcomes: Outcome[] = [];
    let stopping = false;
    const runClient = async (c: number) => {
      for (let n = 1; !stopping; n++) {
        const key = `restart-${c}-${n}`;
        const startedAt = Date.now();
        try {
          const res = await client.request('POST', '/api/v1/tickets', repairBody(prepared.seed.premises.urban, key), {
            ...auth,
            'idempotency-key': key,
          });
          outcomes.push({
            startedAt,
            endedAt: Date.now(),
            status: res.status,
            code: res.body?.error?.code,
            retryAfter: res.headers['retry-after'] as string | undefined,
            key,
            id: res.status === 201 ? res.body.id : undefined,
          });
        } catch {
          outcomes.push({ startedAt, endedAt: Date.now(), status: 'network_error', key });
        }
        if (outcomes.at(-1)!.status !== 201) await sleep(100);
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, c) => runClient(c));

    const outages: Array<{ mode: string; down: number; up: number; healthz: { status: number; code?: string } }> = [];
    for (const mode of ['fast', 'immediate'] as const) {
      await sleep(1500);
      await pg.stop(mode);
      const down = Date.now();
      await sleep(3000);
      const h = await client.request('GET', '/healthz');
      await sleep(500);
      const up = Date.now();
      await pg.start();
      outages.push({ mode, down, up, healthz: { status: h.status, code: h.body?.error?.code } });
    }
    await sleep(RECOVERY_MS / 2);
    const lastRestart = Date.now();
    await sleep(1500);
    stopping = true;
    await Promise.all(clients);
    client.close();

    const describeOutcomes = (list: Outcome[]) =>
      list.map((o) => `${o.key} ${o.status} ${o.code ?? ''} ${o.endedAt - o.startedAt}ms`).join('\n');

    // Nothing is ever left hanging and nothing fails with a 500 or a dropped connection.
    expect(describeOutcomes(outcomes.filter((o) => o.status !== 201 && o.status !== 503))).toBe('');
    expect(describeOutcomes(outcomes.filter((o) => o.status === 503 && o.code !== 'database_unavailable'))).toBe('');
    expect(describeOutcomes(outcomes.filter((o) => o.status === 503 && o.retryAfter === undefined))).toBe('');

    for (const o of outages) {
      expect(o.healthz, `healthz while stopped (${o.mode})`).toEqual({ status: 503, code: 'database_unavailable' });
      const during = outcomes.filter((r) => r.startedAt >= o.down && r.endedAt <= o.up);
      expect(during.length, `requests during the ${o.mode} outage`).toBeGreaterThan(CLIENTS);
      expect(describeOutcomes(during.filter((r) => r.status !== 503)), `every request during the ${o.mode} outage is a 503`).toBe('');
      const slow = during.filter((r) => r.endedAt - r.startedAt > OUTAGE_ANSWER_MS);
      expect(describeOutcomes(slow), `503s during the ${o.mode} outage come at once`).toBe('');
      const firstBack = outcomes.filter((r) => r.startedAt >= o.up && r.status === 201).sort((a, b) => a.endedAt - b.endedAt)[0];
      expect(firstBack, `a 201 after the ${o.mode} restart`).toBeDefined();
      expect(firstBack!.endedAt - o.up, `time to the first 201 after the ${o.mode} restart`).toBeLessThan(RECOVERY_MS);
    }
    // Well after the last restart the server is fully back: nothing but 201s.
    const settled = outcomes.filter((r) => r.startedAt >= lastRestart);
    expect(settled.length).toBeGreaterThan(0);
    expect(describeOutcomes(settled.filter((r) => r.status !== 201))).toBe('');

    // Every acknowledged order survived both stops, the immediate one included.
    const acked = outcomes.filter((o) => o.status === 201);
    const database = await prepared.open();
    try {
      const stored = await database.db.selectFrom('tickets').select('id').where('tenant_id', '=', prepared.seed.tenantId).execute();
      const storedIds = new Set(stored.map((r) => r.id));
      expect(acked.filter((o) => !storedIds.has(o.id!)).map((o) => o.key)).toEqual([]);
    } finally {
      await database.close();
    }
    const maxOutageMs = Math.max(
      ...outages.flatMap((o) => outcomes.filter((r) => r.startedAt >= o.down && r.endedAt <= o.up).map((r) => r.endedAt - r.startedAt)),
    );
    console.info(
      `[postgres restart] ${acked.length} orders acknowledged, ${outcomes.filter((o) => o.status === 503).length} answered 503 ` +
        `(slowest during an outage: ${maxOutageMs} ms); first 201 after restart: ` +
        outages
          .map(
            (o) =>
              `${o.mode} ${Math.min(...outcomes.filter((r) => r.startedAt >= o.up && r.status === 201).map((r) => r.endedAt)) - o.up} ms`,
          )
          .join(', '),
    );
  }, 120_000);
});
