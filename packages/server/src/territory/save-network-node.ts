import { randomUUID } from 'node:crypto';
import type { Ctx } from '../shared/context.js';
import { fail } from '../shared/errors.js';
import { getNetworkNode, insertNetworkNode, updateNetworkNodeRow } from './network-node.repo.js';
import { assertTerritoryWriter, assertWritableFor } from './premise.policy.js';
import { violates } from './save-premise.js';
import type { CreateNodeInput, UpdateNodeInput } from './territory.schema.js';

async function unitPath(ctx: Ctx, unitId: string | null) {
  if (!unitId) return null;
  const unit = await ctx.db
    .selectFrom('units')
    .select('path')
    .where('tenant_id', '=', ctx.actor.tenantId)
    .where('id', '=', unitId)
    .executeTakeFirst();
  if (!unit) fail('unknown_unit', 'unitId: no such unit');
  return unit.path;
}

/** Adds a network node (heat-exchange station, feeder …) operated by a unit of the actor's subtree. */
export async function createNetworkNode(ctx: Ctx, input: CreateNodeInput) {
  const { actor } = ctx;
  assertTerritoryWriter(actor);
  const unitId = input.unitId ?? null;
  assertWritableFor(actor, await unitPath(ctx, unitId), 'unitId');
  const id = randomUUID();
  try {
    await insertNetworkNode(ctx.db, {
      tenant_id: actor.tenantId,
      id,
      kind: input.kind,
      code: input.code,
      name: input.name,
      unit_id: unitId,
    });
  } catch (e) {
    if (violates(e, 'node_code_unique')) fail('node_code_taken', `code: "${input.code}" is already the code of another node`);
    throw e;
  }
  return (await getNetworkNode(ctx.db, actor.tenantId, id))!;
}

/** Renames a node, changes its kind or hands it to another unit. Its premises keep their own unit. */
export async function updateNetworkNode(ctx: Ctx, id: string, input: UpdateNodeInput) {
  const { actor } = ctx;
  assertTerritoryWriter(actor);
  const node = await getNetworkNode(ctx.db, actor.tenantId, id);
  if (!node) fail('not_found', 'Network node not found');
  assertWritableFor(actor, await unitPath(ctx, node.unit_id), 'id');
  if (input.unitId !== undefined) assertWritableFor(actor, await unitPath(ctx, input.unitId), 'unitId');
  await updateNetworkNodeRow(ctx.db, actor.tenantId, id, {
    ...(input.kind !== undefined && { kind: input.kind }),
    ...(input.name !== undefined && { name: input.name }),
    ...(input.unitId !== undefined && { unit_id: input.unitId }),
  });
  return (await getNetworkNode(ctx.db, actor.tenantId, id))!;
}
