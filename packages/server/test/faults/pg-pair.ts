import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { postgresWorkspace } from '../durability/private-postgres.js';
import { freePort } from '../durability/server-process.js';

const _run = promisify(execFile);

/**
 * A primary with one synchronous standby, both clusters of our own on free ports (as the
 * `postgres` OS user when run as root, since initdb refuses root). A commit returns only once
 * the standby has it (synchronous_commit on, one standby required), so a promoted standby holds
 * every acknowledged order.
 */
export async function startPrimaryWithStandby() {
  const { dir, exec } = await postgresWorkspace('warmline-pgpair-');
  const node = async (name: string) => ({ name, data: join(dir, name), log: join(dir, `${name}.log`), port: await freePort() });
  const primary = await node('primary');
  const standby = await node('standby');
  const options = (port: number) =>
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=32MB -c wal_level=replica ` +
    `-c max_wal_senders=4 -c hot_standby=on -c synchronous_commit=on`;
  const start = (n: typeof primary) => exec('pg_ctl', ['-D', n.data, '-l', n.log, '-o', options(n.port), '-w', '-t', '60', 'start']);
  const psql = (n: typeof primary, sql: string) => exec('psql', ['-h', '127.0.0.1', '-p', String(n.port), '-U', 'postgres', '-Atc', sql]);

  await exec('initdb', ['-D', primary.data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  await start(primary);
  // -R writes standby.signal and primary_conninfo; -X stream brings the WAL written meanwhile.
  await exec('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', standby.data, '-R', '-X', 'stream']);
  await start(standby);
  await psql(primary, "ALTER SYSTEM SET synchronous_standby_names = '*'");
  await psql(primary, 'SELECT pg_reload_conf()');
  for (let i = 0; i < 100; i++) {
    const r = await psql(primary, "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'");
    if (r.stdout.trim() === '1') break;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  const url = (n: typeof primary) => `postgres://postgres@127.0.0.1:${n.port}/postgres`;
  let running = { primary: true, standby: true };
  return {
    primaryUrl: url(primary),
    standbyUrl: url(standby),
    /** Both hosts, primary first, as an operator writes it. */
    multiHostUrl: `postgres://postgres@127.0.0.1:${primary.port},127.0.0.1:${standby.port}/postgres?target_session_attrs=read-write`,
    syncState: async () => (await psql(primary, 'SELECT sync_state FROM pg_stat_replication')).stdout.trim(),
    /** The primary dies as in a crash: no checkpoint, connections dropped. */
    killPrimary: async () => {
      await exec('pg_ctl', ['-D', primary.data, '-m', 'immediate', '-w', 'stop']);
      running = { ...running, primary: false };
    },
    promoteStandby: () => exec('pg_ctl', ['-D', standby.data, '-w', 'promote']),
    destroy: async () => {
      for (const n of [primary, standby])
        if (running[n.name as 'primary' | 'standby']) await exec('pg_ctl', ['-D', n.data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
