import type { Kysely } from 'kysely';
import type { NotifyConfig } from '../config.js';
import type { DB } from '../db/schema.js';
import { foldKpiRollups } from '../kpi/fold-rollups.js';
import { refreshScoreboards } from '../kpi/scoreboard.js';
import { noticeJobs } from '../notices/resolve-linked.job.js';
import type { Channels } from '../notify/deliver-outbox.js';
import { smtpEmailChannel } from '../notify/email-smtp.js';
import { aliyunSmsChannel } from '../notify/sms-aliyun.js';
import { httpSmsChannel } from '../notify/sms-http.js';
import { startSmsSimulator } from '../notify/sms-simulator.js';
import type { Clock } from '../shared/clock.js';
import { startWorker } from './worker.js';

/** Every job definition the worker runs. */
export const ALL_JOBS = [...noticeJobs];

/**
 * Starts the background worker of a `WARMLINE_ROLE=all|worker` process with the configured
 * channels. With the default SMS provider "simulator", a local SendSms simulator is started on
 * loopback so a fresh install (and the demo) delivers end to end without a provider account.
 */
export async function startBackground(o: {
  db: Kysely<DB>;
  clock: Clock;
  notify: NotifyConfig;
  log: { info(m: string): void; error(obj: unknown, msg?: string): void };
}) {
  const channels: Channels = {};
  let simulator: Awaited<ReturnType<typeof startSmsSimulator>> | null = null;
  const sms = o.notify.sms;
  if (sms.provider === 'simulator') {
    simulator = await startSmsSimulator({ accessKeyId: 'local', accessKeySecret: 'local-secret' });
    channels.sms = aliyunSmsChannel({
      endpoint: simulator.url,
      accessKeyId: 'local',
      accessKeySecret: 'local-secret',
      signName: sms.signName,
      ratePerSecond: sms.rate,
    });
    o.log.info(`SMS goes to the local SendSms simulator at ${simulator.url}`);
  } else if (sms.provider === 'aliyun') {
    channels.sms = aliyunSmsChannel({
      endpoint: sms.url,
      accessKeyId: sms.accessKeyId,
      accessKeySecret: sms.accessKeySecret,
      signName: sms.signName,
      ratePerSecond: sms.rate,
    });
  } else if (sms.provider === 'http') {
    channels.sms = httpSmsChannel({ url: sms.url, token: sms.token, ratePerSecond: sms.rate });
  }
  if (o.notify.smtp) channels.email = smtpEmailChannel({ url: o.notify.smtp.url, from: o.notify.smtp.from });
  // The indicator rollups follow order changes in their own loop (kpi/ reads tickets, never writes them);
  // the public scoreboard's monthly snapshots are refreshed from them every hour.
  const passes = { kpi: () => foldKpiRollups(o.db), scoreboard: () => refreshScoreboards(o.db, o.clock) };
  const worker = startWorker({ db: o.db, clock: o.clock, jobs: ALL_JOBS, channels, log: o.log, passes });
  return {
    async stop() {
      await worker.stop();
      await simulator?.close();
    },
  };
}
