import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatTrackingCode, hashTrackingCode, newTrackingCode, normalizeTrackingCode } from '../../src/portal/tracking-code.js';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';
import { jpegWithLocation, type ReportFields, reportForm } from './portal-fixtures.js';

describe('tracking codes', () => {
  it('a new code has 16 base32 characters, i.e. 80 random bits, and codes differ', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newTrackingCode()));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
  });

  it('typed codes are normalised: case, dashes, spaces and the letters O, I, L', () => {
    expect(normalizeTrackingCode('abcd-efgh jkmn-pqrs')).toBe('ABCDEFGHJKMNPQRS');
    expect(normalizeTrackingCode('O0IL-0000-0000-0000')).toBe('0011000000000000');
    expect(normalizeTrackingCode('ABCD')).toBeNull();
    expect(normalizeTrackingCode('UUUU-UUUU-UUUU-UUUU')).toBeNull();
    expect(formatTrackingCode('ABCDEFGHJKMNPQRS')).toBe('ABCD-EFGH-JKMN-PQRS');
    expect(hashTrackingCode('ABCDEFGHJKMNPQRS')).not.toContain('ABCD');
  });
});

describe.each(testDatabaseKinds)("the residents' portal on %s", (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  let phoneSeq = 0;
  const nextPhone = () => `1380000${String(++phoneSeq).padStart(4, '0')}`;
  const valid = (extra: ReportFields = {}): ReportFields => ({
    category: 'heating-cold',
    address: '和平区幸福小区3号楼2单元501',
    premiseId: s.seed.premises.urban,
    description: '暖气不热，室温只有14度',
    phone: nextPhone(),
    ...extra,
  });
  const page = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(s.base + path, { redirect: 'manual', ...init });
    return { status: res.status, text: await res.text(), headers: res.headers };
  };
  const submit = (
    fields: ReportFields,
    photos: Array<{ data: Buffer; type?: string; name?: string }> = [],
    headers: Record<string, string> = {},
  ) => page('/portal/report', { method: 'POST', body: reportForm(fields, photos), headers });
  /** Files a report and returns its tracking path and code. */
  const file = async (extra: ReportFields = {}, photos: Array<{ data: Buffer }> = []) => {
    const res = await submit(valid(extra), photos);
    expect(res.status, res.text.slice(0, 2000)).toBe(303);
    const location = res.headers.get('location')!;
    // The tracking code travels in an HttpOnly cookie, never in the URL.
    expect(location).toBe('/portal/track/view?filed=1');
    const cookie = /wl_track=[0-9A-Z]{16}/.exec(res.headers.get('set-cookie') ?? '')![0];
    const confirm = await page(location, { headers: { cookie } });
    const code = /id="tracking-code">([^<]+)</.exec(confirm.text)![1]!;
    const number = /id="ticket-number">([^<]+)</.exec(confirm.text)![1]!;
    return { code, cookie, number, location, confirm };
  };
  const ticketByNumber = async (number: string) => {
    const list = await s.call('GET', '/api/v1/tickets?limit=200', await s.tokenFor('admin'));
    return list.body.items.find((t: { number: string }) => t.number === number);
  };
  const act = async (id: string, user: 'agent' | 'dispatcher' | 'crew', body: Record<string, unknown>) => {
    const r = await s.call('POST', `/api/v1/tickets/${id}/actions`, await s.tokenFor(user), body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const resolve = async (id: string) => {
    await act(id, 'agent', { action: 'accept', note: '内部备注：王师傅负责' });
    await act(id, 'dispatcher', { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id });
    await act(id, 'crew', { action: 'take' });
    await act(id, 'crew', { action: 'arrive' });
    await act(id, 'crew', { action: 'resolve', note: '内部备注：更换阀门' });
  };

  describe('pages', () => {
    it('the start page is zh-CN first, switches to English and remembers it in a cookie', async () => {
      const zh = await page('/portal');
      expect(zh.status).toBe(200);
      expect(zh.text).toContain('<html lang="zh-CN">');
      expect(zh.text).toContain('报修 / 投诉');
      expect(zh.headers.get('content-security-policy')).toContain("script-src 'self'");
      const en = await page('/portal?lang=en');
      expect(en.text).toContain('<html lang="en">');
      expect(en.text).toContain('Report a problem');
      expect(en.headers.get('set-cookie')).toContain('wl_lang=en');
      const again = await page('/portal/report', { headers: { cookie: 'wl_lang=en' } });
      expect(again.text).toContain('Radiator not warm');
    });

    it('the report form shows each category with its published commitment', async () => {
      const res = await page('/portal/report');
      expect(res.text).toMatch(
        /<option value="heating-cold" data-commitment="城区：响应 10 分钟，到场 45 分钟，办结 1 天[^"]*">暖气不热<\/option>/,
      );
      expect(res.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    });

    it('an unknown portal page is a 404 page, and assets are served', async () => {
      expect((await page('/portal/nothing')).status).toBe(404);
      expect((await page('/portal/assets/portal.css')).headers.get('content-type')).toContain('text/css');
      expect((await page('/portal/assets/portal.js')).headers.get('content-type')).toContain('javascript');
    });

    it('published pages are edited by an administrator and rendered as escaped text', async () => {
      expect((await page('/portal/pages/fee-standards')).text).toContain('暂未发布');
      const denied = await s.call('PUT', '/api/v1/portal/pages/fee-standards', await s.tokenFor('agent'), { title: 'x', body: 'y' });
      expect(denied.status).toBe(403);
      const ok = await s.call('PUT', '/api/v1/portal/pages/fee-standards', await s.tokenFor('admin'), {
        title: '收费标准',
        body: '居民供暖费 26 元/平方米\n按建筑面积计\n\n<script>alert(1)</script>',
      });
      expect(ok.status).toBe(204);
      const res = await page('/portal/pages/fee-standards');
      expect(res.text).toContain('<p>居民供暖费 26 元/平方米<br>按建筑面积计</p>');
      expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(res.text).not.toContain('<script>alert');
      expect((await page('/portal/pages/fee-standards?lang=en')).text).toContain('居民供暖费');
      const bad = await s.call('PUT', '/api/v1/portal/pages/secrets', await s.tokenFor('admin'), { title: 'x', body: 'y' });
      expect(bad.status).toBe(400);
    });

    it('an active notice shows for the premises it covers, not for others', async () => {
      const noticeId = '7f000000-0000-4000-8000-000000000001';
      await sql`INSERT INTO notices (tenant_id, id, kind, title, message, area, starts_at, expected_end_at, status, target_kind, target, created_at, unit_id)
        VALUES (${s.seed.tenantId}, ${noticeId}, 'unplanned_outage', '幸福小区临时停热', '管网抢修，<预计>今晚恢复', '幸福小区', ${new Date('2026-11-21T01:00:00Z')}, ${new Date('2026-11-21T12:00:00Z')}, 'active', 'premises', '[]'::jsonb, ${new Date('2026-11-21T01:00:00Z')}, ${s.seed.units.station})`.execute(
        s.db,
      );
      await sql`INSERT INTO notice_premises (tenant_id, notice_id, premise_id) VALUES (${s.seed.tenantId}, ${noticeId}, ${s.seed.premises.urban})`.execute(
        s.db,
      );
      const covered = await page(`/portal/notices?premise=${s.seed.premises.urban}`);
      expect(covered.text).toContain('幸福小区临时停热');
      expect(covered.text).toContain('管网抢修，&lt;预计&gt;今晚恢复');
      expect(covered.text).toContain('2026-11-21 09:00');
      const byAddress = await page(`/portal/notices?address=${encodeURIComponent('幸福小区3号楼')}`);
      expect(byAddress.text).toContain('幸福小区临时停热');
      const other = await page(`/portal/notices?premise=${s.seed.premises.rural}`);
      expect(other.text).not.toContain('幸福小区临时停热');
      expect(other.text).toContain('目前没有影响该地址的通知');
      await sql`UPDATE notices SET status = 'ended' WHERE id = ${noticeId}`.execute(s.db);
      expect((await page('/portal/notices')).text).toContain('目前没有生效的通知');
    });

    it('the notices page answers with no notices when none is active', async () => {
      const res = await page(`/portal/notices?premise=${s.seed.premises.urban}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('目前没有影响该地址的通知');
    });
  });

  describe('address search', () => {
    it('finds premises by address fragment and returns only id and address', async () => {
      const res = await fetch(`${s.base}/portal/api/addresses?q=${encodeURIComponent('幸福小区')}`);
      const body = await res.json();
      expect(body.items).toEqual([{ id: s.seed.premises.urban, label: '和平区幸福小区3号楼2单元501' }]);
      const text = JSON.stringify(body);
      expect(text).not.toContain('王大爷');
      expect(text).not.toContain('139');
    });

    it('a phone number finds nothing, known or not, so it cannot be used to test numbers', async () => {
      const known = await (await fetch(`${s.base}/portal/api/addresses?q=13900010001`)).json();
      const unknown = await (await fetch(`${s.base}/portal/api/addresses?q=13999999999`)).json();
      expect(known).toEqual({ items: [] });
      expect(unknown).toEqual(known);
    });

    it('a query that is too short is a 400 naming the field', async () => {
      const res = await fetch(`${s.base}/portal/api/addresses?q=x`);
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toContain('q:');
    });
  });

  describe('report, track, rate', () => {
    // Each test files a few reports; a new hour keeps them under the per-IP limit tested below.
    beforeEach(() => s.clock.advance(61));
    it('a report becomes a web work order with commitments, the photo stripped of EXIF and location', async () => {
      const original = await jpegWithLocation();
      expect((await sharp(original).metadata()).exif).toBeDefined();
      const { code, number, confirm } = await file({}, [{ data: original }]);
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(confirm.text).toContain('已收到您的诉求');
      expect(confirm.text).toContain(code);

      const t = await ticketByNumber(number);
      expect(t).toMatchObject({
        channel: 'web',
        kind: 'repair',
        categoryCode: 'heating-cold',
        premiseId: s.seed.premises.urban,
        status: 'new',
      });
      expect(Date.parse(t.deadlines.arriveBy) - Date.parse(t.receivedAt)).toBe(45 * 60_000);
      expect(t.deadlines.arriveBy).toMatch(/\+08:00$/);
      const detail = await s.call('GET', `/api/v1/tickets/${t.id}`, await s.tokenFor('admin'));
      const photoUrl = detail.body.events[0].attachments[0] as string;
      expect(photoUrl).toMatch(/^\/portal\/photos\/[0-9a-f-]{36}$/);

      const stored = Buffer.from(await (await fetch(s.base + photoUrl)).arrayBuffer());
      const meta = await sharp(stored).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
      expect(stored.includes('SECRET-CAMERA')).toBe(false);
      expect(stored.includes('PhoneMaker')).toBe(false);
    });

    it('the public timeline shows steps and deadlines, never staff names or internal notes, and the rating closes the order', async () => {
      const { cookie, number } = await file();
      const t = await ticketByNumber(number);
      const early = await page('/portal/track/rate', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: 'satisfaction=5',
      });
      expect(early.status).toBe(409);
      expect(early.text).toContain('该诉求目前不能评价');

      await resolve(t.id);
      const view = await page('/portal/track/view', { headers: { cookie } });
      expect(view.status).toBe(200);
      expect(view.text).toContain('已处理，待评价');
      for (const secret of ['内部备注', '王师傅', '更换阀门', 'heat-crew', 'heat-dispatcher', s.seed.users.crew.id])
        expect(view.text).not.toContain(secret);
      expect(view.text).not.toMatch(/13800\d{6}/);
      expect(view.text).toContain('维修人员已到场');
      expect(view.text).toMatch(/<li class="met"><span>到场<\/span>/);

      const rated = await page('/portal/track/rate', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: 'satisfaction=5&remark=%E5%BE%88%E5%A5%BD',
      });
      expect(rated.status).toBe(303);
      expect(rated.headers.get('location')).toContain('rated=thanks');
      const after = await ticketByNumber(number);
      expect(after).toMatchObject({ status: 'closed', satisfaction: 5 });
      const detail = await s.call('GET', `/api/v1/tickets/${t.id}`, await s.tokenFor('admin'));
      const callback = detail.body.events.find((e: { type: string }) => e.type === 'callback');
      expect(callback.data).toEqual({ satisfaction: 5 });
      expect(callback.note).toContain('很好');
      const users = await s.call('GET', '/api/v1/users', await s.tokenFor('admin'));
      expect(users.body.items.find((u: { id: string }) => u.id === callback.actorId).username).toBe('system-portal-heat');

      const twice = await page('/portal/track/rate', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: 'satisfaction=4',
      });
      expect(twice.status).toBe(409);
      expect((await page('/portal/track/view', { headers: { cookie } })).text).toContain('id="rating"');
    });

    it('a rating of 1–2 asks to confirm first, then reopens the order for another visit', async () => {
      const { cookie, number } = await file();
      await resolve((await ticketByNumber(number)).id);
      const rate = (body: string) =>
        page('/portal/track/rate', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body });
      // One tap on two stars only asks: nothing is recorded yet, the remark is kept for the confirmation.
      const asked = await rate(`satisfaction=2&remark=${encodeURIComponent('<b>还是不热</b>')}`);
      expect(asked.status).toBe(200);
      expect(asked.text).toContain('确认要评为不满意吗？');
      expect(asked.text).toContain('name="confirm" value="yes"');
      expect(asked.text).toContain('value="&lt;b&gt;还是不热&lt;/b&gt;"');
      expect(asked.text).not.toContain('<b>还是不热</b>');
      expect((await ticketByNumber(number)).status).toBe('resolved');
      const rated = await rate(`satisfaction=2&remark=${encodeURIComponent('还是不热')}&confirm=yes`);
      expect(rated.headers.get('location')).toContain('rated=reopened');
      const reopened = await s.call('GET', `/api/v1/tickets/${(await ticketByNumber(number)).id}`, await s.tokenFor('admin'));
      expect(reopened.body.events.find((e: { type: string }) => e.type === 'callback').note).toContain('还是不热');
      expect((await ticketByNumber(number)).status).toBe('dispatched');
      expect((await page(rated.headers.get('location')!, { headers: { cookie } })).text).toContain('我们已重新安排处理');
    });

    it.each([['0'], ['6'], ['three'], ['']])('a rating of "%s" is refused with a clear message', async (value) => {
      const { cookie, number } = await file();
      await resolve((await ticketByNumber(number)).id);
      const res = await page('/portal/track/rate', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: `satisfaction=${value}`,
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain('评价：请选择 1–5 星');
    });

    it('an unknown code and a malformed code are refused without telling anything about other requests', async () => {
      const track = (code: string) =>
        page('/portal/track', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${code}` });
      const unknown = await track('ABCD-EFGH-JKMN-PQRS');
      expect(unknown.status).toBe(404);
      expect(unknown.text).toContain('没有找到与该查询码对应的诉求');
      expect(unknown.headers.get('set-cookie') ?? '').not.toContain('wl_track');
      expect((await track('short')).status).toBe(400);
      // Without a remembered code the tracking page asks for one.
      const bare = await page('/portal/track/view');
      expect(bare.status).toBe(303);
      expect(bare.headers.get('location')).toBe('/portal/track');
      const form = await page('/portal/track', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'code=nope',
      });
      expect(form.status).toBe(400);
      expect(form.text).toContain('查询码：应为 16 位字母数字');
      const ok = await page('/portal/track', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'code=abcd efgh jkmn pqrs',
      });
      // Normalised, then looked up: unknown, so no cookie and no redirect.
      expect(ok.status).toBe(404);
    });
  });

  describe('rejected input', () => {
    beforeEach(() => s.clock.advance(61));
    it('an empty form names every missing field and keeps nothing', async () => {
      const res = await submit({});
      expect(res.status).toBe(400);
      for (const msg of [
        '类别：请选择一个类别',
        '地址：请填写地址',
        '问题描述：请填写 5–2000 字',
        '联系电话：请填写 7–20 位数字的电话号码',
      ])
        expect(res.text).toContain(msg);
    });

    it('values are echoed back escaped', async () => {
      const res = await submit(valid({ name: '"><script>alert(1)</script>', phone: 'abc', premiseId: 'not-a-uuid', address: '<b>x</b>' }));
      expect(res.status).toBe(400);
      expect(res.text).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(res.text).not.toContain('<script>alert(1)');
      expect(res.text).toContain('value="&lt;b&gt;x&lt;/b&gt;"');
    });

    it('an unknown category is refused', async () => {
      expect((await submit(valid({ category: 'nope' }))).text).toContain('类别：该类别不存在或已停用');
    });

    it('a file that is not an image is refused whatever its declared type', async () => {
      const res = await submit(valid(), [{ data: Buffer.from('%PDF-1.4 not an image'), type: 'image/jpeg', name: 'x.jpg' }]);
      expect(res.status).toBe(400);
      expect(res.text).toContain('照片：只接受 JPEG、PNG 或 WebP 图片');
    });

    it('a broken image is refused', async () => {
      const res = await submit(valid(), [{ data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) }]);
      expect(res.status).toBe(400);
      expect(res.text).toContain('照片：无法读取该图片');
    });

    it('more than three photos are refused', async () => {
      const jpeg = await jpegWithLocation();
      const res = await submit(valid(), [{ data: jpeg }, { data: jpeg }, { data: jpeg }, { data: jpeg }]);
      expect(res.status).toBe(400);
      expect(res.text).toContain('照片：最多 3 张');
    });

    it('a photo over 5 MB is refused', async () => {
      const big = Buffer.concat([await jpegWithLocation(), Buffer.alloc(5 * 1024 * 1024 + 10)]);
      const res = await submit(valid(), [{ data: big }]);
      expect(res.status).toBe(400);
      expect(res.text).toContain('照片：每张不超过 5 MB');
    });
  });

  describe('abuse limits', () => {
    it('the sixth report from one phone number in a day is refused with 429 and Retry-After', async () => {
      s.clock.advance(24 * 60);
      const phone = '13711112222';
      for (let i = 0; i < 5; i++) {
        if (i === 4) s.clock.advance(61); // stay under the per-IP limit of 10 an hour
        expect((await submit(valid({ phone }))).status).toBe(303);
      }
      const res = await submit(valid({ phone }));
      expect(res.status).toBe(429);
      expect(res.text).toContain('操作过于频繁');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await submit(valid())).status).toBe(303);
    });

    it('the eleventh report from one address in an hour is refused', async () => {
      s.clock.advance(24 * 60);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await submit(valid())).status);
      expect(statuses.slice(0, 10).every((x) => x === 303 || x === 400)).toBe(true);
      expect(statuses[10]).toBe(429);
      s.clock.advance(61);
      expect((await submit(valid())).status).toBe(303);
    });

    it('tracking look-ups from one address are limited, so codes cannot be guessed in bulk', async () => {
      s.clock.advance(24 * 60);
      let last = 0;
      const track = () =>
        page('/portal/track', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'code=ZZZZ-ZZZZ-ZZZZ-ZZZZ',
        });
      for (let i = 0; i < 61; i++) last = (await track()).status;
      expect(last).toBe(429);
      s.clock.advance(11);
      expect((await track()).status).toBe(404);
    });
  });
});
