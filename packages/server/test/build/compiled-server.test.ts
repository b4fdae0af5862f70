import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWebDist } from '../../src/web/web-app.js';
import { freePort, httpClient, SERVER_DIR, type ServerProcess, startServerProcess } from '../durability/server-process.js';

// `npm start` runs `node dist/main.js`, built by scripts/build.mjs. Whatever the sources read
// relative to their own file (the portal's assets, the console's dist) must be found from the
// compiled tree too, and the compiled migrations must build an empty database.
describe('the compiled server that npm start runs', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warmline-compiled-'));
  let server: ServerProcess;
  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: SERVER_DIR, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const env = { WARMLINE_DATA_DIR: join(dataDir, 'data'), WARMLINE_ADMIN_PASSWORD: 'compiled-build-check-7' };
    server = await startServerProcess({ port: await freePort(), env, compiled: true, readyTimeoutMs: 150_000 });
  }, 180_000);
  afterAll(async () => {
    await server?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts without a TypeScript loader and answers /healthz', async () => {
    expect(server.child.spawnargs.join(' ')).not.toContain('tsx');
    const client = httpClient(server.base);
    const health = await client.request('GET', '/healthz');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', database: 'pglite' } });
    const token = await client.login('admin', 'compiled-build-check-7');
    const catalog = await client.request('GET', '/api/v1/catalog', undefined, { authorization: `Bearer ${token}` });
    expect(catalog.status).toBe(200);
  });

  it("serves the portal's script and style sheet copied beside the compiled code", async () => {
    const client = httpClient(server.base);
    const css = await client.request('GET', '/portal/assets/portal.css');
    expect(css.status).toBe(200);
    expect(css.body).toBe(readFileSync(join(SERVER_DIR, 'src/portal/assets/portal.css'), 'utf8'));
  });

  it("looks for the console's build where the sources do", async () => {
    const compiled = await import(pathToFileURL(join(SERVER_DIR, 'dist/web/web-app.js')).href);
    expect(compiled.defaultWebDist).toBe(defaultWebDist);
  });
});
