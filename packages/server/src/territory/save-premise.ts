import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/roles.js';
import type { DB } from '../db/schema.js';
import type { Ctx } from '../shared/context.js';
import { appError, fail } from '../shared/errors.js';
import { normalizePhone } from './household.js';
import { getNetworkNode } from './network-node.repo.js';
import { assertTerritoryWriter, assertWritableFor } from './premise.policy.js';
import {
  deleteCustomerRow,
  findCustomer,
  findPremiseScope,
  getPremises,
  insertPremise,
  type PremiseValues,
  updateCustomerRow,
  updatePremiseRow,
  upsertCustomers,
} from './premise.repo.js';
import type { CreatePremiseInput, CustomerInput, UpdatePremiseInput } from './territory.schema.js';

/** True when the error is PostgreSQL's unique violation of that named constraint. */
export const violates = (e: unknown, constraint: string) =>
  (e as { code?: string }).code === '23505' && (e as { constraint?: string }).constraint === constraint;

const accountTaken = (accountNo: string) =>
  appError('account_taken', `accountNo: "${accountNo}" is already the account of another premise`);
const phoneTaken = () => appError('phone_taken', 'phone: this premise already has a customer with that phone number');

async function unitPathOf(db: Kysely<DB>, tenantId: string, unitId: string) {
  const unit = await db.selectFrom('units').select('path').where('tenant_id', '=', tenantId).where('id', '=', unitId).executeTakeFirst();
  if (!unit) fail('unknown_unit', 'unitId: no such unit');
  return unit.path;
}

/** The network node a household is attached to: it must exist and belong to the actor's part of the register. */
async function nodeOf(db: Kysely<DB>, actor: Actor, nodeId: string) {
  const node = await getNetworkNode(db, actor.tenantId, nodeId);
  if (!node) fail('unknown_network_node', 'networkNodeId: no such network node');
  // Attaching a household to another company's station would put it in that company's outage notices.
  assertWritableFor(actor, node.unit_id ? await unitPathOf(db, actor.tenantId, node.unit_id) : null, 'networkNodeId');
  return node;
}

/** Column values from the API's field names; only the fields given. */
function toValues(input: UpdatePremiseInput): PremiseValues & { account_no?: string } {
  const v: PremiseValues & { account_no?: string } = {};
  if (input.accountNo !== undefined) v.account_no = input.accountNo;
  if (input.address !== undefined) v.address = input.address;
  if (input.district !== undefined) v.district = input.district;
  if (input.community !== undefined) v.community = input.community;
  if (input.building !== undefined) v.building = input.building;
  if (input.entrance !== undefined) v.entrance = input.entrance;
  if (input.room !== undefined) v.room = input.room;
  if (input.heatedArea !== undefined) v.heated_area = input.heatedArea;
  if (input.networkNodeId !== undefined) v.network_node_id = input.networkNodeId;
  if (input.unitId !== undefined) v.unit_id = input.unitId;
  if (input.areaTier !== undefined) v.area_tier = input.areaTier;
  if (input.flags !== undefined) v.flags = [...new Set(input.flags)];
  if (input.notes !== undefined) v.notes = input.notes;
  return v;
}

async function loadPremise(db: Kysely<DB>, tenantId: string, id: string) {
  const [p] = await getPremises(db, tenantId, [id]);
  if (!p) fail('not_found', 'Premise not found');
  return p;
}

/** The premise, checked to exist in the tenant and to be inside the actor's part of the register. */
async function writablePremise(db: Kysely<DB>, actor: Actor, id: string) {
  assertTerritoryWriter(actor);
  const p = await findPremiseScope(db, actor.tenantId, id);
  if (!p) fail('not_found', 'Premise not found');
  assertWritableFor(actor, p.unit_path, 'id');
  return p;
}

/**
 * Registers a household with its customers. Its responsible unit is the one given or, when
 * none is given, the unit of its network node; a manager may register households of their
 * own subtree only.
 */
export async function createPremise(ctx: Ctx, input: CreatePremiseInput) {
  const { actor, db } = ctx;
  assertTerritoryWriter(actor);
  const node = input.networkNodeId ? await nodeOf(db, actor, input.networkNodeId) : null;
  const unitId = input.unitId !== undefined ? input.unitId : (node?.unit_id ?? null);
  assertWritableFor(actor, unitId ? await unitPathOf(db, actor.tenantId, unitId) : null, input.unitId ? 'unitId' : 'networkNodeId');

  const now = ctx.clock.now();
  const id = randomUUID();
  const customers = new Map((input.customers ?? []).map((c) => [normalizePhone(c.phone)!, c.name]));
  try {
    await db.transaction().execute(async (trx) => {
      await insertPremise(
        trx,
        actor.tenantId,
        { ...toValues(input), id, account_no: input.accountNo, address: input.address, unit_id: unitId },
        now,
      );
      await upsertCustomers(
        trx,
        actor.tenantId,
        [...customers].map(([phone, name]) => ({ id: randomUUID(), premise_id: id, name, phone })),
        now,
      );
    });
  } catch (e) {
    if (violates(e, 'premise_account_unique')) throw accountTaken(input.accountNo);
    throw e;
  }
  return loadPremise(db, actor.tenantId, id);
}

/**
 * Changes the fields given. Moving a household to another unit needs write access to both
 * the old and the new unit. Leaving unitId out keeps the current unit even when the node changes.
 */
export async function updatePremise(ctx: Ctx, id: string, input: UpdatePremiseInput) {
  const { actor, db } = ctx;
  await writablePremise(db, actor, id);
  if (input.networkNodeId) await nodeOf(db, actor, input.networkNodeId);
  if (input.unitId !== undefined) {
    assertWritableFor(actor, input.unitId ? await unitPathOf(db, actor.tenantId, input.unitId) : null, 'unitId');
  }
  try {
    await updatePremiseRow(db, actor.tenantId, id, toValues(input), ctx.clock.now());
  } catch (e) {
    if (violates(e, 'premise_account_unique')) throw accountTaken(input.accountNo ?? '');
    throw e;
  }
  return loadPremise(db, actor.tenantId, id);
}

/** Adds a customer (a phone number that reaches the household); a phone already there is refused. */
export async function addCustomer(ctx: Ctx, premiseId: string, input: CustomerInput) {
  const { actor, db } = ctx;
  await writablePremise(db, actor, premiseId);
  try {
    await db
      .insertInto('customers')
      .values({
        tenant_id: actor.tenantId,
        id: randomUUID(),
        premise_id: premiseId,
        name: input.name,
        phone: normalizePhone(input.phone)!,
        created_at: ctx.clock.now(),
      })
      .execute();
  } catch (e) {
    if (violates(e, 'customer_phone_per_premise_unique')) throw phoneTaken();
    throw e;
  }
  return loadPremise(db, actor.tenantId, premiseId);
}

/** Renames a customer or changes their phone number. */
export async function updateCustomer(ctx: Ctx, premiseId: string, customerId: string, input: Partial<CustomerInput>) {
  const { actor, db } = ctx;
  await writablePremise(db, actor, premiseId);
  if (!(await findCustomer(db, actor.tenantId, premiseId, customerId))) fail('not_found', 'Customer not found');
  try {
    await updateCustomerRow(db, actor.tenantId, customerId, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.phone !== undefined && { phone: normalizePhone(input.phone)! }),
    });
  } catch (e) {
    if (violates(e, 'customer_phone_per_premise_unique')) throw phoneTaken();
    throw e;
  }
  return loadPremise(db, actor.tenantId, premiseId);
}

/** Removes a customer from the household; orders keep the contact they were filed with. */
export async function removeCustomer(ctx: Ctx, premiseId: string, customerId: string) {
  const { actor, db } = ctx;
  await writablePremise(db, actor, premiseId);
  if (!(await findCustomer(db, actor.tenantId, premiseId, customerId))) fail('not_found', 'Customer not found');
  await deleteCustomerRow(db, actor.tenantId, customerId);
  return loadPremise(db, actor.tenantId, premiseId);
}
