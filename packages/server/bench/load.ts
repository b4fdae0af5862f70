import { readFileSync } from 'node:fs';
import pg from 'pg';
import { httpClient, repairBody } from '../test/durability/server-process.js';
import type { Seed } from '../test/factories.js';

export type RunResult = {
  clients: number;
  seconds: number;
  requests: number;
  errors: number;
  firstError?: string;
  rps: number;
  p50: number;
  p99: number;
  /** CPU time of the server process over the run, in percent of one core. */
  serverCpu?: number;
  /** CPU milliseconds per completed request (or transaction) spent by each party. */
  cpuMsPerRequest?: { server?: number; postgres?: number; client?: number };
};

/** The value at quantile q of ascending-sorted numbers. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/** User + system CPU seconds a process has used so far (Linux /proc). */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

/**
 * `clients` closed-loop clients, each filing repair orders one after another with a fresh
 * Idempotency-Key, for `seconds`. Every answer other than 201 counts as an error.
 */
export async function runIntakeLoad(opts: {
  base: string;
  tokens: string[];
  seed: Seed;
  clients: number;
  seconds: number;
  tag: string;
  serverPid?: number;
}): Promise<RunResult> {
  const client = httpClient(opts.base, { sockets: opts.clients, timeoutMs: 30_000 });
  const premises = Object.values(opts.seed.premises);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const cpuBefore = cpuSeconds(opts.serverPid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const endAt = started + opts.seconds * 1000;

  const loop = async (c: number) => {
    const auth = `Bearer ${opts.tokens[c % opts.tokens.length]}`;
    for (let n = 0; performance.now() < endAt; n++) {
      const key = `${opts.tag}-${c}-${n}`;
      const body = repairBody(premises[(c + n) % premises.length]!, key);
      try {
        const res = await client.request('POST', '/api/v1/tickets', body, { authorization: auth, 'idempotency-key': key });
        if (res.status === 201) latencies.push(res.ms);
        else {
          errors++;
          firstError ??= `${res.status} ${JSON.stringify(res.body)}`;
        }
      } catch (e) {
        errors++;
        firstError ??= String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, (_, c) => loop(c)));
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds(opts.serverPid);
  const clientCpu = process.cpuUsage(clientBefore);
  client.close();
  latencies.sort((a, b) => a - b);
  return {
    clients: opts.clients,
    seconds: elapsed,
    requests: latencies.length,
    errors,
    firstError,
    rps: latencies.length / elapsed,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    serverCpu: cpuBefore !== undefined && cpuAfter !== undefined ? ((cpuAfter - cpuBefore) / elapsed) * 100 : undefined,
    cpuMsPerRequest: {
      server: cpuBefore !== undefined && cpuAfter !== undefined ? ((cpuAfter - cpuBefore) * 1000) / latencies.length : undefined,
      client: (clientCpu.user + clientCpu.system) / 1000 / latencies.length,
    },
  };
}

/**
 * CPU seconds spent by the PostgreSQL backends serving one database (the server's pool or
 * pgbench's connections), sampled from /proc every 250 ms while a run is going on.
 */
export function backendCpuTracker(url: string) {
  const admin = new pg.Client({ connectionString: url });
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let timer: NodeJS.Timeout | undefined;
  const sample = async (initial: boolean) => {
    const { rows } = await admin.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    for (const { pid } of rows) {
      const c = cpuSeconds(pid);
      if (c === undefined) continue;
      // A backend that appears during the run started from (nearly) nothing.
      if (!first.has(pid)) first.set(pid, initial ? c : 0);
      last.set(pid, c);
    }
  };
  return {
    async start() {
      await admin.connect();
      await sample(true);
      timer = setInterval(() => void sample(false).catch(() => {}), 250);
    },
    async stop(): Promise<number> {
      clearInterval(timer);
      await sample(false).catch(() => {});
      await admin.end();
      let total = 0;
      for (const [pid, c] of last) total += c - (first.get(pid) ?? 0);
      return total;
    },
  };
}
