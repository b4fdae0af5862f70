import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { reportForm } from '../portal/portal-fixtures.js';
import { startTestServer, type TestServer } from '../test-server.js';

const PUBLIC_URL = 'https://warmline.example.cn';

/** The headers every answer carries: a policy, no framing, no sniffing, no referrer. */
function expectProtected(h: Headers, what: string) {
  expect(h.get('content-security-policy'), what).toMatch(/frame-ancestors 'none'/);
  expect(h.get('x-frame-options'), what).toBe('DENY');
  expect(h.get('x-content-type-options'), what).toBe('nosniff');
  expect(h.get('referrer-policy'), what).toBe('no-referrer');
}

describe.each(testDatabaseKinds)('security headers and public addresses on %s', (kind) => {
  let s: TestServer;
  const dist = mkdtempSync(join(tmpdir(), 'warmline-dist-'));
  beforeAll(async () => {
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    s = await startTestServer(kind, { publicUrl: PUBLIC_URL, webDist: dist });
  });
  afterAll(async () => {
    await s.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('the API, its errors, the console, the status page, the portal and Open311 all send the headers', async () => {
    const token = await s.tokenFor('agent');
    const answers: Array<[string, Response]> = [
      ['api', await fetch(`${s.base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })],
      ['api error', await fetch(`${s.base}/api/v1/tickets/not-an-id`, { headers: { authorization: `Bearer ${token}` } })],
      ['unauthenticated', await fetch(`${s.base}/api/v1/tickets`)],
      ['console', await fetch(`${s.base}/board`)],
      ['status page', await fetch(`${s.base}/status/heat`)],
      ['status json', await fetch(`${s.base}/status/heat/notices.json`)],
      ['portal', await fetch(`${s.base}/portal`)],
      ['open311', await fetch(`${s.base}/open311/v2/services.json`)],
    ];
    for (const [what, res] of answers) {
      await res.arrayBuffer();
      expectProtected(res.headers, what);
    }
    const consoleCsp = answers[3]![1].headers.get('content-security-policy')!;
    expect(consoleCsp).toContain("script-src 'self'");
    expect(consoleCsp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(answers[0]![1].headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('Open311 discovery names the configured public address, whatever Host the client sends', async () => {
    const res = await fetch(`${s.base}/open311/v2/discovery.json`, { headers: { host: 'attacker.example' } });
    const body = (await res.json()) as { endpoints: Array<{ url: string }> };
    expect(body.endpoints[0]!.url).toBe(`${PUBLIC_URL}/open311/v2`);
    expect(JSON.stringify(body)).not.toContain('attacker.example');
  });

  it("the portal never puts a resident's tracking code in a URL", async () => {
    const filed = await fetch(`${s.base}/portal/report`, {
      method: 'POST',
      redirect: 'manual',
      body: reportForm({
        category: 'heating-cold',
        premiseId: s.seed.premises.urban,
        address: '和平区幸福小区3号楼2单元501',
        description: '暖气不热，室温只有14度',
        phone: '13800009999',
      }),
    });
    expect(filed.status).toBe(303);
    const cookie = filed.headers.get('set-cookie') ?? '';
    const code = /wl_track=([0-9A-Z]{16})/.exec(cookie)?.[1];
    expect(code).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const location = filed.headers.get('location')!;
    expect(location).not.toContain(code);
    const page = await (await fetch(s.base + location, { headers: { cookie: `wl_track=${code}` } })).text();
    // Shown to the resident to write down, but no link or form carries it.
    expect(page).not.toMatch(new RegExp(`(href|action|src)="[^"]*${code!.slice(0, 4)}-?${code!.slice(4, 8)}`));
  });
});
