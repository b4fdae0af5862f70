import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';

type Node = { id: string; kind: string; name: string; children: Node[] };
const flatten = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

describe.each(testDatabaseKinds)('organisation tree and staff on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  it('an administrator sees the whole tree: group → companies → stations → teams', async () => {
    const res = await s.call('GET', '/api/v1/units', await s.tokenFor('admin'));
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    const group = res.body.items[0] as Node;
    expect(group.kind).toBe('group');
    expect(group.children.map((c) => c.name).sort()).toEqual(['东盛公司', '和平公司'].sort());
    expect(flatten([group])).toHaveLength(6);
  });

  it('a station manager sees only their station and below', async () => {
    const res = await s.call('GET', '/api/v1/units', await s.tokenFor('stationManager'));
    const all = flatten(res.body.items);
    expect(all.map((u) => u.id).sort()).toEqual([s.seed.units.station, s.seed.units.team].sort());
  });

  it('a unit must sit at the level below its parent', async () => {
    const admin = await s.tokenFor('admin');
    const ok = await s.call('POST', '/api/v1/units', admin, {
      parentId: s.seed.units.otherStation,
      kind: 'team',
      code: 'ds-1-a',
      name: '东盛维修班',
    });
    expect(ok.status).toBe(201);
    const wrong = await s.call('POST', '/api/v1/units', admin, { parentId: s.seed.units.team, kind: 'team', code: 'x', name: 'x' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('kind');
  });

  it('only an administrator adds units or users, and usernames are unique', async () => {
    const manager = await s.tokenFor('companyManager');
    const denied = await s.call('POST', '/api/v1/units', manager, { parentId: s.seed.units.heping, kind: 'station', code: 'y', name: 'y' });
    expect(denied.status).toBe(403);
    const admin = await s.tokenFor('admin');
    const user = {
      username: s.seed.users.agent.username,
      displayName: 'x',
      password: 'long-enough-1',
      role: 'hotline_agent',
      unitId: s.seed.units.root,
    };
    const dup = await s.call('POST', '/api/v1/users', admin, user);
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('username_taken');
    const badRole = await s.call('POST', '/api/v1/users', admin, { ...user, username: 'fresh', role: 'king' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.message).toContain('role');
  });

  it('the staff list follows scope', async () => {
    const names = async (user: Parameters<TestServer['tokenFor']>[0]) =>
      (await s.call('GET', '/api/v1/users', await s.tokenFor(user))).body.items.map((u: { id: string }) => u.id);
    const station = await names('stationManager');
    expect(station).toContain(s.seed.users.crew.id);
    expect(station).not.toContain(s.seed.users.otherCrew.id);
    expect(await names('supervisor')).toContain(s.seed.users.otherCrew.id);
  });
});
