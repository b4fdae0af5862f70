import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, Unit } from '../db/schema.js';
import { fail } from '../shared/errors.js';

const CHILD_KIND: Record<Unit['kind'], Unit['kind'] | null> = {
  group: 'company',
  company: 'station',
  station: 'team',
  team: null,
};

/** Units of a tenant under a path prefix, parents before children. */
export function listUnits(db: Kysely<DB>, tenantId: string, pathPrefix = '/') {
  return db
    .selectFrom('units')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('path', 'like', `${pathPrefix}%`)
    .orderBy('path')
    .execute();
}

export async function getUnit(db: Kysely<DB>, tenantId: string, id: string): Promise<Unit> {
  const unit = await db.selectFrom('units').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!unit) fail('not_found', 'Unit not found');
  return unit;
}

/** Adds a unit below its parent; the kind must be the parent's next level (group → company → station → team). */
export async function createUnit(
  db: Kysely<DB>,
  tenantId: string,
  input: { parentId: string | null; kind: Unit['kind']; code: string; name: string; id?: string },
): Promise<Unit> {
  const id = input.id ?? randomUUID();
  let path = `/${id}/`;
  if (input.parentId) {
    const parent = await getUnit(db, tenantId, input.parentId);
    if (CHILD_KIND[parent.kind] !== input.kind) {
      fail('invalid_unit_kind', `kind: a ${parent.kind} can only contain a ${CHILD_KIND[parent.kind] ?? 'nothing'}`);
    }
    path = `${parent.path}${id}/`;
  } else if (input.kind !== 'group') {
    fail('invalid_unit_kind', 'kind: a unit without a parent must be a group');
  }
  const unit = { tenant_id: tenantId, id, parent_id: input.parentId, kind: input.kind, code: input.code, name: input.name, path };
  await db.insertInto('units').values(unit).execute();
  return unit;
}

export type UnitNode = { id: string; parentId: string | null; kind: Unit['kind']; code: string; name: string; children: UnitNode[] };

/** Builds the nested tree from a flat, path-ordered list. */
export function toTree(units: Unit[]): UnitNode[] {
  const byId = new Map<string, UnitNode>();
  const roots: UnitNode[] = [];
  for (const u of units) {
    const node: UnitNode = { id: u.id, parentId: u.parent_id, kind: u.kind, code: u.code, name: u.name, children: [] };
    byId.set(u.id, node);
    const parent = u.parent_id ? byId.get(u.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
