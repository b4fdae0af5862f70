import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type PrivatePostgres, startPrivatePostgres } from '../durability/private-postgres.js';
import {
  freePort,
  httpClient,
  type PreparedDatabase,
  prepareDatabase,
  repairBody,
  type ServerProcess,
  startServerProcess,
} from '../durability/server-process.js';
import { PASSWORD } from '../factories.js';

const run = promisify(execFile);

// Attachments are stored in PostgreSQL. Their table is moved onto a tablespace on a real 1 MB
// tmpfs (mounted by the test, which needs root), so the disk that fills is the attachments'
// own; uploads past it must be a clear 507 with nothing half-written, while orders go on.

describe.runIf(Boolean(process.env.DATABASE_URL))('the attachments storage full (runs when DATABASE_URL is set)', () => {
  let pg: PrivatePostgres | undefined;
  let prepared: PreparedDatabase | undefined;
  let server: ServerProcess | undefined;
  const mountDir = mkdtempSync(join(tmpdir(), 'warmline-tiny-'));
  let mounted = false;
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await pg?.destroy();
    if (mounted) await run('umount', [mountDir]).catch(() => {});
    rmSync(mountDir, { recursive: true, force: true });
  });

  it('answers 507 storage_full when the disk is full, stores no part of the file, and still files orders', async () => {
    if (process.getuid?.() !== 0) throw new Error('this test mounts a 1 MB tmpfs and must run as root');
    const uid = (await run('id', ['-u', 'postgres'])).stdout.trim();
    const gid = (await run('id', ['-g', 'postgres'])).stdout.trim();
    await run('mount', ['-t', 'tmpfs', '-o', `size=1m,uid=${uid},gid=${gid},mode=0700`, 'tmpfs', mountDir]);
    mounted = true;
    pg = await startPrivatePostgres();
    prepared = await prepareDatabase('postgres', { url: pg.url });
    const admin = await prepared.open();
    try {
      await sql.raw(`CREATE TABLESPACE tiny LOCATION '${mountDir}'`).execute(admin.db);
      await sql`ALTER TABLE attachments SET TABLESPACE tiny`.execute(admin.db);
    } finally {
      await admin.close();
    }
    server = await startServerProcess({ port: await freePort(), env: prepared.env });
    const client = httpClient(server.base);
    const crew = await client.login(prepared.seed.users.crew.username, PASSWORD);
    const agent = await client.login(prepared.seed.users.agent.username, PASSWORD);

    // Scanned pages of 300 kB that do not compress: the fourth cannot fit on 1 MB.
    const statuses: Array<{ status: number; code?: string }> = [];
    for (let i = 0; i < 6; i++) {
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(300 * 1024)]);
      const res = await fetch(`${server.base}/api/v1/attachments?name=scan-${i}.pdf`, {
        method: 'POST',
        headers: { authorization: `Bearer ${crew}`, 'content-type': 'application/pdf' },
        body: new Uint8Array(pdf),
      });
      const body = (await res.json()) as { error?: { code: string } };
      statuses.push({ status: res.status, code: body.error?.code });
    }
    const stored = statuses.filter((s) => s.status === 201).length;
    const full = statuses.filter((s) => s.status !== 201);
    expect(stored).toBeGreaterThan(0);
    expect(full.length).toBeGreaterThan(0);
    expect(full).toEqual(full.map(() => ({ status: 507, code: 'storage_full' })));

    const database = await prepared.open();
    try {
      const rows = await sql<{ n: number; complete: number }>`
        SELECT count(*)::int AS n, count(*) FILTER (WHERE length(content) = size_bytes)::int AS complete FROM attachments`.execute(
        database.db,
      );
      // Exactly the acknowledged files, each whole.
      expect(rows.rows[0]).toEqual({ n: stored, complete: stored });
    } finally {
      await database.close();
    }
    // Orders live on the main disk and go on being filed.
    const order = await client.request('POST', '/api/v1/tickets', repairBody(prepared.seed.premises.urban, 'after-full'), {
      authorization: `Bearer ${agent}`,
    });
    expect(order.status).toBe(201);
    client.close();
    console.info(`[disk full] 1 MB attachments tablespace: ${stored} files of 300 kB stored, then ${full.length} × 507 storage_full`);
  }, 120_000);
});
