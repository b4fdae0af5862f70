import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import type { TicketHandler } from '../tickets/ticket.handlers.js';

/** Active notices covering a premise: what the agent must see before filing. */
export function activeNoticesForPremise(db: Kysely<DB>, tenantId: string, premiseId: string) {
  return db
    .selectFrom('notice_premises as np')
    .innerJoin('notices as n', 'n.id', 'np.notice_id')
    .selectAll('n')
    .where('np.tenant_id', '=', tenantId)
    .where('np.premise_id', '=', premiseId)
    .where('n.status', '=', 'active')
    .orderBy('n.starts_at', 'desc')
    .execute();
}

/** Links a new order to every active notice covering its premise, in the caller's transaction. */
export async function linkTicketToNotices(db: Kysely<DB>, t: { tenant_id: string; id: string; premise_id: string | null }, at: Date) {
  if (!t.premise_id) return [];
  const rows = await sql<{ id: string; title: string; kind: string }>`
    INSERT INTO notice_tickets (tenant_id, notice_id, ticket_id, linked_at)
    SELECT n.tenant_id, n.id, ${t.id}, ${at}
    FROM notice_premises np JOIN notices n ON n.id = np.notice_id
    WHERE np.tenant_id = ${t.tenant_id} AND np.premise_id = ${t.premise_id} AND n.status = 'active'
    ON CONFLICT DO NOTHING
    RETURNING notice_id AS id, (SELECT title FROM notices WHERE id = notice_id) AS title, (SELECT kind FROM notices WHERE id = notice_id) AS kind
  `.execute(db);
  return rows.rows;
}

/** Links each new order to the active notices covering its premise, an event in its timeline; registered with tickets/ in src/modules.ts. */
export const noticeLinkHandler: TicketHandler = {
  name: 'notices',
  async created(trx, t) {
    const linked = await linkTicketToNotices(trx, t, t.created_at);
    return linked.map((n) => ({
      type: 'linked_to_notice',
      at: t.created_at,
      actorId: null,
      data: { noticeId: n.id, title: n.title, kind: n.kind },
    }));
  },
};
