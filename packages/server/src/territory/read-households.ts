import { type Kysely, sql } from 'kysely';
import type { Actor } from '../auth/roles.js';
import type { DB } from '../db/schema.js';
import { fail } from '../shared/errors.js';
import { contactView, householdReadScope } from './premise.policy.js';
import { getPremises, premiseLookupQueries } from './premise.repo.js';
import type { PremiseOut } from './territory.schema.js';
import { toPremiseOut } from './territory.view.js';

/** Of these premise ids, those the actor may read (see `householdReadScope`), in the given order. */
export async function readablePremiseIds(db: Kysely<DB>, actor: Actor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const scope = householdReadScope(actor);
  let q = db
    .selectFrom('premises as p')
    .leftJoin('units as u', (j) => j.onRef('u.tenant_id', '=', 'p.tenant_id').onRef('u.id', '=', 'p.unit_id'))
    .select('p.id')
    .where('p.tenant_id', '=', actor.tenantId)
    .where('p.id', 'in', ids);
  if (scope.kind === 'own_orders') {
    q = q.where('p.id', 'in', (eb) =>
      eb
        .selectFrom('tickets')
        .select(sql<string>`premise_id`.as('premise_id'))
        .where('tenant_id', '=', actor.tenantId)
        .where('assignee_id', '=', scope.userId)
        .where('premise_id', 'is not', null),
    );
  } else {
    q = q.where((eb) => eb.or([eb('u.path', 'like', `${scope.path}%`), ...(scope.includeUnowned ? [eb('p.unit_id', 'is', null)] : [])]));
  }
  const allowed = new Set((await q.execute()).map((r) => r.id));
  return ids.filter((id) => allowed.has(id));
}

/** A household as this actor may see it: phones masked and notes withheld in the masked view. */
function shown(p: Parameters<typeof toPremiseOut>[0], view: 'full' | 'masked'): PremiseOut {
  const out = toPremiseOut(p);
  if (view === 'full') return out;
  return { ...out, notes: '', customers: out.customers.map((c) => ({ ...c, phone: maskPhone(c.phone) })) };
}

/**
 * Hides the middle of a phone number the way Chinese service desks print it.
 * @example maskPhone('13900010001') // '139****0001'
 */
export function maskPhone(phone: string): string {
  return phone.length <= 7 ? '*'.repeat(phone.length) : `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** Looks households up by phone, account or address fragment, limited to what the actor may read. */
export async function lookupHouseholds(db: Kysely<DB>, actor: Actor, q: string, limit: number): Promise<PremiseOut[]> {
  const { byPhone, byAccount, byAddress } = premiseLookupQueries(db, actor.tenantId, q, limit);
  const [phoneRows, accountRows, addressRows] = await Promise.all([
    byPhone?.execute() ?? [],
    byAccount?.execute() ?? [],
    byAddress?.execute() ?? [],
  ]);
  const byNumber = new Set([...phoneRows, ...accountRows].map((r) => r.id));
  const ids = await readablePremiseIds(db, actor, [...new Set([...accountRows, ...phoneRows, ...addressRows].map((r) => r.id))]);
  const premises = await getPremises(db, actor.tenantId, ids.slice(0, limit));
  return premises.map((p) => shown(p, contactView(actor, byNumber.has(p.id))));
}

/** One household as the actor may see it; 404 when it is outside what they may read. */
export async function readHousehold(db: Kysely<DB>, actor: Actor, id: string): Promise<PremiseOut> {
  const [readable] = await readablePremiseIds(db, actor, [id]);
  const [p] = readable ? await getPremises(db, actor.tenantId, [readable]) : [];
  if (!p) fail('not_found', 'Premise not found');
  return shown(p, contactView(actor, false));
}
