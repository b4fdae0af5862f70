import { z } from 'zod';
import { KINDS } from '../catalog/kinds.js';
import { kindSchema, prioritySchema } from '../catalog/kinds.schema.js';
import { instant } from '../shared/instant.js';
import { complaintIntake, complaintOut, ruleAction } from './complaint.schema.js';
import { ACTIONS, STATUSES } from './ticket.state.js';

export const CHANNELS = ['hotline', 'window', 'web', 'app', 'sms', 'open311', 'escalated', 'import'] as const;
/** Outside bodies that escalate or forward requests (越级 / 转办). */
export const SOURCE_BODIES = ['regulator', 'provincial_hotline', '95598', '12345', 'conduct_office', 'media', 'other'] as const;

const statusSchema = z.enum(STATUSES).meta({ id: 'Status' });
const actionSchema = z.enum(ACTIONS).meta({ id: 'Action' });
const channelSchema = z.enum(CHANNELS).meta({ id: 'Channel' });

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number of 5–20 digits');
const isoDate = instant;
const attachments = z.array(z.string().min(1).max(500)).max(20).optional();

export const createTicketBody = z
  .object({
    kind: kindSchema,
    channel: channelSchema,
    categoryCode: z.string().min(1).max(64),
    description: z.string().trim().min(1).max(4000),
    premiseId: z.uuid().optional(),
    address: z.string().trim().min(1).max(300).optional(),
    contact: z.object({ name: z.string().trim().min(1).max(100), phone }),
    priority: prioritySchema.optional(),
    /** When the request reached the first body: an escalated or imported request keeps its original receipt time. */
    receivedAt: isoDate.optional(),
    source: z.object({ body: z.enum(SOURCE_BODIES), reference: z.string().trim().min(1).max(100) }).optional(),
    attachments,
    /** A complaint's subject, sub-type and outside deadline (kind complaint only). */
    complaint: complaintIntake.optional(),
  })
  .refine((b) => b.premiseId || b.address, { message: 'premiseId or address is required', path: ['address'] })
  .refine((b) => b.channel !== 'escalated' || b.source, {
    message: 'an escalated request names its source body and reference',
    path: ['source'],
  })
  .refine((b) => !b.complaint || b.kind === 'complaint', {
    message: 'only an order of kind complaint carries complaint',
    path: ['complaint'],
  });
export type CreateTicketInput = z.infer<typeof createTicketBody>;

const note = z.string().trim().max(4000).optional();
const reason = z.string().trim().min(1).max(4000);

export const actionBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), note, attachments }),
  z.object({ action: z.literal('dispatch'), unitId: z.uuid(), assigneeId: z.uuid().optional(), note, attachments }),
  z.object({ action: z.literal('take'), note, attachments }),
  z.object({ action: z.literal('arrive'), note, attachments }),
  z.object({ action: z.literal('resolve'), note: reason, attachments }),
  z.object({ action: z.literal('callback'), satisfaction: z.number().int().min(1).max(5), note, attachments }),
  z.object({ action: z.literal('close'), note, attachments }),
  z.object({ action: z.literal('reopen'), reason, attachments }),
  z.object({ action: z.literal('suspend'), reason, attachments }),
  z.object({ action: z.literal('resume'), note, attachments }),
  z.object({ action: z.literal('transfer'), unitId: z.uuid(), note, attachments }),
  z.object({ action: z.literal('return'), reason, attachments }),
  ruleAction,
  z.object({
    action: z
      .literal('repeat_call')
      .describe('the household called again about this open order (催单); the caller is told its state and deadline'),
    channel: channelSchema.default('hotline'),
    note,
    attachments,
  }),
  z.object({
    action: z.literal('supervise').describe('urge the order (督办) with a note and a deadline; the unit holding it is told'),
    note: reason,
    dueBy: isoDate,
    attachments,
  }),
  z.object({
    action: z.literal('merge').describe('close this order as a duplicate of another, the link kept on both'),
    intoId: z.uuid(),
    note,
    attachments,
  }),
]);
export type ActionInput = z.infer<typeof actionBody>;

const zoned = z.string().describe('ISO 8601 with the tenant time zone offset');

export const ticketEvent = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    at: zoned,
    actorId: z.string().nullable(),
    note: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    attachments: z.array(z.string()),
  })
  .meta({ id: 'TicketEvent' });

export const ticketOut = z
  .object({
    id: z.string(),
    number: z.string(),
    kind: kindSchema,
    channel: channelSchema,
    status: statusSchema,
    categoryCode: z.string(),
    priority: prioritySchema,
    premiseId: z.string().nullable(),
    address: z.string(),
    areaTier: z.string(),
    contact: z.object({ name: z.string(), phone: z.string() }),
    description: z.string(),
    unitId: z.string(),
    assigneeId: z.string().nullable(),
    firstContactUserId: z.string().nullable(),
    source: z.object({ body: z.string(), reference: z.string() }).nullable(),
    receivedAt: zoned,
    createdAt: zoned,
    updatedAt: zoned,
    deadlines: z.object({ respondBy: zoned.nullable(), arriveBy: zoned.nullable(), resolveBy: zoned.nullable() }),
    respondedAt: zoned.nullable(),
    arrivedAt: zoned.nullable(),
    resolvedAt: zoned.nullable(),
    closedAt: zoned.nullable(),
    late: z.boolean().describe('a clock was missed, now or earlier'),
    overdue: z.boolean().describe('an open clock has passed right now'),
    repeatOfId: z.string().nullable(),
    repeatCalls: z.number().int().describe('how often the household called again about this order (催单)'),
    duplicateOfId: z.string().nullable().describe('the order this one was closed as a duplicate of'),
    duplicates: z
      .array(z.object({ id: z.string(), number: z.string() }))
      .optional()
      .describe('orders closed as duplicates of this one (with the full view only)'),
    satisfaction: z.number().int().nullable(),
    reopenCount: z.number().int(),
    allowedActions: z.array(actionSchema),
    events: z.array(ticketEvent).optional(),
    /** Present on one order of kind complaint (not in lists). */
    complaint: complaintOut.nullable().optional(),
  })
  .meta({ id: 'Ticket' });
export type TicketOut = z.infer<typeof ticketOut>;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)));

const flag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

/** Orders a list can be sorted by: filed (the default, newest first), received, the resolution deadline, the step of the loop. */
export const SORTS = ['created', 'received', 'deadline', 'status'] as const;

/** Filters shared by the list, the search screen and the export. */
export const filterQuery = z.object({
  q: z
    .string()
    .trim()
    .min(2, 'at least two characters')
    .max(100)
    .optional()
    .describe('an order number, a phone (dashes, spaces, +86 / 0086 ignored), or a fragment of the address or description'),
  status: csv(STATUSES).optional(),
  kind: csv(KINDS).optional(),
  channel: csv(CHANNELS).optional(),
  sourceBody: csv(SOURCE_BODIES).optional(),
  unitId: z.uuid().optional(),
  categoryCode: z.string().max(64).optional(),
  assigneeId: z.uuid().optional(),
  premiseId: z.uuid().optional(),
  phone: z.string().max(30).optional(),
  overdue: flag,
  late: flag.describe('a clock was missed, now or earlier'),
  from: isoDate.optional().describe('filed at or after'),
  to: isoDate.optional().describe('filed before'),
  sort: z.enum(SORTS).default('created'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type FilterQuery = z.infer<typeof filterQuery>;

export const listQuery = filterQuery.extend({
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListQuery = z.infer<typeof listQuery>;

export const exportQuery = filterQuery.extend({
  format: z.enum(['xlsx']),
  lang: z.enum(['zh-CN', 'en']).default('zh-CN').describe('the language of the headers and labels'),
});
export type ExportQuery = z.infer<typeof exportQuery>;
