import { z } from 'zod';
import { instant } from '../shared/instant.js';

export const NOTICE_KINDS = ['planned_outage', 'unplanned_outage', 'cold_snap', 'major_repair'] as const;

/** Who a notice reaches: households under network nodes, in buildings, or a list of premises. */
export const noticeTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('nodes'), nodeIds: z.array(z.uuid()).min(1).max(1000) }),
  z.object({
    kind: z.literal('buildings'),
    buildings: z
      .array(z.object({ community: z.string().min(1).max(200), building: z.string().min(1).max(100) }))
      .min(1)
      .max(5000),
  }),
  z.object({ kind: z.literal('premises'), premiseIds: z.array(z.uuid()).min(1).max(200_000) }),
]);
export type NoticeTarget = z.infer<typeof noticeTarget>;

export const createNoticeBody = z
  .object({
    kind: z.enum(NOTICE_KINDS),
    title: z.string().min(1).max(100),
    message: z.string().min(1).max(500),
    area: z.string().max(200).optional(),
    startsAt: instant,
    expectedEndAt: instant.optional(),
    target: noticeTarget,
    /** The unit the notice belongs to (default: the author's); it must lie in the author's part of the organisation. */
    unitId: z.uuid().optional(),
    /** Publish at once (send to every household) instead of saving a draft. */
    publish: z.boolean().optional(),
  })
  .refine((b) => !b.expectedEndAt || Date.parse(b.expectedEndAt) > Date.parse(b.startsAt), {
    path: ['expectedEndAt'],
    message: 'must be after startsAt',
  });
export type CreateNoticeInput = z.infer<typeof createNoticeBody>;

/** Changes to a draft: every field optional; expectedEndAt null makes the notice open-ended. */
export const updateNoticeBody = z
  .object({
    kind: z.enum(NOTICE_KINDS).optional(),
    title: z.string().min(1).max(100).optional(),
    message: z.string().min(1).max(500).optional(),
    area: z.string().max(200).optional(),
    startsAt: instant.optional(),
    expectedEndAt: instant.nullable().optional(),
    target: noticeTarget.optional(),
  })
  .strict();
export type UpdateNoticeInput = z.infer<typeof updateNoticeBody>;

/** What publishing a draft would do: households reached, messages, and the exact text per language. */
export const noticePreviewOut = z
  .object({
    premises: z.number(),
    recipients: z.number(),
    messages: z.array(z.object({ locale: z.enum(['zh-CN', 'en']), recipients: z.number(), text: z.string() })),
  })
  .meta({ id: 'NoticePreview' });

export const endNoticeBody = z.object({
  restorationMessage: z.string().min(1).max(500).optional(),
  /** Resolve the orders linked to the notice; each still gets its callback. */
  resolveLinked: z.boolean().optional(),
});

const progress = z.object({ queued: z.number(), sending: z.number(), sent: z.number(), failed: z.number(), suppressed: z.number() });
export const noticeOut = z
  .object({
    id: z.string(),
    kind: z.enum(NOTICE_KINDS),
    title: z.string(),
    message: z.string(),
    area: z.string(),
    status: z.enum(['draft', 'active', 'ended']),
    startsAt: z.string(),
    expectedEndAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    target: z.unknown(),
    premiseCount: z.number(),
    unitId: z.string(),
    linkedTickets: z.number().optional(),
    delivery: z.object({ notice: progress, restoration: progress }).optional(),
  })
  .meta({ id: 'Notice' });
export type NoticeOut = z.infer<typeof noticeOut>;
