// The notice shapes the console reads from /api/v1/notices, and the pure rules of the notice form.
import type { Notice as ApiNotice, paths } from '../api/models';

export type CreateNoticeBody = paths['/api/v1/notices']['post']['requestBody']['content']['application/json'];
export type NoticeKind = ApiNotice['kind'];
export type NoticeStatus = ApiNotice['status'];
export type NoticeTarget = CreateNoticeBody['target'];
export type Progress = NonNullable<ApiNotice['delivery']>['notice'];
/** A notice as the server answers it; the target is the one it was created with (the document leaves it open). */
export type Notice = Omit<ApiNotice, 'target'> & { target: NoticeTarget };
/** Reads a notice from the API as the console's Notice (the server stored a target it validated on creation). */
export const asNotice = (n: ApiNotice): Notice => n as Notice;
export type { NetworkNode } from '../api/models';

/** The kinds in the order the form offers them (the generated union has no order). */
export const NOTICE_KINDS: readonly NoticeKind[] = ['planned_outage', 'unplanned_outage', 'cold_snap', 'major_repair'];

/** What the form holds; dates as ISO strings with offset (the date pickers' output). */
export type NoticeFormValues = {
  kind: NoticeKind;
  title: string;
  message: string;
  area?: string;
  startsAt: string;
  expectedEndAt?: string | null;
  targetKind: NoticeTarget['kind'];
  nodeIds?: string[];
  buildingsText?: string;
  premiseIds?: string[];
};

/** A problem with the form: the field to mark and the message key (under notices.form.errors). */
export type FormProblem = { field: keyof NoticeFormValues; key: string };

/**
 * "幸福小区 / 3号楼" per line (a slash, tab or comma between community and building).
 * Returns null when a line has no building part.
 */
export function parseBuildings(text: string): { community: string; building: string }[] | null {
  const out: { community: string; building: string }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(.+?)\s*[/\t,，、]\s*(.+)$/.exec(line);
    if (!m) return null;
    const community = m[1]!.trim();
    const building = m[2]!.trim();
    if (!community || !building) return null;
    if (!out.some((b) => b.community === community && b.building === building)) out.push({ community, building });
  }
  return out;
}

/** Turns the form into the body of POST /notices, or names the first field that is wrong. */
export function toCreateBody(v: NoticeFormValues, publish: boolean): { body: CreateNoticeBody } | { problem: FormProblem } {
  const title = v.title?.trim() ?? '';
  const message = v.message?.trim() ?? '';
  if (!title) return { problem: { field: 'title', key: 'required' } };
  if (!message) return { problem: { field: 'message', key: 'required' } };
  if (!v.startsAt) return { problem: { field: 'startsAt', key: 'required' } };
  if (v.expectedEndAt && Date.parse(v.expectedEndAt) <= Date.parse(v.startsAt))
    return { problem: { field: 'expectedEndAt', key: 'endBeforeStart' } };
  let target: NoticeTarget;
  if (v.targetKind === 'nodes') {
    if (!v.nodeIds?.length) return { problem: { field: 'nodeIds', key: 'pickNodes' } };
    target = { kind: 'nodes', nodeIds: [...new Set(v.nodeIds)] };
  } else if (v.targetKind === 'buildings') {
    const buildings = parseBuildings(v.buildingsText ?? '');
    if (buildings === null) return { problem: { field: 'buildingsText', key: 'buildingLine' } };
    if (buildings.length === 0) return { problem: { field: 'buildingsText', key: 'pickBuildings' } };
    target = { kind: 'buildings', buildings };
  } else {
    if (!v.premiseIds?.length) return { problem: { field: 'premiseIds', key: 'pickPremises' } };
    target = { kind: 'premises', premiseIds: [...new Set(v.premiseIds)] };
  }
  const body: CreateNoticeBody = { kind: v.kind, title, message, startsAt: v.startsAt, target, publish };
  if (v.area?.trim()) body.area = v.area.trim();
  if (v.expectedEndAt) body.expectedEndAt = v.expectedEndAt;
  return { body };
}

/** A draft as the form's values, to edit it: buildings one "community / building" per line. */
export function toFormValues(n: Notice): NoticeFormValues {
  const t = n.target;
  return {
    kind: n.kind,
    title: n.title,
    message: n.message,
    area: n.area,
    startsAt: n.startsAt,
    expectedEndAt: n.expectedEndAt,
    targetKind: t.kind,
    ...(t.kind === 'nodes' ? { nodeIds: t.nodeIds } : {}),
    ...(t.kind === 'buildings' ? { buildingsText: t.buildings.map((b) => `${b.community} / ${b.building}`).join('\n') } : {}),
    ...(t.kind === 'premises' ? { premiseIds: t.premiseIds } : {}),
  };
}

/** Delivery progress for the bars: "waiting" counts queued and in-flight messages. */
export function deliverySummary(p: Progress | undefined) {
  const q = p ?? { queued: 0, sending: 0, sent: 0, failed: 0, suppressed: 0 };
  const waiting = q.queued + q.sending;
  const total = waiting + q.sent + q.failed + q.suppressed;
  const finished = total - waiting;
  return {
    total,
    waiting,
    sent: q.sent,
    failed: q.failed,
    suppressed: q.suppressed,
    /** Share of messages finished one way or the other, 0–100. */
    percent: total === 0 ? 0 : Math.round((finished / total) * 100),
    /** Share sent, 0–100 (the green part of the bar). */
    sentPercent: total === 0 ? 0 : Math.round((q.sent / total) * 100),
    done: total > 0 && waiting === 0,
  };
}

/** Keep polling while anything is still on its way (or the notice is active and may be ended elsewhere). */
export function shouldPoll(n: Notice | null): boolean {
  if (!n) return false;
  if (n.status === 'active') return true;
  if (n.status === 'ended') return !deliverySummary(n.delivery?.restoration).done && deliverySummary(n.delivery?.restoration).total > 0;
  return false;
}
