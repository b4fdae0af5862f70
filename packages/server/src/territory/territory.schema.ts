import { z } from 'zod';
import { AREA_TIERS } from '../catalog/kinds.js';
import { HOUSEHOLD_FLAGS, NODE_KINDS, normalizePhone } from './household.js';

const text = (max: number) => z.string().trim().max(max);
const phone = z
  .string()
  .trim()
  .max(40)
  .refine((s) => normalizePhone(s) !== null, 'a phone number of 5–20 digits (spaces and dashes are ignored)');
const twoDecimals = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;

export const customerBody = z.object({ name: z.string().trim().min(1).max(100), phone });
export type CustomerInput = z.infer<typeof customerBody>;

const premiseFields = {
  accountNo: z
    .string()
    .trim()
    .regex(/^\S{1,64}$/, '1–64 characters without spaces'),
  address: z.string().trim().min(1).max(300),
  district: text(100).optional(),
  community: text(100).optional(),
  building: text(100).optional(),
  entrance: text(100).optional(),
  room: text(100).optional(),
  heatedArea: z.number().positive().max(99_999_999.99).refine(twoDecimals, 'at most two decimals').nullable().optional(),
  networkNodeId: z.uuid().nullable().optional(),
  /** The responsible station; when omitted, the network node's unit. */
  unitId: z.uuid().nullable().optional(),
  areaTier: z.enum(AREA_TIERS).optional(),
  flags: z.array(z.enum(HOUSEHOLD_FLAGS)).max(HOUSEHOLD_FLAGS.length).optional(),
  notes: text(2000).optional(),
};

export const createPremiseBody = z.object({ ...premiseFields, customers: z.array(customerBody).max(20).optional() });
export type CreatePremiseInput = z.infer<typeof createPremiseBody>;

export const updatePremiseBody = z
  .object(premiseFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' });
export type UpdatePremiseInput = z.infer<typeof updatePremiseBody>;

export const updateCustomerBody = customerBody.partial().refine((b) => Object.keys(b).length > 0, { message: 'give name or phone' });

export const premiseOut = z
  .object({
    id: z.string(),
    accountNo: z.string(),
    address: z.string(),
    district: z.string(),
    community: z.string(),
    building: z.string(),
    entrance: z.string(),
    room: z.string(),
    heatedArea: z.number().nullable(),
    areaTier: z.string(),
    unitId: z.string().nullable(),
    networkNode: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
    flags: z.array(z.enum(HOUSEHOLD_FLAGS)),
    notes: z.string(),
    customers: z.array(z.object({ id: z.string(), name: z.string(), phone: z.string() })),
  })
  .meta({ id: 'Premise' });
export type PremiseOut = z.infer<typeof premiseOut>;

export const nodeOut = z
  .object({
    id: z.string(),
    kind: z.string(),
    code: z.string(),
    name: z.string(),
    unitId: z.string().nullable(),
    premiseCount: z.number().int(),
  })
  .meta({ id: 'NetworkNode' });

export const createNodeBody = z.object({
  kind: z.enum(NODE_KINDS).default('heat_exchange_station'),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, '1–64 letters, digits, dot, dash or underscore'),
  name: z.string().trim().min(1).max(200),
  unitId: z.uuid().nullable().optional(),
});
export type CreateNodeInput = z.infer<typeof createNodeBody>;

export const updateNodeBody = z
  .object({ kind: z.enum(NODE_KINDS), name: z.string().trim().min(1).max(200), unitId: z.uuid().nullable() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' });
export type UpdateNodeInput = z.infer<typeof updateNodeBody>;

/** The answer of an import that was written. */
export const importOut = z.object({
  imported: z.number().int().describe('premise rows written (one per account number)'),
  created: z.number().int(),
  updated: z.number().int(),
  customers: z.number().int().describe('customer rows added or renamed'),
});
