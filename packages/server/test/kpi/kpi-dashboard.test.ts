import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldKpiRollups } from '../../src/kpi/fold-rollups.js';
import { readXlsx } from '../../src/shared/xlsx.js';
import { testDatabaseKinds } from '../databases.js';
import { repairRequest } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';
import { namedOrders } from './named-orders.js';

type User = Parameters<TestServer['tokenFor']>[0];

describe.each(testDatabaseKinds)('the managers’ dashboard figures on %s', (kind) => {
  let s: TestServer;
  const { id, file, act } = namedOrders(() => s);
  const get = async (path: string, user: User = 'supervisor') => {
    const res = await s.call('GET', path, await s.tokenFor(user));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const xlsx = async (path: string, user: User = 'supervisor') => {
    const res = await fetch(s.base + path, { headers: { authorization: `Bearer ${await s.tokenFor(user)}` } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.xlsx"; filename\*=UTF-8''/);
    return readXlsx(Buffer.from(await res.arrayBuffer()));
  };

  // Hand-built fixture, Asia/Shanghai (UTC+8), all on 2026-11-10 local:
  // A 09:00 repair at 和平一所, resolved within minutes (on time), called back 5.
  // B 09:00 repair, same household → repeat; resolved three days later: late.
  // E 11:00 complaint by hotline, category service-complaint, routed by the catalogue.
  // D 11:00 complaint escalated from the 12345 hotline at 东盛一所's household.
  beforeAll(async () => {
    s = await startTestServer(kind, { start: '2026-11-10T01:00:00Z' });
    await file('A', repairRequest(s.seed));
    await file('B', repairRequest(s.seed));
    for (const n of ['A', 'B']) {
      await act(n, 'dispatcher', { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id });
      await act(n, 'crew', { action: 'take' });
      await act(n, 'crew', { action: 'arrive' });
    }
    s.clock.advance(5);
    await act('A', 'crew', { action: 'resolve', note: 'ok' });
    await act('A', 'agent', { action: 'callback', satisfaction: 5 });
    s.clock.advance(115); // 11:00 local
    await file('E', { ...repairRequest(s.seed), kind: 'complaint', categoryCode: 'service-complaint' });
    await file('D', {
      kind: 'complaint',
      channel: 'escalated',
      categoryCode: 'service-complaint',
      description: '投诉态度',
      premiseId: s.seed.premises.otherCompany,
      contact: { name: '李', phone: '13800000009' },
      source: { body: '12345', reference: 'GX-1' },
    });
    s.clock.advance(60 * 24 * 3);
    await act('B', 'crew', { action: 'resolve', note: 'late' });
    await foldKpiRollups(s.db);
  });
  afterAll(() => s?.close());

  it('exports the ranking of companies as XLSX with the same counts as the JSON, in either language', async () => {
    const q = 'codes=on_time,repeat_repair&from=2026-11-01&to=2026-12-01&by=unit&unitKind=company';
    const json = (await get(`/api/v1/kpi/values?${q}`)).items as Array<{ code: string; unitId: string; numerator: number }>;
    // 和平: A on time, B late → 1 / 2; 东盛 resolved nothing → null with its reason.
    expect(json.find((i) => i.code === 'on_time' && i.unitId === s.seed.units.heping)).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: 0.5,
    });
    const book = await xlsx(`/api/v1/kpi/values.xlsx?${q}&lang=en`);
    expect(Object.keys(book)).toEqual(['Values']);
    const [header, ...rows] = book.Values!;
    expect(header).toEqual(['Indicator', 'Code', 'Unit', 'Numerator', 'Denominator', 'Value', 'Target', 'Note']);
    expect(rows).toContainEqual(['On-time rate', 'on_time', '和平公司', 1, 2, 0.5, 1]);
    expect(rows).toContainEqual(['On-time rate', 'on_time', '东盛公司', 0, 0, null, 1, 'empty denominator']);
    expect(rows).toContainEqual(['Repeat repairs', 'repeat_repair', '和平公司', 1, 2, 0.5]);
    expect(rows).toHaveLength(json.length);
    const zh = await xlsx(`/api/v1/kpi/values.xlsx?codes=on_time&from=2026-11-01&to=2026-12-01&by=month`);
    expect(zh.指标值).toEqual([
      ['指标', '代码', '期间', '分子', '分母', '值', '目标', '说明'],
      ['处理及时率', 'on_time', '2026-11', 1, 2, 0.5, 1],
    ]);
  });

  it('keeps the export to the actor’s units', async () => {
    const res = await s.call(
      'GET',
      `/api/v1/kpi/values.xlsx?from=2026-11-01&to=2026-12-01&unitId=${s.seed.units.dongsheng}`,
      await s.tokenFor('stationManager'),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('unitId');
    const mine = await xlsx(
      '/api/v1/kpi/values.xlsx?codes=on_time&from=2026-11-01&to=2026-12-01&by=unit&unitKind=company',
      'stationManager',
    );
    expect(mine.指标值!.slice(1).map((r) => r[2])).toEqual([]); // a station manager sees no company above their station
  });

  it('counts orders and late orders per station and local hour for the heat map', async () => {
    const heat = await get('/api/v1/kpi/heatmap?from=2026-11-01&to=2026-12-01');
    expect(heat.hours).toHaveLength(24);
    const station = heat.items.find((r: { unitId: string }) => r.unitId === s.seed.units.station);
    // A and B came in at 09:00 local at 和平一所's team; B was resolved late.
    expect(station.unitName).toBe('和平一所');
    expect(station.orders[9]).toBe(2);
    expect(station.late[9]).toBe(1);
    const sum = (k: 'orders' | 'late') =>
      heat.items.reduce((n: number, r: Record<string, number[]>) => n + r[k]!.reduce((a, b) => a + b, 0), 0);
    expect(sum('orders')).toBe(4);
    expect(sum('late')).toBe(1);
    // D and E came in at 11:00 local, wherever the catalogue routed them.
    expect(heat.items.reduce((n: number, r: { orders: number[] }) => n + r.orders[11]!, 0)).toBe(2);
    // Another day has nothing; a station manager sees only their station.
    expect((await get('/api/v1/kpi/heatmap?from=2026-11-11&to=2026-11-12')).items).toEqual([]);
    const own = await get('/api/v1/kpi/heatmap?from=2026-11-01&to=2026-12-01', 'stationManager');
    expect(own.items.map((r: { unitId: string }) => r.unitId)).toEqual([s.seed.units.station]);
    const book = await xlsx('/api/v1/kpi/heatmap.xlsx?from=2026-11-01&to=2026-12-01&lang=en', 'stationManager');
    expect(book.Orders![0]!.slice(0, 3)).toEqual(['Station', '00:00', '01:00']);
    expect(book.Orders![1]).toEqual(['和平一所', 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, ...Array(14).fill(0)]);
    expect(book['Late orders']![1]![10]).toBe(1);
  });

  it('breaks complaints down by category and by the outside body that escalated them', async () => {
    const b = await get('/api/v1/kpi/complaints?from=2026-11-01&to=2026-12-01');
    expect(b.total).toBe(2);
    expect(b.byCategory).toEqual([expect.objectContaining({ key: 'service-complaint', count: 2 })]);
    expect(b.bySource).toEqual([
      { key: '', count: 1 },
      { key: '12345', count: 1 },
    ]);
    const book = await xlsx('/api/v1/kpi/complaints.xlsx?from=2026-11-01&to=2026-12-01&lang=en');
    expect(book['By source']).toEqual([
      ['Source', 'Count'],
      ['Filed directly', 1],
      ['12345', 1],
    ]);
    expect((await get('/api/v1/kpi/complaints?from=2026-12-01&to=2027-01-01')).total).toBe(0);
    const bad = await s.call('GET', '/api/v1/kpi/complaints?from=2026-12-01&to=2026-11-01', await s.tokenFor('supervisor'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('from');
  });

  it('exports the orders behind a number: the late one behind the on-time rate, in local time', async () => {
    const number = (await get(`/api/v1/tickets/${id.B}`)).number;
    const book = await xlsx('/api/v1/kpi/orders.xlsx?code=on_time&part=missed&from=2026-11-01&to=2026-12-01&lang=en');
    expect(book.Orders).toEqual([
      ['Order', 'Kind', 'Status', 'Unit', 'Received'],
      [number, 'repair', 'resolved', '维修一班', '2026-11-10 09:00'],
    ]);
  });

  it('lists the orders behind a heat map cell, all or only the late ones, within the caller’s units', async () => {
    const cell = (q: string, user: User = 'supervisor') =>
      get(`/api/v1/kpi/heatmap/orders?from=2026-11-01&to=2026-12-01&unitId=${s.seed.units.station}&${q}`, user);
    expect((await cell('hour=9')).items.map((o: { id: string }) => o.id).sort()).toEqual([id.A, id.B].sort());
    expect((await cell('hour=9&late=true')).items.map((o: { id: string }) => o.id)).toEqual([id.B]);
    expect((await cell('hour=10')).items).toEqual([]);
    // Every cell lists as many orders as the heat map counts; a row outside one's units is refused, naming unitId.
    const heat = await get('/api/v1/kpi/heatmap?from=2026-11-01&to=2026-12-01');
    for (const row of heat.items as Array<{ unitId: string; orders: number[] }>) {
      const listed = await get(`/api/v1/kpi/heatmap/orders?from=2026-11-01&to=2026-12-01&unitId=${row.unitId}&hour=11`);
      expect(listed.items).toHaveLength(row.orders[11]!);
      if (row.unitId !== s.seed.units.station) {
        const mine = await s.call(
          'GET',
          `/api/v1/kpi/heatmap/orders?from=2026-11-01&to=2026-12-01&unitId=${row.unitId}&hour=11`,
          await s.tokenFor('stationManager'),
        );
        expect(mine.status).toBe(403);
        expect(mine.body.error.message).toContain('unitId');
      }
    }
    const book = await xlsx(
      `/api/v1/kpi/heatmap/orders.xlsx?from=2026-11-01&to=2026-12-01&unitId=${s.seed.units.station}&hour=9&late=true&lang=en`,
    );
    expect(book.Orders!.slice(1).map((r) => r[4])).toEqual(['2026-11-10 09:00']);
  });
});
