import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { testDatabaseKinds } from '../databases.js';
import { PASSWORD, seedOrganisation } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

describe.each(testDatabaseKinds)('sign-in on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  const login = (username: string, password: string, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
    s.call('POST', '/api/v1/auth/login', undefined, { username, password, ...extra }, headers);

  it('after 5 wrong passwords an account answers 429 with Retry-After, even to the right one, until the window ends', async () => {
    const user = s.seed.users.clerk.username;
    for (let i = 0; i < 5; i++) expect((await login(user, `wrong-guess-${i}`)).status).toBe(401);
    const locked = await login(user, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Another account from the same address is not locked by this one.
    expect((await login(s.seed.users.agent.username, PASSWORD)).status).toBe(200);
    s.clock.advance(15);
    expect((await login(user, PASSWORD)).status).toBe(200);
  });

  it('spraying many accounts from one address is stopped after 20 wrong passwords', async () => {
    s.clock.advance(15);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await login(`sprayed-${i}`, 'password123')).status);
    expect(statuses.slice(0, 20).every((x) => x === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    s.clock.advance(15);
  });

  it('weak passwords are refused wherever a password is set, naming the field', async () => {
    const admin = await s.tokenFor('admin');
    const user = (username: string, password: string) =>
      s.call('POST', '/api/v1/users', admin, { username, displayName: 'X', password, role: 'hotline_agent', unitId: s.seed.units.root });
    for (const [name, pw] of [
      ['weak1', 'password'],
      ['weak2', '12345678'],
      ['weak3', '1234567890'],
      ['weak4', 'Password123'],
      ['zhangsan', 'zhangsan2026!'],
      ['weak5', 'aaaaaaaaaaaa'],
    ]) {
      const res = await user(name!, pw!);
      expect(res.status, pw).toBe(400);
      expect(res.body.error.code).toBe('weak_password');
      expect(res.body.error.message).toMatch(/^password: /);
    }
    expect((await user('strong1', 'radiator-valve-73')).status).toBe(201);
    expect(() => loadConfig({ WARMLINE_ADMIN_PASSWORD: 'admin12345' })).toThrow('WARMLINE_ADMIN_PASSWORD');
  });

  it('a password change checks the current one and the policy, then the old one fails and other sessions end', async () => {
    const username = s.seed.users.companyManager.username;
    const a = (await login(username, PASSWORD)).body.token;
    const b = (await login(username, PASSWORD)).body.token;
    const weak = await s.call('POST', '/api/v1/auth/password', a, { currentPassword: PASSWORD, newPassword: 'qwertyuiop' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toMatch(/^newPassword: /);
    const wrong = await s.call('POST', '/api/v1/auth/password', a, { currentPassword: 'not-it-at-all', newPassword: 'heat-exchanger-42' });
    expect(wrong.status).toBe(401);
    const ok = await s.call('POST', '/api/v1/auth/password', a, { currentPassword: PASSWORD, newPassword: 'heat-exchanger-42' });
    expect([200, 204]).toContain(ok.status);
    expect((await login(username, PASSWORD)).status).toBe(401);
    expect((await login(username, 'heat-exchanger-42')).status).toBe(200);
    expect((await s.call('GET', '/api/v1/auth/me', a)).status).toBe(200);
    expect((await s.call('GET', '/api/v1/auth/me', b)).status).toBe(401);
  });

  it('user names are per organisation: another tenant cannot learn them, and sign-in tells same names apart by password or code', async () => {
    s.clock.advance(15);
    const north = await seedOrganisation(s.db, 'north');
    const admins = { heat: await s.tokenFor('admin'), north: (await login(north.users.admin.username, PASSWORD)).body.token as string };
    const add = (tenant: 'heat' | 'north', password: string, units = tenant === 'heat' ? s.seed.units : north.units) =>
      s.call('POST', '/api/v1/users', admins[tenant], {
        username: 'li.ming',
        displayName: '李明',
        password,
        role: 'hotline_agent',
        unitId: units.root,
      });
    expect((await add('heat', 'boiler-room-17')).status).toBe(201);
    // Before: 409 "taken", which told north's administrator that heat has a li.ming.
    expect((await add('north', 'boiler-room-17')).status).toBe(201);
    expect((await add('north', 'boiler-room-17')).body.error.code).toBe('username_taken');

    const tenantOf = async (token: string) => (await s.call('GET', '/api/v1/auth/me', token)).body;
    // Same name and password in both: the code decides, written either way.
    const both = await login('li.ming', 'boiler-room-17');
    expect(both.status).toBe(409);
    expect(both.body.error).toMatchObject({ code: 'tenant_required', message: expect.stringMatching(/^tenant: /) });
    const viaSuffix = await login('li.ming@north', 'boiler-room-17');
    const viaField = await login('li.ming', 'boiler-room-17', {}, { tenant: 'heat' });
    expect([viaSuffix.status, viaField.status]).toEqual([200, 200]);
    expect((await tenantOf(viaSuffix.body.token)).unitId).toBe(north.units.root);
    expect((await tenantOf(viaField.body.token)).unitId).toBe(s.seed.units.root);
    expect((await login('li.ming@nowhere', 'boiler-room-17')).status).toBe(401);

    // Different passwords: the bare name finds the one whose password matches.
    const mine = await s.call('POST', '/api/v1/auth/password', viaSuffix.body.token, {
      currentPassword: 'boiler-room-17',
      newPassword: 'substation-north-9',
    });
    expect([200, 204]).toContain(mine.status);
    expect((await tenantOf((await login('li.ming', 'substation-north-9')).body.token)).unitId).toBe(north.units.root);
    expect((await tenantOf((await login('li.ming', 'boiler-room-17')).body.token)).unitId).toBe(s.seed.units.root);
    expect((await login('li.ming', 'wrong-for-both-1')).status).toBe(401);
  });

  it('sessions are cached for 5 s: ended here they fail at once, ended by another process within 5 s', async () => {
    const me = async (token: string) => (await s.call('GET', '/api/v1/auth/me', token)).status;
    const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
    const here = (await login(s.seed.users.stationManager.username, PASSWORD)).body.token as string;
    expect(await me(here)).toBe(200);
    expect((await s.call('POST', '/api/v1/auth/logout', here)).status).toBe(204);
    expect(await me(here)).toBe(401);

    const there = (await login(s.seed.users.stationManager.username, PASSWORD)).body.token as string;
    expect(await me(there)).toBe(200);
    // Another API process ends the session: this one still holds it in its cache …
    await s.db.updateTable('sessions').set({ revoked_at: new Date() }).where('token_hash', '=', hashOf(there)).execute();
    expect(await me(there)).toBe(200);
    // … for at most 5 s.
    const now = performance.now();
    vi.spyOn(performance, 'now').mockReturnValue(now + 5_001);
    try {
      expect(await me(there)).toBe(401);
    } finally {
      vi.restoreAllMocks();
    }
  });

  describe('the console session cookie', () => {
    const cookieLogin = async () => {
      const res = await login(s.seed.users.dispatcher.username, PASSWORD, {}, { session: 'cookie' });
      expect(res.status).toBe(200);
      const cookies = res.headers.getSetCookie();
      const session = cookies.find((c) => c.startsWith('wl_session='))!;
      const csrf = cookies.find((c) => c.startsWith('wl_csrf='))!;
      return { session, csrf, jar: [session, csrf].map((c) => c.split(';')[0]).join('; '), csrfToken: csrf.split(';')[0]!.split('=')[1]! };
    };

    it('is HttpOnly and SameSite=Strict; the CSRF token cookie is readable', async () => {
      const { session, csrf } = await cookieLogin();
      expect(session).toMatch(/HttpOnly/);
      expect(session).toMatch(/SameSite=Strict/);
      expect(session).toMatch(/Path=\//);
      expect(csrf).not.toMatch(/HttpOnly/);
      expect(csrf).toMatch(/SameSite=Strict/);
    });

    it('reads with the cookie alone, but a change needs the matching X-CSRF-Token header', async () => {
      const { jar, csrfToken } = await cookieLogin();
      expect((await s.call('GET', '/api/v1/auth/me', undefined, undefined, { cookie: jar })).body.role).toBe('dispatcher');
      const body = { name: 'Forged' };
      const forged = await s.call('POST', '/api/v1/open311/clients', undefined, body, { cookie: jar });
      expect(forged.status).toBe(403);
      expect(forged.body.error.code).toBe('csrf_failed');
      const wrong = await s.call('POST', '/api/v1/auth/logout', undefined, undefined, { cookie: jar, 'x-csrf-token': `${csrfToken}x` });
      expect(wrong.status).toBe(403);
      const out = await s.call('POST', '/api/v1/auth/logout', undefined, undefined, { cookie: jar, 'x-csrf-token': csrfToken });
      expect(out.status).toBe(204);
      expect(out.headers.getSetCookie().some((c) => /^wl_session=;/.test(c))).toBe(true);
      expect((await s.call('GET', '/api/v1/auth/me', undefined, undefined, { cookie: jar })).status).toBe(401);
    });

    it('API clients with a Bearer token need no CSRF token and get no cookie', async () => {
      const res = await login(s.seed.users.dispatcher.username, PASSWORD);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect((await s.call('POST', '/api/v1/auth/logout', res.body.token)).status).toBe(204);
    });
  });
});
