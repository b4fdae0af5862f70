import { z } from 'zod';
import { assertAttachmentsUsable } from '../attachments/attachment.policy.js';
import { requireTenantAdmin } from '../auth/roles.js';
import { toRectificationOut } from '../rectification/rectification.repo.js';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { errorResponses } from '../shared/http.js';
import { sendXlsx } from '../shared/xlsx.js';
import { rectificationOut } from '../tickets/complaint.schema.js';
import { loadComplaintSettings, saveComplaintSettings } from './complaint.repo.js';
import {
  complaintSettings,
  deskItem,
  deskQuery,
  escalationBody,
  investigatorBody,
  noteBody,
  rectificationBody,
  replyBody,
} from './complaint.schema.js';
import { analysisOut, analysisQuery, complaintAnalysis } from './complaint-analysis.js';
import { listComplaintDesk } from './complaint-desk.js';
import { addInvestigationNote, assignInvestigator, openComplaintRectification, recordEscalation, recordReply } from './handle-complaint.js';

const tags = ['complaints'];
const idParams = z.object({ id: z.uuid() });
const ANALYSIS_HEADERS = {
  source: ['来源', 'Source'],
  channel: ['渠道', 'Channel'],
  subType: ['投诉子类', 'Sub-type'],
  category: ['类别', 'Category'],
  unit: ['单位', 'Unit'],
  ruling: ['定性', 'Ruling'],
} as const;
const done = { 204: z.null(), ...errorResponses };

export function complaintRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/complaints',
    {
      schema: {
        tags,
        summary: 'The complaint desk: my cases, open cases, all, or the prevention worklist (view=risk)',
        querystring: deskQuery,
        response: { 200: z.object({ items: z.array(deskItem) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listComplaintDesk(ctxOf(req, deps), req.query) }),
  );

  api.get(
    '/complaints/analysis',
    {
      schema: {
        tags,
        summary: 'Complaints received per local month by source body, channel, sub-type, category, unit or ruling (in your scope)',
        querystring: analysisQuery,
        response: { 200: analysisOut, ...errorResponses },
      },
    },
    async (req) => complaintAnalysis(ctxOf(req, deps), req.query),
  );

  api.get(
    '/complaints/analysis.xlsx',
    {
      schema: {
        tags,
        summary: 'The complaint analysis as XLSX: one row per value of the dimension, one column per month, and the total',
        querystring: analysisQuery,
        response: { 200: z.any(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const a = await complaintAnalysis(ctxOf(req, deps), req.query);
      const en = req.query.lang === 'en';
      const dim = ANALYSIS_HEADERS[a.by][en ? 1 : 0];
      type Row = { label: string; months: { count: number }[]; total: number };
      const totalRow: Row = {
        label: en ? 'Total' : '合计',
        months: a.months.map((_, i) => ({ count: a.rows.reduce((n, r) => n + (r.months[i]?.count ?? 0), 0) })),
        total: a.total,
      };
      return sendXlsx(reply, `${en ? 'complaints' : '投诉分析'}-${req.query.from}--${req.query.to}-${a.by}.xlsx`, [
        {
          name: en ? `By ${dim.toLowerCase()}` : `按${dim}`,
          columns: [
            { header: dim, width: 24, value: (r: Row) => r.label },
            ...a.months.map((m, i) => ({ header: m, width: 9, value: (r: Row) => r.months[i]?.count ?? 0 })),
            { header: en ? 'Total' : '合计', value: (r: Row) => r.total },
          ],
          rows: [...a.rows, totalRow],
        },
      ]);
    },
  );

  api.get(
    '/complaints/settings',
    {
      schema: {
        tags,
        summary: "The tenant's complaint sub-types, measures and rules",
        response: { 200: complaintSettings, ...errorResponses },
      },
    },
    async (req) => loadComplaintSettings(deps.db, ctxOf(req, deps).actor.tenantId),
  );

  api.put(
    '/complaints/settings',
    {
      schema: {
        tags,
        summary: 'Edit the complaint settings (administrators of the whole tenant)',
        body: complaintSettings,
        response: { 200: complaintSettings, ...errorResponses },
      },
    },
    async (req) => {
      const { db, actor, clock } = ctxOf(req, deps);
      requireTenantAdmin(actor, 'Only an administrator of the whole organisation edits the complaint settings');
      await saveComplaintSettings(db, actor.tenantId, req.body, actor.userId, clock.now());
      return loadComplaintSettings(db, actor.tenantId);
    },
  );

  api.post(
    '/complaints/:id/investigator',
    {
      schema: {
        tags,
        summary: 'Assign the investigator (outside the complained-about unit by default)',
        params: idParams,
        body: investigatorBody,
        response: done,
      },
    },
    async (req, reply) => {
      await assignInvestigator(ctxOf(req, deps), req.params.id, req.body);
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/complaints/:id/notes',
    { schema: { tags, summary: 'An investigation note with its evidence', params: idParams, body: noteBody, response: done } },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      await assertAttachmentsUsable(ctx.db, ctx.actor, req.body.attachments);
      await addInvestigationNote(ctx, req.params.id, req.body);
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/complaints/:id/replies',
    {
      schema: {
        tags,
        summary: 'The reply to the complainant or to the escalating body (after the ruling)',
        params: idParams,
        body: replyBody,
        response: done,
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      await assertAttachmentsUsable(ctx.db, ctx.actor, req.body.attachments);
      await recordReply(ctx, req.params.id, req.body);
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/complaints/:id/rectification',
    {
      schema: {
        tags,
        summary: 'Order the rectification of a verified complaint by the charged unit (owner, deadline, task)',
        params: idParams,
        body: rectificationBody,
        response: { 201: rectificationOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const task = await openComplaintRectification(ctx, req.params.id, req.body);
      return reply.status(201).send(toRectificationOut(task, ctx.actor.timeZone, ctx.clock.now()));
    },
  );

  api.post(
    '/complaints/:id/escalations',
    {
      schema: {
        tags,
        summary: 'A new escalation of the same matter by an outside body; reopens a settled case',
        params: idParams,
        body: escalationBody,
        response: done,
      },
    },
    async (req, reply) => {
      await recordEscalation(ctxOf(req, deps), req.params.id, req.body);
      return reply.status(204).send(null);
    },
  );
}
