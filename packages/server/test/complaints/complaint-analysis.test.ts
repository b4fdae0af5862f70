import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../src/shared/xlsx.js';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';

type User = Parameters<TestServer['tokenFor']>[0];
type Row = { key: string; label: string; months: { month: string; count: number }[]; total: number };

// Issue 10 item 5: complaints counted per local month along one dimension, in the caller's scope.
// Hand-built fixture, Asia/Shanghai (UTC+8), period 2026-10-01 .. 2026-12-01 (October, November):
//   R1 escalated by the regulator, 2026-10-15 10:00, sub-type attitude
//   R2 escalated by the regulator, 2026-11-01 00:30 local (= 31 October UTC: counts in November)
//   S  escalated by 95598, 2026-11-20 09:00, sub-type delay, ruled verified
//   X  escalated by the conduct office, 2026-09-30 23:30 local: before the period, not counted
//   D  filed directly by phone, 2026-11-25 09:00 (now), sub-type other; dispatched to 和平 company
describe.each(testDatabaseKinds)('the complaint analysis on %s', (kind) => {
  let s: TestServer;
  const id: Record<string, string> = {};
  const file = async (name: string, body: Record<string, unknown>) => {
    const res = await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), {
      kind: 'complaint',
      categoryCode: 'service-complaint',
      description: '投诉',
      premiseId: s.seed.premises.otherCompany,
      contact: { name: '李', phone: '13800000009' },
      ...body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    id[name] = res.body.id;
  };
  const escalated = (body: string, ref: string, receivedAt: string, subType: string) => ({
    channel: 'escalated',
    receivedAt,
    source: { body, reference: ref },
    complaint: { subType },
  });
  const get = async (q: string, user: User = 'supervisor') => {
    const res = await s.call('GET', `/api/v1/complaints/analysis?${q}`, await s.tokenFor(user));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { months: string[]; rows: Row[]; total: number };
  };
  const counts = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.key, r.months.map((m) => m.count)]));
  const period = 'from=2026-10-01&to=2026-12-01';

  beforeAll(async () => {
    s = await startTestServer(kind, { start: '2026-11-25T01:00:00Z' });
    await file('R1', escalated('regulator', 'NY-1', '2026-10-15T10:00:00+08:00', 'attitude'));
    await file('R2', escalated('regulator', 'NY-2', '2026-11-01T00:30:00+08:00', 'attitude'));
    await file('S', escalated('95598', 'GD-1', '2026-11-20T09:00:00+08:00', 'delay'));
    await file('X', escalated('conduct_office', 'HF-1', '2026-09-30T23:30:00+08:00', 'attitude'));
    await file('D', { channel: 'hotline', premiseId: s.seed.premises.urban });
    const admin = await s.tokenFor('admin');
    for (const [user, action] of [
      [await s.tokenFor('agent'), { action: 'accept' }],
      [admin, { action: 'dispatch', unitId: s.seed.units.heping }],
    ] as const) {
      const res = await s.call('POST', `/api/v1/tickets/${id.D}/actions`, user, action);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const accepted = await s.call('POST', `/api/v1/tickets/${id.S}/actions`, await s.tokenFor('agent'), { action: 'accept' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const ruled = await s.call('POST', `/api/v1/tickets/${id.S}/actions`, await s.tokenFor('supervisor'), {
      action: 'rule',
      ruling: 'verified',
      chargedUnitId: s.seed.units.otherStation,
      note: '属实',
    });
    expect(ruled.status, JSON.stringify(ruled.body)).toBe(200);
  });
  afterAll(() => s?.close());

  it('counts by the escalating body per local month, direct filings as their own row', async () => {
    const a = await get(`${period}&by=source`);
    expect(a.months).toEqual(['2026-10', '2026-11']);
    expect(counts(a.rows)).toEqual({ regulator: [1, 1], '95598': [0, 1], '': [0, 1] });
    expect(a.rows[0]).toMatchObject({ key: 'regulator', label: '能源监管（12398）', total: 2 });
    expect(a.total).toBe(4);
    const en = await get(`${period}&by=source&lang=en`);
    expect(en.rows.find((r) => r.key === '')?.label).toBe('Filed directly');
  });

  it('counts by channel, sub-type and ruling', async () => {
    expect(counts((await get(`${period}&by=channel`)).rows)).toEqual({ escalated: [1, 2], hotline: [0, 1] });
    const sub = await get(`${period}&by=subType`);
    expect(counts(sub.rows)).toEqual({ attitude: [1, 1], delay: [0, 1], other: [0, 1] });
    expect(sub.rows.find((r) => r.key === 'delay')?.label).toBe('办理拖延');
    expect(counts((await get(`${period}&by=ruling`)).rows)).toEqual({ '': [1, 2], verified: [0, 1] });
    // A September-only period sees just the conduct office's complaint.
    expect(counts((await get('from=2026-09-01&to=2026-10-01&by=source')).rows)).toEqual({ conduct_office: [1] });
  });

  it('counts only what the caller may see, and a unit narrows it', async () => {
    const mine = await get(`${period}&by=unit`, 'companyManager');
    expect(counts(mine.rows)).toEqual({ [s.seed.units.heping]: [0, 1] });
    const heping = await s.db.selectFrom('units').select('name').where('id', '=', s.seed.units.heping).executeTakeFirstOrThrow();
    expect(mine.rows[0]?.label).toBe(heping.name);
    const narrowed = await get(`${period}&by=source&unitId=${s.seed.units.heping}`);
    expect(counts(narrowed.rows)).toEqual({ '': [0, 1] });
    const out = await s.call(
      'GET',
      `/api/v1/complaints/analysis?${period}&unitId=${s.seed.units.dongsheng}`,
      await s.tokenFor('companyManager'),
    );
    expect(out.status).toBe(403);
    expect(out.body.error.message).toContain('unitId');
    const bad = await s.call('GET', '/api/v1/complaints/analysis?from=2026-12-01&to=2026-10-01', await s.tokenFor('supervisor'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('to');
  });

  it('exports the same counts as XLSX with a total row, in either language', async () => {
    const res = await fetch(`${s.base}/api/v1/complaints/analysis.xlsx?${period}&by=source&lang=en`, {
      headers: { authorization: `Bearer ${await s.tokenFor('supervisor')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.xlsx"/);
    const book = await readXlsx(Buffer.from(await res.arrayBuffer()));
    expect(book['By source']).toEqual([
      ['Source', '2026-10', '2026-11', 'Total'],
      ['Energy regulator (12398)', 1, 1, 2],
      ['95598 supervision centre', 0, 1, 1],
      ['Filed directly', 0, 1, 1],
      ['Total', 1, 3, 4],
    ]);
  });
});
