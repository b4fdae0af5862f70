import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldKpiRollups } from '../../src/kpi/fold-rollups.js';
import { refreshScoreboards, SCOREBOARD_BACKFILL_MONTHS } from '../../src/kpi/scoreboard.js';
import { SCOREBOARD_LIMIT } from '../../src/kpi/scoreboard.routes.js';
import { testDatabaseKinds } from '../databases.js';
import { repairRequest } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';
import { namedOrders } from './named-orders.js';

type Figure = {
  month: string;
  unit: string;
  unitKind: string;
  numerator: number;
  denominator: number;
  value: number | null;
  target: number;
  met: boolean | null;
};
type Board = {
  organisation: string;
  months: string[];
  updatedAt: string;
  commitments: Array<{ code: string; target: number; name: { 'zh-CN': string; en: string }; figures: Figure[] }>;
};

describe.each(testDatabaseKinds)('the public commitments scoreboard on %s', (kind) => {
  let s: TestServer;
  let code: string;
  const { file, act } = namedOrders(() => s);
  const board = async (query = '') => {
    const res = await s.call('GET', `/status/${code}/scoreboard.json${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Board;
  };
  const figure = (b: Board, c: string, month: string, unit: string) =>
    b.commitments.find((x) => x.code === c)?.figures.find((f) => f.month === month && f.unit === unit);

  // Hand-built fixture, Asia/Shanghai, November 2026:
  // A repair at 和平 resolved on time, called back 5 (satisfied); B repair at 和平 resolved three days late;
  // D escalated complaint at 东盛, open.
  beforeAll(async () => {
    s = await startTestServer(kind, { start: '2026-11-10T01:00:00Z' });
    code = (await s.db.selectFrom('tenants').select('code').where('id', '=', s.seed.tenantId).executeTakeFirstOrThrow()).code;
    await file('A', repairRequest(s.seed));
    await file('B', repairRequest(s.seed, { premiseId: s.seed.premises.rural }));
    await file('D', {
      kind: 'complaint',
      channel: 'escalated',
      categoryCode: 'service-complaint',
      description: '投诉态度',
      premiseId: s.seed.premises.otherCompany,
      contact: { name: '李四', phone: '13800000009' },
      source: { body: '12345', reference: 'GX-1' },
    });
    for (const n of ['A', 'B']) {
      await act(n, 'dispatcher', { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id });
      await act(n, 'crew', { action: 'take' });
      await act(n, 'crew', { action: 'arrive' });
    }
    s.clock.advance(5);
    await act('A', 'crew', { action: 'resolve', note: 'ok' });
    await act('A', 'agent', { action: 'callback', satisfaction: 5 });
    s.clock.advance(60 * 24 * 3);
    await act('B', 'crew', { action: 'resolve', note: 'late' });
    await foldKpiRollups(s.db);
    expect(await refreshScoreboards(s.db, s.clock)).toBe(1);
  });
  afterAll(() => s?.close());

  it('publishes each commitment’s target and the measured figure per company and for the group, hand-counted', async () => {
    const b = await board();
    expect(b.organisation).toBe('测试热力集团');
    // The first refresh backfills a year of months, newest first.
    expect(b.months).toHaveLength(SCOREBOARD_BACKFILL_MONTHS);
    expect(b.months[0]).toBe('2026-11');
    const onTime = b.commitments.find((c) => c.code === 'on_time')!;
    expect(onTime.target).toBe(1);
    expect(figure(b, 'on_time', '2026-11', '和平公司')).toMatchObject({
      unitKind: 'company',
      numerator: 1,
      denominator: 2,
      value: 0.5,
      met: false,
    });
    expect(figure(b, 'on_time', '2026-11', '测试热力集团')).toMatchObject({ unitKind: 'group', numerator: 1, denominator: 2, value: 0.5 });
    // 东盛 resolved nothing: no value, neither met nor missed.
    expect(figure(b, 'on_time', '2026-11', '东盛公司')).toMatchObject({ numerator: 0, denominator: 0, value: null, met: null });
    expect(figure(b, 'satisfaction', '2026-11', '和平公司')).toMatchObject({
      numerator: 1,
      denominator: 1,
      value: 1,
      target: 0.98,
      met: true,
    });
    // Only measured indicators with a target are commitments: no target → not published; not built → not published.
    const codes = b.commitments.map((c) => c.code);
    expect(codes[0]).toBe('on_time'); // the catalogue's order
    expect(codes).not.toContain('repeat_repair');
    expect(codes).not.toContain('temperature_pass');
  });

  it('shows no personal data: no names, phones, descriptions or order numbers', async () => {
    const text = JSON.stringify(await board());
    const numbers = await s.db.selectFrom('tickets').select('number').where('tenant_id', '=', s.seed.tenantId).execute();
    for (const secret of ['王大爷', '李四', '13900010001', '13800000009', '投诉态度', 'GX-1', ...numbers.map((n) => n.number)]) {
      expect(text).not.toContain(secret);
    }
  });

  it('refreshes on schedule and keeps past months as they were published', async () => {
    expect(await refreshScoreboards(s.db, s.clock)).toBe(0); // not due yet
    // In January the tenant lowers its target; December and January are recomputed, November stays as published.
    s.clock.advance(60 * 24 * 60);
    expect((await s.call('PUT', '/api/v1/kpi/targets/on_time', await s.tokenFor('admin'), { target: 0.9 })).status).toBe(200);
    expect(await refreshScoreboards(s.db, s.clock)).toBe(1);
    const b = await board();
    expect(b.months.slice(0, 3)).toEqual(['2027-01', '2026-12', '2026-11']);
    expect(figure(b, 'on_time', '2027-01', '和平公司')?.target).toBe(0.9);
    expect(figure(b, 'on_time', '2026-11', '和平公司')).toMatchObject({ value: 0.5, target: 1 });
  });

  it('serves a mobile page in Chinese by default and in English on request', async () => {
    const zh = await fetch(`${s.base}/status/${code}/scoreboard?month=2026-11`);
    expect(zh.status).toBe(200);
    expect(zh.headers.get('content-type')).toContain('text/html');
    const zhText = await zh.text();
    expect(zhText).toContain('<html lang="zh-CN">');
    expect(zhText).toContain('name="viewport"');
    expect(zhText).toContain('处理及时率');
    expect(zhText).toContain('50.0%');
    const en = await (await fetch(`${s.base}/status/${code}/scoreboard?lang=en&month=2026-11`)).text();
    expect(en).toContain('Our service commitments');
    expect(en).toContain('On-time rate');
    const accept = await (await fetch(`${s.base}/status/${code}/scoreboard`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } })).text();
    expect(accept).toContain('<html lang="en">');
    expect((await fetch(`${s.base}/status/nobody-here/scoreboard.json`)).status).toBe(404);
  });

  it('refuses an address that asks too often with 429 and Retry-After', async () => {
    let last: Response | null = null;
    for (let i = 0; i <= SCOREBOARD_LIMIT.max; i++) {
      last = await fetch(`${s.base}/status/${code}/scoreboard.json`);
      if (last.status === 429) break;
      await last.arrayBuffer();
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await last!.json()) as { error: { code: string } }).error.code).toBe('too_many_requests');
  });
});
