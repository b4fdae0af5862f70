import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, type DatabaseTarget, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createScratchPostgres } from '../databases.js';
import { type Seed, seedOrganisation } from '../factories.js';

// Helpers that run Warmline the way an operator does: `src/main.ts` (or the compiled
// `dist/main.js` that `npm start` runs) in a process of its own, which can be killed, restarted
// and measured from outside. Shared by the durability tests
// and the intake benchmark.

export const SERVER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A TCP port that was free a moment ago (the server cannot listen on port 0 and report it). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

/** A database prepared for a server process: migrated, seeded, closed again so the server can own it. */
export type PreparedDatabase = {
  kind: 'pglite' | 'postgres';
  seed: Seed;
  /** Environment that points the server at this database. */
  env: Record<string, string>;
  target: DatabaseTarget;
  /** Opens the database directly (for PGlite only while no server holds the data dir). */
  open(): Promise<Database>;
  remove(): Promise<void>;
};

/**
 * A fresh database with the test organisation: a temporary PGlite data dir, or a scratch
 * database next to DATABASE_URL's.
 */
export async function prepareDatabase(
  kind: 'pglite' | 'postgres',
  opts: { url?: string; poolSize?: number } = {},
): Promise<PreparedDatabase> {
  let target: DatabaseTarget;
  let env: Record<string, string>;
  let removeStore: () => Promise<void>;
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'warmline-pglite-'));
    target = { kind: 'pglite', dataDir: join(dir, 'data') };
    env = { WARMLINE_DATA_DIR: target.dataDir };
    removeStore = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const scratch = opts.url ? { url: opts.url, drop: async () => {} } : await createScratchPostgres();
    target = { kind: 'postgres', url: scratch.url, poolSize: 4 };
    env = { DATABASE_URL: scratch.url, ...(opts.poolSize && { WARMLINE_DB_POOL_SIZE: String(opts.poolSize) }) };
    removeStore = scratch.drop;
  }
  const database = await openDatabase(target);
  let seed: Seed;
  try {
    await migrateToLatest(database.db);
    seed = await seedOrganisation(database.db);
  } finally {
    await database.close();
  }
  return { kind, seed, env, target, open: () => openDatabase(target), remove: removeStore };
}

export type ServerProcess = {
  base: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr (last 64 kB). */
  output(): string;
  /** Sends a signal and waits until the process has gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  exited: Promise<number | null>;
};

// Variables that would point the child elsewhere than the caller asked.
const INHERITED_BUT_NOT_WANTED = [
  'DATABASE_URL',
  'WARMLINE_DATA_DIR',
  'WARMLINE_DEMO',
  'PORT',
  'HOST',
  'WARMLINE_DB_POOL_SIZE',
  'NODE_OPTIONS',
];

/**
 * Starts `node --import tsx src/main.ts` (or, with `compiled`, `node dist/main.js` as built by
 * `npm run build -w @warmline/server`) on the given port and waits until /healthz answers 200.
 * Fails with the server's own output when it exits or does not become ready in time.
 */
export async function startServerProcess(opts: {
  port: number;
  env: Record<string, string>;
  readyTimeoutMs?: number;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Another checkout's packages/server, to compare versions. */
  cwd?: string;
  /** Run the compiled output in dist/ instead of the TypeScript sources. */
  compiled?: boolean;
}): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of INHERITED_BUT_NOT_WANTED) delete env[k];
  Object.assign(env, { HOST: '127.0.0.1', LOG_LEVEL: 'warn', TZ: 'UTC', NODE_NO_WARNINGS: '1' }, opts.env, { PORT: String(opts.port) });

  const entry = opts.compiled ? ['--enable-source-maps', 'dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...entry], {
    cwd: opts.cwd ?? SERVER_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (b: Buffer) => {
    out = (out + b.toString()).slice(-65_536);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((ok) => child.once('exit', (code, signal) => ok(code ?? (signal ? -1 : null))));
  let gone = false;
  void exited.then(() => (gone = true));

  const base = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (gone) throw new Error(`server exited before it was ready:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after ${opts.readyTimeoutMs ?? 30_000} ms:\n${out}`);
    }
    if ((await probe(`${base}/healthz`)) === 200) break;
    await sleep(50);
  }
  return {
    base,
    port: opts.port,
    child,
    output: () => out,
    exited,
    kill: async (signal = 'SIGKILL') => {
      if (!gone) child.kill(signal);
      await exited;
    },
  };
}

function probe(url: string): Promise<number> {
  return new Promise((ok) => {
    const req = http.get(url, { agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => ok(0));
  });
}

export const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

export type HttpResult = { status: number; body: any; headers: http.IncomingHttpHeaders; ms: number };

/**
 * A small JSON client over keep-alive sockets. Network errors reject (status 0 is never
 * invented), so callers see exactly what the server did or did not answer.
 */
export function httpClient(base: string, opts: { sockets?: number; timeoutMs?: number } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.sockets ?? 64 });
  const url = new URL(base);
  function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const started = performance.now();
    return new Promise((ok, fail) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          agent,
          timeout: opts.timeoutMs ?? 30_000,
          headers: { ...(payload && { 'content-type': 'application/json', 'content-length': String(payload.length) }), ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let parsed: unknown = null;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              parsed = text;
            }
            ok({ status: res.statusCode ?? 0, body: parsed, headers: res.headers, ms: performance.now() - started });
          });
          res.on('error', fail);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs ?? 30_000} ms`)));
      req.on('error', fail);
      req.end(payload);
    });
  }
  return {
    request,
    async login(username: string, password: string): Promise<string> {
      const res = await request('POST', '/api/v1/auth/login', { username, password });
      if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    close: () => agent.destroy(),
  };
}

/** A repair request for a seeded premise, tagged so a test can find its orders again. */
export function repairBody(premiseId: string, tag: string) {
  return {
    kind: 'repair',
    channel: 'hotline',
    categoryCode: 'heating-cold',
    description: `暖气不热 ${tag}`,
    premiseId,
    contact: { name: '王大爷', phone: '13900010001' },
  };
}
