// A delivery worker that SIGKILLs itself right after the provider accepted a message and before
// the outbox records it — the worst moment to die. Run by outbox-kill.test.ts, many times over.
// The lease (2 s) exceeds the send timeout (1 s): a message is taken over only when the worker
// that claimed it can no longer be talking to the provider about it.
import { openDatabase } from '../../src/db/database.js';
import { deliverOutbox } from '../../src/notify/deliver-outbox.js';
import { DeliveryPacer } from '../../src/notify/delivery-pacer.js';
import { aliyunSmsChannel } from '../../src/notify/sms-aliyun.js';
import { systemClock } from '../../src/shared/clock.js';

const killShare = Number(process.env.KILL_SHARE ?? '0.3');
const database = await openDatabase({ kind: 'postgres', url: process.env.OUTBOX_DB_URL!, poolSize: 4 });
const channel = aliyunSmsChannel({
  endpoint: process.env.SIM_URL!,
  accessKeyId: 'k',
  accessKeySecret: 'secret',
  signName: '测试',
  ratePerSecond: 10_000,
  timeoutMs: 1000,
});
const pacer = new DeliveryPacer(database.db);
for (;;) {
  await deliverOutbox(database.db, systemClock, { sms: channel }, pacer, {
    batch: 4,
    leaseMs: 2000,
    // The simulator shows a delivered message in QuerySendDetails at once.
    settleMs: 0,
    afterSend: () => {
      if (Math.random() < killShare) process.kill(process.pid, 'SIGKILL');
    },
  });
  const left = await database.db.selectFrom('outbox_messages').select('id').where('status', 'in', ['queued', 'sending']).limit(1).execute();
  if (left.length === 0) break;
  await new Promise((r) => setTimeout(r, 50));
}
await database.close();
process.exit(0);
