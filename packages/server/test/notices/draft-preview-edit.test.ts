import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMessage } from '../../src/notify/templates.js';
import { testDatabaseKinds } from '../databases.js';
import { addOtherCompanyStationNode } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

// Issue 15, missing step 7: preview before publishing; edit and delete drafts.
describe.each(testDatabaseKinds)('notice drafts: preview, edit, delete on %s', (kind) => {
  let s: TestServer;
  let hepingNode: string;
  let dongshengNode: string;
  const notice = (target: unknown, extra: Record<string, unknown> = {}) => ({
    kind: 'planned_outage',
    title: '计划停热',
    message: '管网检修，请提前做好保暖。',
    startsAt: '2026-11-22T09:00:00+08:00',
    expectedEndAt: '2026-11-22T17:30:00+08:00',
    target,
    ...extra,
  });
  const draftFor = async (target: unknown, token?: string, extra: Record<string, unknown> = {}) => {
    const res = await s.call('POST', '/api/v1/notices', token ?? (await s.tokenFor('dispatcher')), notice(target, extra));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    s = await startTestServer(kind);
    hepingNode = (await s.db.selectFrom('network_nodes').select('id').where('code', '=', 'heat-hes-1').executeTakeFirstOrThrow()).id;
    dongshengNode = await addOtherCompanyStationNode(s.db, s.seed);
  });
  afterAll(() => s?.close());

  it('counts the households a draft reaches and shows, per language, the exact text publishing then queues', async () => {
    const dispatcher = await s.tokenFor('dispatcher');
    const underNode = await s.db
      .selectFrom('premises')
      .select('id')
      .where('tenant_id', '=', s.seed.tenantId)
      .where('network_node_id', '=', hepingNode)
      .execute();
    expect(underNode.length).toBeGreaterThan(0);
    const phones = await s.db
      .selectFrom('customers')
      .select('phone')
      .distinct()
      .where(
        'premise_id',
        'in',
        underNode.map((p) => p.id),
      )
      .execute();
    expect(phones.length).toBeGreaterThan(0);
    // One household reads English.
    await s.db
      .insertInto('contact_preferences')
      .values({
        tenant_id: s.seed.tenantId,
        phone: phones[0]?.phone as string,
        locale: 'en',
        opt_out_non_essential: false,
        updated_at: new Date(),
      })
      .execute();
    const id = await draftFor({ kind: 'nodes', nodeIds: [hepingNode] }, dispatcher);

    const preview = await s.call('GET', `/api/v1/notices/${id}/preview`, dispatcher);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.premises).toBe(underNode.length);
    expect(preview.body.recipients).toBe(phones.length);
    const zh = preview.body.messages.find((m: { locale: string }) => m.locale === 'zh-CN');
    const en = preview.body.messages.find((m: { locale: string }) => m.locale === 'en');
    expect(en.recipients).toBe(1);
    expect(zh.recipients).toBe(phones.length - 1);
    // The tenant's time zone (Asia/Shanghai) writes the window as households read it.
    expect(zh.text).toContain('计划停热：管网检修，请提前做好保暖。（11月22日09:00—11月22日17:30）');
    expect(en.text).toMatch(/^\[.+\] 计划停热: 管网检修/);
    // Previewing writes nothing.
    expect(await s.db.selectFrom('notice_premises').select('premise_id').where('notice_id', '=', id).execute()).toEqual([]);
    expect(await s.db.selectFrom('outbox_messages').select('id').where('notice_id', '=', id).execute()).toEqual([]);

    const published = await s.call('POST', `/api/v1/notices/${id}/publish`, dispatcher);
    expect(published.body.premiseCount).toBe(preview.body.premises);
    const queued = await s.db.selectFrom('outbox_messages').select(['template', 'locale', 'params']).where('notice_id', '=', id).execute();
    expect(queued).toHaveLength(preview.body.recipients);
    for (const m of queued) {
      const shown = m.locale === 'en' ? en.text : zh.text;
      expect(renderMessage(m.template, m.locale, m.params as Record<string, unknown>)).toBe(shown);
    }
    // Once published there is nothing to preview.
    const again = await s.call('GET', `/api/v1/notices/${id}/preview`, dispatcher);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_transition');
  });

  it('a target that holds nobody previews as 0 households, so the dialog can say so before publishing', async () => {
    const dispatcher = await s.tokenFor('dispatcher');
    const id = await draftFor({ kind: 'buildings', buildings: [{ community: '幸福小区', building: '99号楼' }] }, dispatcher);
    const preview = await s.call('GET', `/api/v1/notices/${id}/preview`, dispatcher);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ premises: 0, recipients: 0 });
  });

  it('a draft is edited in place: the new target and text are what the preview and publishing use', async () => {
    const dispatcher = await s.tokenFor('dispatcher');
    const id = await draftFor({ kind: 'buildings', buildings: [{ community: '幸福小区', building: '99号楼' }] }, dispatcher);
    const patched = await s.call('PATCH', `/api/v1/notices/${id}`, dispatcher, {
      title: '换热站检修',
      target: { kind: 'premises', premiseIds: [s.seed.premises.urban] },
      expectedEndAt: null,
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({
      title: '换热站检修',
      message: '管网检修，请提前做好保暖。',
      expectedEndAt: null,
      status: 'draft',
    });
    expect(patched.body.target).toEqual({ kind: 'premises', premiseIds: [s.seed.premises.urban] });
    const preview = await s.call('GET', `/api/v1/notices/${id}/preview`, dispatcher);
    expect(preview.body.premises).toBe(1);
    expect(preview.body.messages[0].text).toContain('换热站检修：管网检修，请提前做好保暖。（11月22日09:00起）');
    const published = await s.call('POST', `/api/v1/notices/${id}/publish`, dispatcher);
    expect(published.body).toMatchObject({ status: 'active', premiseCount: 1 });
  });

  it('an edit is refused field by field: a window that ends before it starts, a target outside the notice’s part, an unknown field', async () => {
    const dispatcher = await s.tokenFor('dispatcher');
    const id = await draftFor({ kind: 'nodes', nodeIds: [hepingNode] }, dispatcher);
    const window = await s.call('PATCH', `/api/v1/notices/${id}`, dispatcher, { startsAt: '2026-11-23T09:00:00+08:00' });
    expect(window.status).toBe(400);
    expect(window.body.error.message).toContain('expectedEndAt');
    const outside = await s.call('PATCH', `/api/v1/notices/${id}`, dispatcher, { target: { kind: 'nodes', nodeIds: [dongshengNode] } });
    expect(outside.status).toBe(403);
    expect(outside.body.error.message).toContain('target.nodeIds');
    const unknown = await s.call('PATCH', `/api/v1/notices/${id}`, dispatcher, { status: 'active' });
    expect(unknown.status).toBe(400);
    const kept = await s.call('GET', `/api/v1/notices/${id}`, dispatcher);
    expect(kept.body).toMatchObject({
      status: 'draft',
      startsAt: '2026-11-22T09:00:00.000+08:00',
      target: { kind: 'nodes', nodeIds: [hepingNode] },
    });
  });

  it('a draft is deleted; a published or ended notice can be neither edited nor deleted (409)', async () => {
    const dispatcher = await s.tokenFor('dispatcher');
    const draft = await draftFor({ kind: 'nodes', nodeIds: [hepingNode] }, dispatcher);
    expect((await s.call('DELETE', `/api/v1/notices/${draft}`, dispatcher)).status).toBe(204);
    expect((await s.call('GET', `/api/v1/notices/${draft}`, dispatcher)).status).toBe(404);
    expect((await s.call('DELETE', `/api/v1/notices/${draft}`, dispatcher)).status).toBe(404);

    const active = await draftFor({ kind: 'nodes', nodeIds: [hepingNode] }, dispatcher, { publish: true });
    for (const [method, body] of [
      ['PATCH', { title: '改名' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await s.call(method, `/api/v1/notices/${active}`, dispatcher, body);
      expect(res.status, method).toBe(409);
      expect(res.body.error.code).toBe('invalid_transition');
    }
    expect((await s.call('POST', `/api/v1/notices/${active}/end`, dispatcher, {})).status).toBe(200);
    expect((await s.call('DELETE', `/api/v1/notices/${active}`, dispatcher)).status).toBe(409);
    expect((await s.call('GET', `/api/v1/notices/${active}`, dispatcher)).body).toMatchObject({ status: 'ended', title: '计划停热' });
  });

  it('another company’s draft cannot be previewed, edited or deleted; a crew member may do none of it', async () => {
    const other = await draftFor({ kind: 'nodes', nodeIds: [dongshengNode] }, await s.tokenFor('admin'), {
      unitId: s.seed.units.dongsheng,
    });
    for (const user of ['dispatcher', 'stationManager', 'companyManager'] as const) {
      const token = await s.tokenFor(user);
      expect((await s.call('GET', `/api/v1/notices/${other}/preview`, token)).status, user).toBe(404);
      expect((await s.call('PATCH', `/api/v1/notices/${other}`, token, { title: 'x' })).status, user).toBe(404);
      expect((await s.call('DELETE', `/api/v1/notices/${other}`, token)).status, user).toBe(404);
    }
    const own = await draftFor({ kind: 'nodes', nodeIds: [hepingNode] });
    const crew = await s.tokenFor('crew');
    expect((await s.call('GET', `/api/v1/notices/${own}/preview`, crew)).status).toBe(403);
    expect((await s.call('DELETE', `/api/v1/notices/${own}`, crew)).status).toBe(403);
    expect((await s.call('GET', `/api/v1/notices/${own}`, await s.tokenFor('dispatcher'))).body.status).toBe('draft');
    const n = await s.db.selectFrom('notices').select('title').where('id', '=', other).executeTakeFirstOrThrow();
    expect(n.title).toBe('计划停热');
  });
});
