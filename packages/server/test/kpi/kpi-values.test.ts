import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldKpiRollups } from '../../src/kpi/fold-rollups.js';
import { INDICATOR_BY_CODE } from '../../src/kpi/indicators.js';
import { COUNTERS } from '../../src/kpi/kpi-facts.js';
import { rawSums, rollupSums } from '../../src/kpi/kpi-values.repo.js';
import { testDatabaseKinds } from '../databases.js';
import { repairRequest } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';
import { namedOrders } from './named-orders.js';

type User = Parameters<TestServer['tokenFor']>[0];

describe.each(testDatabaseKinds)('indicator values from the rollups on %s', (kind) => {
  let s: TestServer;
  const { id, file, act } = namedOrders(() => s);
  const work = async (name: string) => {
    s.clock.advance(1); // a minute passes before the dispatcher answers
    await act(name, 'dispatcher', { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id });
    await act(name, 'crew', { action: 'take' });
    await act(name, 'crew', { action: 'arrive' });
  };
  const values = async (query: string, user: User = 'supervisor') => {
    const res = await s.call('GET', `/api/v1/kpi/values?${query}`, await s.tokenFor(user));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as Array<{
      code: string;
      unitId?: string;
      period?: string;
      numerator: number;
      denominator: number;
      value: number | null;
      reason?: string;
    }>;
  };
  const one = (items: Awaited<ReturnType<typeof values>>, code: string) => items.find((i) => i.code === code)!;

  // Hand-built fixture, Asia/Shanghai (UTC+8). Day 1 = 2026-11-10 local.
  // A: repair, arrives and resolves at once, called back 5 (satisfied).
  // B: repair for the same household and category → a repeat; resolved three days late, not called back.
  // C: repair, resolved, called back 2 → reopened (no longer resolved), then resolved again the same day and called back 4.
  // D: complaint escalated from the 12345 hotline, at the other company; open.
  // E: complaint by hotline at the station; open.
  beforeAll(async () => {
    s = await startTestServer(kind, { start: '2026-11-10T01:00:00Z' });
    await file('A', repairRequest(s.seed));
    await file('B', repairRequest(s.seed));
    await file('C', repairRequest(s.seed, { premiseId: s.seed.premises.rural }));
    await file('D', {
      kind: 'complaint',
      channel: 'escalated',
      categoryCode: 'service-complaint',
      description: '投诉态度',
      premiseId: s.seed.premises.otherCompany,
      contact: { name: '李', phone: '13800000009' },
      source: { body: '12345', reference: 'GX-1' },
    });
    await file('E', { ...repairRequest(s.seed), kind: 'complaint', categoryCode: 'service-complaint' });
    for (const n of ['A', 'B', 'C']) await work(n);
    s.clock.advance(5);
    await act('A', 'crew', { action: 'resolve', note: 'ok' });
    await act('C', 'crew', { action: 'resolve', note: 'ok' });
    await act('A', 'agent', { action: 'callback', satisfaction: 5 });
    await foldKpiRollups(s.db); // a fold half-way: later changes must be folded as deltas
    await act('C', 'agent', { action: 'callback', satisfaction: 2 });
    await act('C', 'crew', { action: 'take' });
    await act('C', 'crew', { action: 'arrive' });
    await act('C', 'crew', { action: 'resolve', note: 'again' });
    await act('C', 'agent', { action: 'callback', satisfaction: 4 });
    s.clock.advance(60 * 24 * 3); // day 4
    await act('B', 'crew', { action: 'resolve', note: 'late' });
    await foldKpiRollups(s.db);
  });
  afterAll(() => s?.close());

  it('counts each formula as docs/indicators.md defines it, with numerator and denominator', async () => {
    const items = await values('from=2026-11-01&to=2026-12-01');
    // Resolved in November: A (on time), B (late), C (on its latest resolution, after a reopen).
    expect(one(items, 'on_time')).toMatchObject({ numerator: 2, denominator: 3, value: 0.6667 });
    expect(one(items, 'callback')).toMatchObject({ numerator: 2, denominator: 3 });
    // Callbacks: A 5, C 4 (its latest; the 2 was replaced when C was called back again).
    expect(one(items, 'satisfaction')).toMatchObject({ numerator: 2, denominator: 2, value: 1 });
    // C was reopened once.
    expect(one(items, 'first_time_fix')).toMatchObject({ numerator: 2, denominator: 3 });
    // Repairs received: A, B, C; B repeats A.
    expect(one(items, 'repeat_repair')).toMatchObject({ numerator: 1, denominator: 3 });
    // Complaints D and E over 4 households → 5,000 per 10,000.
    expect(one(items, 'complaint_rate')).toMatchObject({ numerator: 2, denominator: 4, value: 5000 });
    expect(one(items, 'escalated_complaints')).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    // Not built yet: null with a reason, never a number.
    for (const code of ['verified_complaint_rate', 'temperature_pass', 'sampling_coverage', 'accident_rate', 'unreachable']) {
      expect(one(items, code).value).toBeNull();
      expect(one(items, code).reason).toBeTruthy();
    }
  });

  it('splits by local day, by month and by unit, and filters by kind', async () => {
    const byDay = (await values('codes=on_time&from=2026-11-01&to=2026-12-01&by=day')).map((i) => [i.period, i.numerator, i.denominator]);
    expect(byDay).toEqual([
      ['2026-11-10', 2, 2],
      ['2026-11-13', 0, 1],
    ]);
    const byMonth = await values('codes=on_time&from=2026-10-01&to=2027-01-01&by=month');
    expect(byMonth.map((i) => [i.period, i.numerator, i.denominator])).toEqual([['2026-11', 2, 3]]);
    // Each unit with its own subtree's total: complaints are handled where the catalogue routes them.
    const routed = await s.db.selectFrom('tickets').select(['id', 'unit_path']).where('id', 'in', [id.D!, id.E!]).execute();
    const inSubtree = (unit: string) => routed.filter((r) => r.unit_path.includes(`/${unit}/`)).length;
    const byUnit = await values('codes=complaint_rate&from=2026-11-01&to=2026-12-01&by=unit');
    const units = Object.fromEntries(byUnit.map((i) => [i.unitId, [i.numerator, i.denominator]]));
    expect(units[s.seed.units.root]).toEqual([2, 4]);
    expect(units[s.seed.units.heping]).toEqual([inSubtree(s.seed.units.heping), 3]);
    expect(units[s.seed.units.dongsheng]).toEqual([inSubtree(s.seed.units.dongsheng), 1]);
    expect(units[s.seed.units.station]).toEqual([inSubtree(s.seed.units.station), 3]);
    const companies = await values('codes=complaint_rate&from=2026-11-01&to=2026-12-01&by=unit&unitKind=company');
    expect(companies.map((i) => i.unitId).sort()).toEqual([s.seed.units.heping, s.seed.units.dongsheng].sort());
    const complaints = await values('codes=on_time&from=2026-11-01&to=2026-12-01&kind=complaint');
    expect(one(complaints, 'on_time')).toMatchObject({ numerator: 0, denominator: 0, value: null });
  });

  it('lists the orders behind a number: the late one behind on_time', async () => {
    const res = await s.call(
      'GET',
      '/api/v1/kpi/orders?code=on_time&part=missed&from=2026-11-01&to=2026-12-01',
      await s.tokenFor('supervisor'),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([id.B]);
  });

  it('keeps to the actor’s units and names bad fields', async () => {
    const outside = await s.call(
      'GET',
      `/api/v1/kpi/values?from=2026-11-01&to=2026-12-01&unitId=${s.seed.units.dongsheng}`,
      await s.tokenFor('stationManager'),
    );
    expect(outside.status).toBe(403);
    expect(outside.body.error.message).toContain('unitId');
    const mine = await values('codes=on_time&from=2026-11-01&to=2026-12-01', 'stationManager');
    expect(one(mine, 'on_time')).toMatchObject({ numerator: 2, denominator: 3 });
    const bad = await s.call('GET', '/api/v1/kpi/values?codes=on_time,nope&from=2026-11-01&to=2026-12-01', await s.tokenFor('supervisor'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('codes');
    const mid = await s.call('GET', '/api/v1/kpi/values?from=2026-11-01T10:00:00%2B08:00&to=2026-12-01', await s.tokenFor('supervisor'));
    expect(mid.status).toBe(400);
    expect(mid.body.error.message).toContain('from');
  });

  it('publishes the catalogue with targets an admin can change', async () => {
    const cat = await s.call('GET', '/api/v1/kpi/indicators', await s.tokenFor('agent'));
    const codes = cat.body.items.map((i: { code: string }) => i.code);
    for (const c of [
      'on_time',
      'satisfaction',
      'callback',
      'complaint_rate',
      'verified_complaint_rate',
      'repeat_repair',
      'first_time_fix',
      'temperature_pass',
      'sampling_coverage',
      'accident_rate',
    ]) {
      expect(codes).toContain(c);
    }
    expect(cat.body.items.find((i: { code: string }) => i.code === 'satisfaction').target).toBe(0.98);
    expect((await s.call('PUT', '/api/v1/kpi/targets/satisfaction', await s.tokenFor('supervisor'), { target: 0.95 })).status).toBe(403);
    expect((await s.call('PUT', '/api/v1/kpi/targets/satisfaction', await s.tokenFor('admin'), { target: 1.5 })).status).toBe(400);
    expect((await s.call('PUT', '/api/v1/kpi/targets/satisfaction', await s.tokenFor('admin'), { target: 0.95 })).status).toBe(200);
    const after = await values('codes=satisfaction&from=2026-11-01&to=2026-12-01');
    expect((after[0] as unknown as { target: number }).target).toBe(0.95);
  });

  it('rollups equal a recount from the orders for every counter, subtree and period, and a second fold changes nothing', async () => {
    expect(await foldKpiRollups(s.db)).toBe(0);
    const periods: Array<[string, string]> = [
      ['2026-11-01', '2026-12-01'],
      ['2026-11-10', '2026-11-11'],
      ['2026-11-11', '2026-11-14'],
      ['2026-11-13', '2026-11-14'],
    ];
    const instant = (day: string) => new Date(`${day}T00:00:00+08:00`);
    for (const path of ['/', `%${s.seed.units.heping}/`, `%${s.seed.units.dongsheng}/`]) {
      const unitPath = path.startsWith('%')
        ? (await s.db.selectFrom('units').select('path').where('id', '=', path.slice(1, -1)).executeTakeFirstOrThrow()).path
        : path;
      for (const [fromDay, toDay] of periods) {
        const [rolled] = await rollupSums(s.db, { tenantId: s.seed.tenantId, unitPath, fromDay, toDay, by: 'none' });
        const raw = await rawSums(s.db, s.seed.tenantId, unitPath, instant(fromDay), instant(toDay));
        expect(rolled!.sums, `${unitPath} ${fromDay}..${toDay}`).toEqual(raw);
      }
    }
    // The fixture exercises every counter somewhere, so the comparison above is not vacuous.
    const [all] = await rollupSums(s.db, {
      tenantId: s.seed.tenantId,
      unitPath: '/',
      fromDay: '2026-11-01',
      toDay: '2026-12-01',
      by: 'none',
    });
    const unused = COUNTERS.filter((c) => all!.sums[c] === 0);
    expect(unused).toEqual([]);
    expect(INDICATOR_BY_CODE.get('on_time')!.source).toBeTruthy();
  });
});
