import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Seed } from '../test/factories.js';
import { quantile, type RunResult } from './load.js';

const run = promisify(execFile);

export const PGBENCH = process.env.PGBENCH ?? '/usr/bin/pgbench';

// The database's own ceiling for the write an intake makes: one order row and its 'created'
// event in one transaction, into the same tables (migrated by Warmline, so the same columns,
// indexes and foreign keys), with nothing else around it.
const SCRIPT = `
BEGIN;
INSERT INTO tickets (tenant_id, id, number, kind, channel, status, category_id, category_code, priority, premise_id,
  address, area_tier, contact_name, contact_phone, description, unit_id, unit_path, first_contact_user_id,
  received_at, created_at, updated_at, respond_by, arrive_by, resolve_by, event_count)
VALUES (:tenant, gen_random_uuid(), 'PB-' || gen_random_uuid(), 'repair', 'hotline', 'new', :category, 'heating-cold', 'normal', :premise,
  '和平区幸福小区3号楼2单元501', 'urban', '王大爷', '13900010001', '暖气不热 pgbench', :unit, :unitpath, :actor,
  now(), now(), now(), now() + interval '10 minutes', now() + interval '45 minutes', now() + interval '1 day', 1)
RETURNING id AS tid \\gset
INSERT INTO ticket_events (tenant_id, ticket_id, seq, type, at, actor_id, note, data, attachments)
VALUES (:tenant, :tid, 1, 'created', now(), :actor, '暖气不热 pgbench', '{"channel":"hotline","unitId":"x"}', '[]');
END;
`;

/** Variables the script needs, read from the seeded organisation. */
export async function pgbenchVariables(db: import('kysely').Kysely<import('../src/db/schema.js').DB>, seed: Seed) {
  const category = await db
    .selectFrom('categories')
    .select('id')
    .where('tenant_id', '=', seed.tenantId)
    .where('code', '=', 'heating-cold')
    .executeTakeFirstOrThrow();
  const unit = await db.selectFrom('units').select(['id', 'path']).where('id', '=', seed.units.station).executeTakeFirstOrThrow();
  return {
    tenant: seed.tenantId,
    category: category.id,
    premise: seed.premises.urban,
    unit: unit.id,
    unitpath: unit.path,
    actor: seed.users.agent.id,
  };
}

/** Runs pgbench with `clients` connections for `seconds`; latencies come from its per-transaction log. */
export async function runPgbench(opts: {
  url: string;
  clients: number;
  seconds: number;
  variables: Record<string, string>;
}): Promise<RunResult & { command: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'warmline-pgbench-'));
  try {
    const script = join(dir, 'intake.sql');
    writeFileSync(script, SCRIPT);
    const args = [
      '-n', // no vacuum of pgbench's own tables: we do not use them
      '-M',
      'prepared',
      '-c',
      String(opts.clients),
      '-j',
      String(Math.min(2, opts.clients)),
      '-T',
      String(opts.seconds),
      '-f',
      script,
      ...Object.entries(opts.variables).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
      '-l',
      `--log-prefix=${join(dir, 'log')}`,
      opts.url,
    ];
    const { stdout } = await run(PGBENCH, args, { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    const latencies: number[] = [];
    for (const f of readdirSync(dir).filter((n) => n.startsWith('log'))) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        const us = line.split(' ')[2];
        if (us) latencies.push(Number(us) / 1000);
      }
    }
    latencies.sort((a, b) => a - b);
    return {
      clients: opts.clients,
      seconds: opts.seconds,
      requests: latencies.length,
      errors: failed,
      rps: tps,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      command: `pgbench -n -M prepared -c ${opts.clients} -j ${Math.min(2, opts.clients)} -T ${opts.seconds} -f intake.sql ${Object.keys(
        opts.variables,
      )
        .map((k) => `-D ${k}=…`)
        .join(' ')} <scratch database>`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const PGBENCH_SCRIPT = SCRIPT.trim();
