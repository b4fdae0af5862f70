import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { enqueueMessages } from '../../src/notify/outbox.repo.js';
import { startSmsSimulator } from '../../src/notify/sms-simulator.js';
import { createTenant } from '../../src/org/tenant.service.js';
import { createScratchPostgres } from '../databases.js';

const child = fileURLToPath(new URL('./outbox-kill-child.ts', import.meta.url));

function runChild(env: Record<string, string>): Promise<NodeJS.Signals | number | null> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    p.on('exit', (code, signal) => resolve(signal ?? code));
  });
}

// Worker processes must share one database, so this runs where a PostgreSQL server is given.
describe.each(process.env.DATABASE_URL ? ['postgres'] : [])('a delivery worker killed between sending and recording, on %s', () => {
  it('loses nothing and sends nothing twice, however often it dies', async () => {
    const scratch = await createScratchPostgres();
    const database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 4 });
    // Like the real SendSms, the simulator delivers every request it accepts: a blind resend reaches the household twice.
    const sim = await startSmsSimulator({ accessKeyId: 'k', accessKeySecret: 'secret', faults: { fail500: 0.1 } });
    try {
      await migrateToLatest(database.db);
      const { tenantId } = await createTenant(database.db, { code: 'kill', name: '测试' });
      const n = 60;
      await enqueueMessages(
        database.db,
        Array.from({ length: n }, (_, i) => ({
          tenantId,
          template: 'outage_notice' as const,
          recipient: `1390000${String(i).padStart(4, '0')}`,
          params: { org: 't', title: 'x', message: 'y', window: 'z' },
          dedupKey: `kill:${i}`,
          at: new Date(),
        })),
      );
      let kills = 0;
      for (let round = 0; round < 150; round++) {
        // Two workers at a time, each likely to die after a few messages.
        const exits = await Promise.all([0, 1].map(() => runChild({ OUTBOX_DB_URL: scratch.url, SIM_URL: sim.url, KILL_SHARE: '0.4' })));
        kills += exits.filter((e) => e === 'SIGKILL').length;
        if (exits.includes(0)) break;
      }
      const rows = await database.db.selectFrom('outbox_messages').select(['dedup_key', 'status']).execute();
      expect(kills).toBeGreaterThanOrEqual(10);
      expect(rows.filter((r) => r.status === 'sent')).toHaveLength(n); // zero lost
      const outIds = sim.delivered.map((d) => d.outId);
      expect(outIds).toHaveLength(n); // zero duplicated at the household
      expect(new Set(outIds).size).toBe(n);
      // Workers did die with messages in flight; each of those was looked up, not resent.
      expect(sim.queries()).toBeGreaterThan(0);
      console.info(
        `kill test: ${kills} workers killed, ${sim.requests() - sim.queries()} SendSms and ${sim.queries()} QuerySendDetails requests for ${n} messages`,
      );
    } finally {
      await sim.close();
      await database.close();
      await scratch.drop();
    }
  }, 600_000);
});

describe('the SendSms simulator', () => {
  it('like the real SendSms, delivers a repeated out-id again; QuerySendDetails finds a message by phone, day and out-id', async () => {
    const sim = await startSmsSimulator({ accessKeyId: 'k', accessKeySecret: 'secret' });
    const { aliyunSmsChannel } = await import('../../src/notify/sms-aliyun.js');
    const ch = aliyunSmsChannel({ endpoint: sim.url, accessKeyId: 'k', accessKeySecret: 'secret', signName: 's' });
    const msg = { id: '1', dedupKey: 'same', recipient: '13900000000', template: 'resolved', locale: 'zh-CN', params: {}, text: 't' };
    const since = { since: new Date(Date.now() - 60_000), now: new Date() };
    expect(await ch.lookup!(msg, since)).toBeNull();
    const a = await ch.send(msg);
    const b = await ch.send(msg);
    expect(b.providerId).not.toBe(a.providerId);
    expect(sim.delivered).toHaveLength(2);
    expect(await ch.lookup!(msg, since)).toMatchObject({ providerId: expect.stringMatching(/^query:/) });
    expect(await ch.lookup!({ ...msg, dedupKey: 'other' }, since)).toBeNull();
    expect(await ch.lookup!({ ...msg, recipient: '13900000001' }, since)).toBeNull();
    // More than a page of messages to one phone: the lookup pages on.
    for (let i = 0; i < 60; i++) await ch.send({ ...msg, dedupKey: `bulk-${i}` });
    expect(await ch.lookup!({ ...msg, dedupKey: 'bulk-59' }, since)).not.toBeNull();
    expect(await ch.lookup!({ ...msg, dedupKey: 'bulk-0' }, since)).not.toBeNull();
    // A message delivered on an earlier Beijing day is found from the day it was queued.
    sim.delivered.push({
      phone: '13900000002',
      templateCode: 'x',
      params: {},
      outId: 'old',
      bizId: 'b',
      at: new Date(Date.now() - 3 * 86_400_000),
    });
    const old = { ...msg, recipient: '13900000002', dedupKey: 'old' };
    expect(await ch.lookup!(old, { since: new Date(Date.now() - 4 * 86_400_000), now: new Date() })).not.toBeNull();
    expect(await ch.lookup!(old, since)).toBeNull();
    const wrong = aliyunSmsChannel({ endpoint: sim.url, accessKeyId: 'k', accessKeySecret: 'nope', signName: 's' });
    await expect(wrong.send({ ...msg, dedupKey: 'other' })).rejects.toThrow(/SignatureDoesNotMatch/);
    await sim.close();
  });
});
