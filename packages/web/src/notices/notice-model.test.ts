import { describe, expect, it } from 'vitest';
import {
  deliverySummary,
  type Notice,
  type NoticeFormValues,
  parseBuildings,
  shouldPoll,
  toCreateBody,
  toFormValues,
} from './notice-model';

const NODE = '2f1c7c57-8a55-4f7e-9a0e-3c1b2f0b6a11';
const base: NoticeFormValues = {
  kind: 'planned_outage',
  title: ' 和平1号换热站检修 ',
  message: '今日停热检修',
  startsAt: '2026-11-21T09:00:00+08:00',
  expectedEndAt: '2026-11-21T15:00:00+08:00',
  targetKind: 'nodes',
  nodeIds: [NODE, NODE],
};

describe('toCreateBody', () => {
  it('trims text, removes duplicate nodes and passes publish through', () => {
    expect(toCreateBody(base, true)).toEqual({
      body: {
        kind: 'planned_outage',
        title: '和平1号换热站检修',
        message: '今日停热检修',
        startsAt: '2026-11-21T09:00:00+08:00',
        expectedEndAt: '2026-11-21T15:00:00+08:00',
        target: { kind: 'nodes', nodeIds: [NODE] },
        publish: true,
      },
    });
  });

  it('names the field that is wrong', () => {
    expect(toCreateBody({ ...base, title: '  ' }, false)).toEqual({ problem: { field: 'title', key: 'required' } });
    expect(toCreateBody({ ...base, expectedEndAt: '2026-11-21T08:00:00+08:00' }, false)).toEqual({
      problem: { field: 'expectedEndAt', key: 'endBeforeStart' },
    });
    expect(toCreateBody({ ...base, nodeIds: [] }, false)).toEqual({ problem: { field: 'nodeIds', key: 'pickNodes' } });
    expect(toCreateBody({ ...base, targetKind: 'premises' }, false)).toEqual({ problem: { field: 'premiseIds', key: 'pickPremises' } });
    expect(toCreateBody({ ...base, targetKind: 'buildings', buildingsText: '幸福小区' }, false)).toEqual({
      problem: { field: 'buildingsText', key: 'buildingLine' },
    });
  });

  it('an open-ended notice has no expected end', () => {
    const out = toCreateBody({ ...base, expectedEndAt: null }, false);
    expect('body' in out && out.body.expectedEndAt).toBe(undefined);
  });
});

describe('parseBuildings', () => {
  it('reads one community and building per line, with any of the usual separators', () => {
    expect(parseBuildings('幸福小区 / 3号楼\n\n明珠花园，1号楼\n幸福小区/3号楼\nA\tB')).toEqual([
      { community: '幸福小区', building: '3号楼' },
      { community: '明珠花园', building: '1号楼' },
      { community: 'A', building: 'B' },
    ]);
  });
  it('refuses a line without a building', () => {
    expect(parseBuildings('幸福小区')).toBeNull();
  });
});

describe('deliverySummary', () => {
  it('counts queued and in-flight as waiting and reports the share finished', () => {
    expect(deliverySummary({ queued: 1, sending: 1, sent: 5, failed: 1, suppressed: 0 })).toMatchObject({
      total: 8,
      waiting: 2,
      percent: 75,
      sentPercent: 63,
      done: false,
    });
    expect(deliverySummary({ queued: 0, sending: 0, sent: 3, failed: 1, suppressed: 0 })).toMatchObject({ percent: 100, done: true });
    expect(deliverySummary(undefined)).toMatchObject({ total: 0, percent: 0, done: false });
  });
});

describe('shouldPoll', () => {
  const n = { status: 'draft' } as Parameters<typeof shouldPoll>[0];
  it('polls an active notice and an ended one whose restoration messages are still going out', () => {
    expect(shouldPoll(n)).toBe(false);
    expect(shouldPoll({ ...n!, status: 'active' })).toBe(true);
    const restoring = { queued: 2, sending: 0, sent: 1, failed: 0, suppressed: 0 };
    expect(shouldPoll({ ...n!, status: 'ended', delivery: { notice: restoring, restoration: restoring } })).toBe(true);
    const restored = { ...restoring, queued: 0 };
    expect(shouldPoll({ ...n!, status: 'ended', delivery: { notice: restored, restoration: restored } })).toBe(false);
  });
});

describe('toFormValues', () => {
  const draft = {
    id: 'n1',
    kind: 'planned_outage',
    title: '检修',
    message: '管网检修',
    area: '',
    status: 'draft',
    startsAt: '2026-12-05T09:00:00.000+08:00',
    expectedEndAt: null,
    publishedAt: null,
    endedAt: null,
    premiseCount: 0,
    unitId: 'u1',
    target: {
      kind: 'buildings',
      buildings: [
        { community: '幸福小区', building: '3号楼' },
        { community: '明珠花园', building: '1号楼' },
      ],
    },
  } as Notice;

  it('gives back the same notice when the form is saved unchanged', () => {
    const out = toCreateBody(toFormValues(draft), false);
    expect(out).toEqual({
      body: { kind: 'planned_outage', title: '检修', message: '管网检修', startsAt: draft.startsAt, target: draft.target, publish: false },
    });
  });
});
