import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/databases.js';
import { buildServer } from '../server.js';
import { manualClock } from '../shared/clock.js';
import { serveWebApp } from './web-app.js';

async function serve(dist: string) {
  const database = await openTestDatabase('pglite');
  const app = await buildServer(
    { db: database.db, dbKind: 'pglite', clock: manualClock('2026-11-21T02:00:00Z'), sessionHours: 12 },
    { logger: false },
  );
  serveWebApp(app, dist);
  await app.ready();
  return {
    app,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

describe('the console is served at /', () => {
  const dist = mkdtempSync(join(tmpdir(), 'warmline-dist-'));
  let s: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
    s = await serve(dist);
  });
  afterAll(async () => {
    await s.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / and for client routes (SPA fallback)', async () => {
    for (const url of ['/', '/board', '/tickets/0b0c3c1e-1111-4111-8111-111111111111']) {
      const res = await s.app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets with a long cache and their own type', async () => {
    const res = await s.app.inject({ url: '/assets/app-1234.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/javascript');
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('answers a missing asset with 404, not with the page', async () => {
    expect((await s.app.inject({ url: '/assets/gone-9999.js' })).statusCode).toBe(404);
  });

  it('keeps unknown API and Open311 paths JSON errors, never the page', async () => {
    const api = await s.app.inject({ url: '/api/v1/nothing-here' });
    expect(api.statusCode).toBe(401); // the API asks for a session before it looks for a route
    expect(api.json().error.code).toBe('unauthorized');
    const open311 = await s.app.inject({ url: '/open311/v2/nothing-here.json' });
    expect(open311.statusCode).toBe(404);
    expect(open311.body).not.toContain('<div id="root">');
  });

  it('never serves a file outside the build folder', async () => {
    const res = await s.app.inject({ url: '/..%2f..%2fetc%2fpasswd' });
    expect(res.body).not.toContain('root:');
  });
});

describe('without a build', () => {
  it('says how to build the console', async () => {
    const s = await serve(join(tmpdir(), 'warmline-no-such-dist'));
    const res = await s.app.inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build -w @warmline/web');
    await s.close();
  });
});
