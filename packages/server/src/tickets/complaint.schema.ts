import { z } from 'zod';
import { instant } from '../shared/instant.js';

// The complaint facet of a work order (issue 10, CONTRACT "Complaints"): what a complaint carries
// beyond the order itself. tickets/ owns the order's contract, so the shapes live here; the rows
// are complaints/'s, which fills them in through a registered handler.

export const RULINGS = ['verified', 'partly_verified', 'unfounded'] as const;
export type Ruling = (typeof RULINGS)[number];
export const SUBJECT_TYPES = ['order', 'staff', 'unit', 'service'] as const;
export const DIRECT_VIA = ['hotline', 'window', 'portal', 'letter', 'visit'] as const;

const rulingSchema = z.enum(RULINGS).meta({ id: 'Ruling' });

/** What a complaint is about: an earlier order, a crew or staff member, a unit, or the service in general. */
export const complaintSubjectIn = z
  .object({
    type: z.enum(SUBJECT_TYPES),
    ticketId: z.uuid().optional(),
    userId: z.uuid().optional(),
    unitId: z.uuid().optional(),
  })
  .refine((s) => s.type !== 'order' || s.ticketId, { message: 'a complaint about an order names ticketId', path: ['ticketId'] })
  .refine((s) => s.type !== 'staff' || s.userId, { message: 'a complaint about a person names userId', path: ['userId'] })
  .refine((s) => s.type !== 'unit' || s.unitId, { message: 'a complaint about a unit names unitId', path: ['unitId'] });

/** The complaint part of a new order of kind complaint (`complaint` in POST /tickets). */
export const complaintIntake = z.object({
  subject: complaintSubjectIn.default({ type: 'service' }),
  subType: z.string().trim().min(1).max(64).default('other'),
  /** How a direct complaint came in (an escalated one names its outside body in `source`). */
  via: z.enum(DIRECT_VIA).optional(),
  /** The outside body's own deadline for its answer. */
  dueAt: instant.optional(),
  writtenReplyExpected: z.boolean().default(false),
});
export type ComplaintIntake = z.infer<typeof complaintIntake>;

/** The ruling step (定性/定责): the ticket action `rule`. */
export const ruleAction = z.object({
  action: z.literal('rule'),
  ruling: rulingSchema,
  chargedUnitId: z.uuid().optional(),
  chargedUserIds: z.array(z.uuid()).max(20).optional(),
  measures: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
  note: z.string().trim().min(1, 'a ruling states its reasons').max(4000),
  attachments: z.array(z.string().min(1).max(500)).max(20).optional(),
});
export type RuleInput = z.infer<typeof ruleAction>;

const zoned = z.string().describe('ISO 8601 with the tenant time zone offset');

export const complaintReplyOut = z
  .object({
    id: z.string(),
    audience: z.enum(['complainant', 'body']),
    method: z.enum(['letter', 'phone', 'visit', 'document']),
    repliedAt: zoned,
    content: z.string(),
    accepted: z.boolean().nullable(),
    attachments: z.array(z.string()),
    recordedBy: z.string(),
  })
  .meta({ id: 'ComplaintReply' });

export const rectificationOut = z
  .object({
    id: z.string(),
    status: z.enum(['open', 'submitted', 'verified', 'sent_back']),
    ownerId: z.string(),
    unitId: z.string(),
    deadline: zoned,
    task: z.string(),
    doneNote: z.string().nullable(),
    evidence: z.array(z.string()),
    submittedAt: zoned.nullable(),
    verifiedAt: zoned.nullable(),
    verifiedBy: z.string().nullable(),
    sentBackReason: z.string().nullable(),
    overdue: z.boolean(),
  })
  .meta({ id: 'Rectification' });

/** The outside body's deadline as a clock: running, warned (past the tenant's warning share), breached, or met by the reply. */
export const outsideClockState = z.enum(['running', 'warning', 'breached', 'met']).meta({ id: 'OutsideClockState' });

export const complaintOut = z
  .object({
    subject: z.object({
      type: z.enum(SUBJECT_TYPES),
      ticketId: z.string().nullable(),
      ticketNumber: z.string().nullable(),
      userId: z.string().nullable(),
      userName: z.string().nullable(),
      unitId: z.string().nullable(),
      unitName: z.string().nullable(),
    }),
    subType: z.string(),
    source: z.object({
      type: z.enum(['direct', 'escalated']),
      via: z.enum(DIRECT_VIA).nullable(),
      body: z.string().nullable(),
      reference: z.string().nullable(),
      receivedAt: zoned,
      dueAt: zoned.nullable(),
      clock: outsideClockState.nullable(),
      writtenReplyExpected: z.boolean(),
    }),
    investigatorId: z.string().nullable(),
    ruling: rulingSchema.nullable(),
    rulingNote: z.string().nullable(),
    ruledAt: zoned.nullable(),
    ruledBy: z.string().nullable(),
    chargedUnitId: z.string().nullable(),
    chargedUserIds: z.array(z.string()),
    measures: z.array(z.string()),
    rectification: rectificationOut.nullable(),
    replies: z.array(complaintReplyOut),
    escalations: z.array(
      z.object({ body: z.string(), reference: z.string(), receivedAt: zoned, dueAt: zoned.nullable(), writtenReplyExpected: z.boolean() }),
    ),
    repeatOfId: z.string().nullable(),
    hiddenFromSubjectUnit: z.boolean().describe('the complained-about unit cannot see the case until it is ruled'),
  })
  .meta({ id: 'Complaint' });
export type ComplaintOut = z.infer<typeof complaintOut>;
