import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../src/shared/xlsx.js';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';

type Item = { id: string; number: string; status: string; channel: string; late: boolean; deadlines: { resolveBy: string | null } };
type Page = { items: Item[]; nextCursor: string | null };
type User = Parameters<TestServer['tokenFor']>[0];

describe.each(testDatabaseKinds)('finding any order on %s', (kind) => {
  let s: TestServer;
  // a: station order, closed; b: station order, open, late; c: the other company's order; d: escalated consultation.
  const o: Record<'a' | 'b' | 'c' | 'd', Item> = {} as never;

  const call = async (method: string, path: string, user: User, body?: unknown) => s.call(method, path, await s.tokenFor(user), body);
  const act = async (id: string, user: User, body: Record<string, unknown>) => {
    const res = await call('POST', `/api/v1/tickets/${id}/actions`, user, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const search = async (query: string, user: User = 'supervisor'): Promise<Page> => {
    const res = await call('GET', `/api/v1/tickets?${query}`, user);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const found = async (q: string, user: User = 'supervisor', extra = '') =>
    (await search(`q=${encodeURIComponent(q)}${extra}`, user)).items.map((i) => i.number).sort();

  beforeAll(async () => {
    s = await startTestServer(kind, { start: '2026-11-10T01:00:00Z' });
    const create = async (body: Record<string, unknown>) => {
      s.clock.advance(1);
      const res = await call('POST', '/api/v1/tickets', 'agent', {
        kind: 'repair',
        channel: 'hotline',
        categoryCode: 'heating-cold',
        premiseId: s.seed.premises.urban,
        ...body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body as Item;
    };
    o.a = await create({ description: '卧室暖气片冰凉，老人怕冷', contact: { name: '王大爷', phone: '139-0000 0001' } });
    o.b = await create({ description: '阀门漏水 100%_safe', contact: { name: '李阿姨', phone: '+86 138 0000 0002' } });
    o.c = await create({
      description: '暖气片不热',
      premiseId: s.seed.premises.otherCompany,
      contact: { name: '赵', phone: '0467-2345678' },
    });
    o.d = await create({
      kind: 'consultation',
      categoryCode: 'consultation',
      channel: 'escalated',
      source: { body: '12345', reference: 'SH-1' },
      description: 'Asks about the HEATING fee',
      contact: { name: 'Zhou', phone: '13700000004' },
    });
    // a goes round the whole loop and is closed; b's clocks run out.
    await act(o.a.id, 'dispatcher', { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id });
    await act(o.a.id, 'crew', { action: 'take' });
    await act(o.a.id, 'crew', { action: 'resolve', note: '排气后恢复' });
    await act(o.a.id, 'agent', { action: 'callback', satisfaction: 5 });
    s.clock.advance(3 * 24 * 60);
  });
  afterAll(() => s?.close());

  it('finds a closed order by a two-character Chinese fragment of its description', async () => {
    expect((await search(`q=${encodeURIComponent('冰凉')}`)).items.map((i) => [i.number, i.status])).toEqual([[o.a.number, 'closed']]);
    expect(await found('暖气片')).toEqual([o.a.number, o.c.number].sort());
  });

  it('finds by an address fragment, and by a fragment in another letter case', async () => {
    expect(await found('幸福小区')).toEqual([o.a.number, o.b.number, o.d.number].sort());
    expect(await found('明珠')).toEqual([o.c.number]);
    expect(await found('heating')).toEqual([o.d.number]);
  });

  it('does not match a fragment whose characters are there but not in that order', async () => {
    // Every bigram of 小区幸福 except 区幸 is in the address; and 片暖 appears in none.
    expect(await found('小区幸福')).toEqual([]);
    expect(await found('片暖')).toEqual([]);
  });

  it('pages through a fragment search exactly once, newest first, whether a page comes from the newest orders or from the index', async () => {
    // With one order a page, the first pages have more matches than the page holds among the newest
    // orders; the last has a single match left, and the bigram index answers it.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await search(`q=${encodeURIComponent('幸福')}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.number));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([o.d.number, o.b.number, o.a.number]);
  });

  it('takes % and _ literally', async () => {
    expect(await found('0%_')).toEqual([o.b.number]);
    expect(await found('%%')).toEqual([]);
  });

  it('finds by order number, whatever its letter case', async () => {
    expect(await found(o.b.number)).toEqual([o.b.number]);
    expect(await found(o.b.number.toLowerCase())).toEqual([o.b.number]);
  });

  it('finds by phone with dashes, spaces and +86 / 0086 prefixes ignored', async () => {
    for (const q of ['13900000001', '139 0000 0001', '+86 139-0000-0001', '0086 13900000001', '8613900000001']) {
      expect(await found(q), q).toEqual([o.a.number]);
    }
    expect(await found('13800000002')).toEqual([o.b.number]);
    // A landline written internationally drops its trunk 0.
    expect(await found('+86 467 2345678')).toEqual([o.c.number]);
    expect(await found('04672345678')).toEqual([o.c.number]);
  });

  it('keeps each user to their own part of the organisation', async () => {
    // The other company's crew finds none of the first company's orders, by any kind of term.
    for (const q of [o.a.number, '13900000001', '冰凉', '幸福小区']) expect(await found(q, 'otherCrew'), q).toEqual([]);
    // The first company's station manager does not find the other company's order; the crew finds only what is theirs.
    expect(await found('暖气片', 'stationManager')).toEqual([o.a.number]);
    expect(await found('暖气片', 'crew')).toEqual([o.a.number]);
    expect(await found(o.c.number, 'stationManager')).toEqual([]);
    // The hotline at the group sees the whole tenant.
    expect(await found('暖气片', 'agent')).toEqual([o.a.number, o.c.number].sort());
  });

  it('combines the term with channel, source body, status, kind and late filters', async () => {
    expect(await found('幸福', 'supervisor', '&channel=escalated')).toEqual([o.d.number]);
    expect(await found('幸福', 'supervisor', '&sourceBody=12345,regulator')).toEqual([o.d.number]);
    expect(await found('幸福', 'supervisor', '&status=closed')).toEqual([o.a.number]);
    expect(await found('幸福', 'supervisor', '&kind=repair&status=new')).toEqual([o.b.number]);
    const late = (await search('late=true')).items.map((i) => i.number).sort();
    expect(late).toContain(o.b.number);
    expect(late).not.toContain(o.a.number);
    expect((await search('late=false')).items.map((i) => i.number)).toContain(o.a.number);
  });

  it.each([
    ['created', 'desc'],
    ['received', 'asc'],
    ['deadline', 'asc'],
    ['deadline', 'desc'],
    ['status', 'asc'],
    ['status', 'desc'],
  ])('pages through every order exactly once sorted by %s %s', async (sort, order) => {
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await search(`sort=${sort}&order=${order}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((i) => i.number).sort()).toEqual([o.a, o.b, o.c, o.d].map((i) => i.number).sort());
    const all = (await search(`sort=${sort}&order=${order}`)).items;
    expect(seen.map((i) => i.id)).toEqual(all.map((i) => i.id));
    if (sort === 'status') {
      const rank = ['new', 'accepted', 'dispatched', 'taken', 'on_site', 'resolved', 'suspended', 'closed'];
      const ranks = all.map((i) => rank.indexOf(i.status));
      expect(ranks).toEqual([...ranks].sort((x, y) => (order === 'asc' ? x - y : y - x)));
    }
    if (sort === 'deadline') {
      const times = all.filter((i) => i.deadlines.resolveBy).map((i) => Date.parse(i.deadlines.resolveBy!));
      expect(times).toEqual([...times].sort((x, y) => (order === 'asc' ? x - y : y - x)));
      // Orders without a deadline come last either way.
      const open = all.map((i) => i.deadlines.resolveBy === null);
      expect(open).toEqual([...open].sort((x, y) => Number(x) - Number(y)));
    }
  });

  it('refuses a one-character term, and a cursor of another sort, naming the field', async () => {
    const short = await call('GET', `/api/v1/tickets?q=${encodeURIComponent('暖')}`, 'agent');
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain('q');
    const page = await search('limit=1&sort=deadline');
    const mixed = await call('GET', `/api/v1/tickets?limit=1&sort=status&cursor=${page.nextCursor}`, 'supervisor');
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.code).toBe('invalid_cursor');
  });

  it('exports the same search as an XLSX workbook in the asked language', async () => {
    const res = await fetch(`${s.base}/api/v1/tickets/export?format=xlsx&lang=en&q=${encodeURIComponent('幸福')}&sort=created&order=asc`, {
      headers: { authorization: `Bearer ${await s.tokenFor('supervisor')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('x-row-count')).toBe('3');
    const sheets = await readXlsx(Buffer.from(await res.arrayBuffer()));
    const rows = sheets.Orders!;
    expect(rows[0]?.slice(0, 3)).toEqual(['Number', 'Received', 'Filed']);
    expect(rows.slice(1).map((r) => r[0])).toEqual([o.a.number, o.b.number, o.d.number]);
    expect(rows[1]).toContain('closed');

    const zh = await fetch(`${s.base}/api/v1/tickets/export?format=xlsx&q=${encodeURIComponent('暖气片')}`, {
      headers: { authorization: `Bearer ${await s.tokenFor('otherCrew')}` },
    });
    const zhBook = await readXlsx(Buffer.from(await zh.arrayBuffer()));
    expect(Object.keys(zhBook)).toEqual(['工单']);
    const zhRows = Object.values(zhBook)[0]!;
    expect(zhRows[0]?.[0]).toBe('工单号');
    // The other company's crew gets their own station's order and not the first company's.
    expect(zhRows.slice(1).map((r) => r[0])).toEqual([o.c.number]);
  });

  it('refuses an export without a format, naming it', async () => {
    const res = await call('GET', '/api/v1/tickets/export', 'agent');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('format');
  });

  it('indexes orders stored before the search table existed (the migration fills it)', async () => {
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ticket_search`.execute(s.db);
    expect(Number(rows[0]!.n)).toBe(4);
    const phone = await sql<{ p: string }>`SELECT search_phone('0086-139 0000 0001') AS p`.execute(s.db);
    expect(phone.rows[0]!.p).toBe('13900000001');
  });
});
