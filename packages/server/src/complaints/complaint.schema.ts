import { z } from 'zod';
import { instant } from '../shared/instant.js';
import { outsideClockState, RULINGS, SUBJECT_TYPES } from '../tickets/complaint.schema.js';
import { SOURCE_BODIES } from '../tickets/ticket.schema.js';
import { RISK_FLAGS } from './complaint.rules.js';

// The boundary of complaints/'s own routes (the ruling is the ticket action `rule`).

const attachments = z.array(z.string().min(1).max(500)).max(20).optional();

const listEntry = z.object({
  code: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _')
    .describe('stable once used'),
  zh: z.string().trim().min(1).max(50),
  en: z.string().trim().min(1).max(80),
  active: z.boolean().default(true),
});
const uniqueCodes = (list: { code: string }[]) => new Set(list.map((e) => e.code)).size === list.length;

export const complaintSettings = z
  .object({
    hideUntilRuled: z.boolean().describe('the complained-about unit sees the case only after the ruling'),
    repeatWindowDays: z.number().int().min(0).max(3650),
    subTypes: z.array(listEntry).min(1).max(50).refine(uniqueCodes, 'codes must be unique'),
    measures: z.array(listEntry).min(1).max(50).refine(uniqueCodes, 'codes must be unique'),
  })
  .meta({ id: 'ComplaintSettings' });

export const investigatorBody = z.object({
  userId: z.uuid(),
  /** Deliberately choose someone of the complained-about unit (refused otherwise). */
  insideSubjectUnit: z.boolean().default(false),
});

export const noteBody = z.object({ note: z.string().trim().min(1).max(4000), attachments });

export const replyBody = z.object({
  audience: z.enum(['complainant', 'body']),
  method: z.enum(['letter', 'phone', 'visit', 'document']),
  repliedAt: instant.optional(),
  content: z.string().trim().min(1).max(4000),
  accepted: z.boolean().optional(),
  attachments,
});

export const escalationBody = z
  .object({
    body: z.enum(SOURCE_BODIES),
    reference: z.string().trim().min(1).max(100),
    receivedAt: instant.optional(),
    dueAt: instant.optional(),
    writtenReplyExpected: z.boolean().default(false),
    note: z.string().trim().max(4000).optional(),
  })
  .refine((b) => !b.dueAt || !b.receivedAt || Date.parse(b.dueAt) > Date.parse(b.receivedAt), {
    message: 'must be after receivedAt',
    path: ['dueAt'],
  });

export const rectificationBody = z.object({
  ownerId: z.uuid(),
  deadline: instant,
  task: z.string().trim().min(1).max(4000),
});

export const deskQuery = z.object({
  view: z.enum(['mine', 'open', 'risk', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

const zoned = z.string();

export const deskItem = z
  .object({
    id: z.string(),
    number: z.string(),
    status: z.string(),
    channel: z.string(),
    categoryCode: z.string(),
    unitId: z.string(),
    address: z.string(),
    contactName: z.string(),
    receivedAt: zoned,
    resolveBy: zoned.nullable(),
    sourceBody: z.string().nullable(),
    sourceReference: z.string().nullable(),
    subjectType: z.enum(SUBJECT_TYPES),
    subType: z.string(),
    investigatorId: z.string().nullable(),
    ruling: z.enum(RULINGS).nullable(),
    dueAt: zoned.nullable(),
    clock: outsideClockState.nullable(),
    riskFlags: z.array(z.enum(RISK_FLAGS)),
  })
  .meta({ id: 'ComplaintDeskItem' });
