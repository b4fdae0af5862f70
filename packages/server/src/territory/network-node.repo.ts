import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

export type NodeRow = { id: string; kind: string; code: string; name: string; unit_id: string | null; premise_count: number };

/** Network nodes of a tenant by code, optionally below a unit path, with how many premises hang on each. */
export function listNetworkNodes(db: Kysely<DB>, tenantId: string, opts: { unitPath?: string; q?: string } = {}): Promise<NodeRow[]> {
  let query = db
    .selectFrom('network_nodes as n')
    .leftJoin('units as u', 'u.id', 'n.unit_id')
    .select(['n.id', 'n.kind', 'n.code', 'n.name', 'n.unit_id'])
    .select(
      sql<number>`(SELECT count(*) FROM premises p WHERE p.tenant_id = n.tenant_id AND p.network_node_id = n.id)::int`.as('premise_count'),
    )
    .where('n.tenant_id', '=', tenantId);
  if (opts.unitPath) query = query.where('u.path', 'like', `${opts.unitPath}%`);
  if (opts.q) {
    const like = `%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('n.code', 'ilike', like), eb('n.name', 'ilike', like)]));
  }
  return query.orderBy('n.code').execute();
}

export async function getNetworkNode(db: Kysely<DB>, tenantId: string, id: string): Promise<NodeRow | undefined> {
  const [row] = await db
    .selectFrom('network_nodes as n')
    .select(['n.id', 'n.kind', 'n.code', 'n.name', 'n.unit_id'])
    .select(
      sql<number>`(SELECT count(*) FROM premises p WHERE p.tenant_id = n.tenant_id AND p.network_node_id = n.id)::int`.as('premise_count'),
    )
    .where('n.tenant_id', '=', tenantId)
    .where('n.id', '=', id)
    .execute();
  return row;
}

/** Nodes of these codes with their unit and its path, for resolving an import in one query. */
export function findNodesByCodes(db: Kysely<DB>, tenantId: string, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('network_nodes as n')
    .leftJoin('units as u', 'u.id', 'n.unit_id')
    .select(['n.id', 'n.code', 'n.unit_id', 'u.path as unit_path'])
    .where('n.tenant_id', '=', tenantId)
    .where(sql<boolean>`n.code = any(${codes}::text[])`)
    .execute();
}

/** Units of these codes with their paths. */
export function findUnitsByCodes(db: Kysely<DB>, tenantId: string, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('units')
    .select(['id', 'code', 'path', 'kind'])
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`code = any(${codes}::text[])`)
    .execute();
}

export async function insertNetworkNode(
  db: Kysely<DB>,
  row: { tenant_id: string; id: string; kind: string; code: string; name: string; unit_id: string | null },
) {
  await db.insertInto('network_nodes').values(row).execute();
}

export async function updateNetworkNodeRow(
  db: Kysely<DB>,
  tenantId: string,
  id: string,
  values: { kind?: string; name?: string; unit_id?: string | null },
) {
  await db.updateTable('network_nodes').set(values).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}
