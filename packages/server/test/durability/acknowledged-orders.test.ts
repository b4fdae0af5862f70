import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { PASSWORD } from '../factories.js';
import {
  freePort,
  type HttpResult,
  httpClient,
  type PreparedDatabase,
  prepareDatabase,
  repairBody,
  type ServerProcess,
  sleep,
  startServerProcess,
} from './server-process.js';

// "Nothing acknowledged is lost": a 201 means the order is stored, whatever happens to the
// process a moment later. The real server runs as a child process under write load from
// clients that retry with the same Idempotency-Key until they get a 201 — as a hotline
// desk's client would — and is killed with SIGKILL several times in the middle of it.

const CLIENTS = 6;
const KILLS = 3;

type Ack = { key: string; id: string; number: string; replayed: boolean };

describe.each(testDatabaseKinds)('acknowledged orders on %s', (kind) => {
  let prepared: PreparedDatabase;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    prepared = await prepareDatabase(kind);
  });
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await prepared?.remove();
  });

  it(`every order answered 201 is stored exactly once after ${KILLS} SIGKILLs of the server under load`, async () => {
    const port = await freePort();
    server = await startServerProcess({ port, env: prepared.env });
    const client = httpClient(server.base, { timeoutMs: 10_000 });
    const token = await client.login(prepared.seed.users.agent.username, PASSWORD);
    const auth = { authorization: `Bearer ${token}` };

    const acks: Ack[] = [];
    const unexpected: string[] = [];
    let interrupted = 0; // requests that got no answer because the server died under them
    let unavailable = 0;
    let refused = 0;
    let stopping = false;

    const runClient = async (c: number) => {
      for (let n = 1; !stopping; n++) {
        const key = `dur-${c}-${n}`;
        const body = repairBody(prepared.seed.premises.urban, key);
        // Retry this key until the server acknowledges it; a client never gives up on an order.
        for (;;) {
          let res: HttpResult;
          try {
            res = await client.request('POST', '/api/v1/tickets', body, { ...auth, 'idempotency-key': key });
          } catch (e) {
            // Refused: the server is down. Reset / hang up: it died while this request was in flight.
            if ((e as { code?: string }).code === 'ECONNREFUSED') refused++;
            else interrupted++;
            await sleep(50);
            continue;
          }
          if (res.status === 201) {
            acks.push({ key, id: res.body.id, number: res.body.number, replayed: res.headers['idempotent-replayed'] === 'true' });
            break;
          }
          if (res.status === 503) {
            unavailable++;
            await sleep(50);
            continue;
          }
          unexpected.push(`${key}: ${res.status} ${JSON.stringify(res.body)}`);
          return;
        }
      }
    };

    const clients = Array.from({ length: CLIENTS }, (_, c) => runClient(c));
    for (let k = 0; k < KILLS; k++) {
      await sleep(700 + Math.random() * 800);
      await server.kill('SIGKILL');
      server = await startServerProcess({ port, env: prepared.env });
    }
    await sleep(700);
    stopping = true;
    await Promise.all(clients);
    client.close();
    // One last SIGKILL: what we read back below is what a crashed server leaves on disk.
    await server.kill('SIGKILL');
    server = undefined;

    expect(unexpected).toEqual([]);
    expect(interrupted, 'the kills should have cut requests off mid-flight').toBeGreaterThan(0);
    expect(acks.length).toBeGreaterThan(CLIENTS * KILLS);

    const database = await prepared.open();
    try {
      const rows = await database.db
        .selectFrom('tickets as t')
        .leftJoin('idempotency_keys as k', 'k.ticket_id', 't.id')
        .select(['t.id', 't.number', 't.description', 'k.key'])
        .select(sql<number>`(select count(*) from ticket_events e where e.ticket_id = t.id and e.type = 'created')`.as('created_events'))
        .where('t.tenant_id', '=', prepared.seed.tenantId)
        .execute();
      const byKey = new Map<string, typeof rows>();
      for (const r of rows) {
        const key = r.description.replace(/^暖气不热 /, '');
        byKey.set(key, [...(byKey.get(key) ?? []), r]);
      }
      const problems: string[] = [];
      for (const a of acks) {
        const found = byKey.get(a.key) ?? [];
        if (found.length !== 1) problems.push(`${a.key}: acknowledged as ${a.number} but stored ${found.length} times`);
        else if (found[0]!.id !== a.id || found[0]!.number !== a.number)
          problems.push(`${a.key}: acknowledged ${a.id}/${a.number}, stored ${found[0]!.id}/${found[0]!.number}`);
        else if (found[0]!.key !== a.key) problems.push(`${a.key}: idempotency key row is ${found[0]!.key}`);
        else if (Number(found[0]!.created_events) !== 1) problems.push(`${a.key}: ${found[0]!.created_events} 'created' events`);
      }
      expect(problems).toEqual([]);
      // Every stored order was acknowledged (each client retried its key to a 201), and no retry made a second one.
      expect(rows.length).toBe(acks.length);
      expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
      console.info(
        `[durability ${kind}] ${acks.length} orders acknowledged (${acks.filter((a) => a.replayed).length} as idempotent replays), ` +
          `${interrupted} requests cut off by ${KILLS} SIGKILLs, ${refused} refused while down, ${unavailable} answered 503; all stored exactly once`,
      );
    } finally {
      await database.close();
    }
  }, 120_000);
});
