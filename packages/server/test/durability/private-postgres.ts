import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server-process.js';

const run = promisify(execFile);

/** Where the PostgreSQL server binaries live (Debian's postgresql-15 package by default). */
export const PG_BIN = process.env.WARMLINE_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export type PrivatePostgres = {
  url: string;
  port: number;
  /** pg_ctl stop: 'fast' disconnects clients cleanly, 'immediate' kills the server as a crash would. */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  log(): string;
  destroy(): Promise<void>;
};

/**
 * A scratch folder the PostgreSQL binaries may write, and a runner for them: initdb refuses to
 * run as root, so as root the folder belongs to and the tools run as the `postgres` OS user.
 */
export async function postgresWorkspace(prefix: string) {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (asRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const exec = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(PG_BIN, tool), ...args]) : run(join(PG_BIN, tool), args);
  return { dir, exec };
}

/**
 * A PostgreSQL cluster of the test's own, on a free port with trust authentication, so the
 * test may stop and start it without disturbing anyone else's database. initdb refuses to
 * run as root, so as root the binaries run as the `postgres` OS user.
 */
export async function startPrivatePostgres(opts: { extraOptions?: string } = {}): Promise<PrivatePostgres> {
  for (const tool of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(join(PG_BIN, tool))) {
      throw new Error(
        `PostgreSQL server binaries not found: ${join(PG_BIN, tool)} is missing. ` +
          'Install the postgresql-15 package or point WARMLINE_PG_BIN at the directory holding initdb, pg_ctl and postgres.',
      );
    }
  }
  const { dir, exec } = await postgresWorkspace('warmline-pg-');

  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const port = await freePort();
  await exec('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=40 -c shared_buffers=32MB ${opts.extraOptions ?? ''}`;
  const start = async () => {
    await exec('pg_ctl', ['-D', data, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
  };
  let running = false;
  await start();
  running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: async () => {
      await start();
      running = true;
    },
    stop: async (mode) => {
      await exec('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
      running = false;
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    destroy: async () => {
      if (running) await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
