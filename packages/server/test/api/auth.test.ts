import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { PASSWORD } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

describe.each(testDatabaseKinds)('sign-in and sessions on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  const login = (username: string, password: string) => s.call('POST', '/api/v1/auth/login', undefined, { username, password });

  it('a wrong password, or an unknown user, is a 401 with the same message', async () => {
    const wrong = await login(s.seed.users.agent.username, 'nope-nope');
    const unknown = await login('nobody', PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('the API refuses calls without a valid token', async () => {
    expect((await s.call('GET', '/api/v1/tickets')).status).toBe(401);
    const bad = await s.call('GET', '/api/v1/tickets', 'not-a-token');
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('unauthorized');
  });

  it('logout ends that session only', async () => {
    const a = (await login(s.seed.users.dispatcher.username, PASSWORD)).body.token;
    const b = (await login(s.seed.users.dispatcher.username, PASSWORD)).body.token;
    expect((await s.call('POST', '/api/v1/auth/logout', a)).status).toBe(204);
    expect((await s.call('GET', '/api/v1/auth/me', a)).status).toBe(401);
    expect((await s.call('GET', '/api/v1/auth/me', b)).status).toBe(200);
  });

  it('disabling a user ends every session and refuses new sign-ins', async () => {
    const crewToken = (await login(s.seed.users.otherCrew.username, PASSWORD)).body.token;
    expect((await s.call('GET', '/api/v1/auth/me', crewToken)).body.role).toBe('field_crew');
    const admin = await s.tokenFor('admin');
    expect((await s.call('POST', `/api/v1/users/${s.seed.users.otherCrew.id}/disable`, admin)).status).toBe(204);
    expect((await s.call('GET', '/api/v1/auth/me', crewToken)).status).toBe(401);
    expect((await login(s.seed.users.otherCrew.username, PASSWORD)).status).toBe(401);
  });

  it('only an administrator disables users', async () => {
    const manager = await s.tokenFor('stationManager');
    const res = await s.call('POST', `/api/v1/users/${s.seed.users.crew.id}/disable`, manager);
    expect(res.status).toBe(403);
  });

  it('passwords are stored as argon2id hashes', async () => {
    const row = await s.db.selectFrom('users').select('password_hash').where('id', '=', s.seed.users.agent.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('the OpenAPI document lists every /api/v1 route', async () => {
    const res = await s.call('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/tickets',
      '/api/v1/tickets/{id}',
      '/api/v1/tickets/{id}/actions',
      '/api/v1/units',
      '/api/v1/catalog',
      '/api/v1/kpi/summary',
    ]) {
      expect(Object.keys(res.body.paths), path).toContain(path);
    }
  });

  it('GET /healthz names the database', async () => {
    const res = await s.call('GET', '/healthz');
    expect(res.body).toEqual({ status: 'ok', database: kind });
  });
});
