import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { withTables } from '../open311/open311.tables.js';
import { systemActor } from '../open311/system-actor.js';
import type { Clock } from '../shared/clock.js';
import { createTicket } from '../tickets/create-ticket.js';
import { hashTrackingCode, newTrackingCode } from './tracking-code.js';

export type ReportInput = {
  categoryCode: string;
  kind: string;
  premiseId: string | null;
  address: string;
  description: string;
  phone: string;
  name: string;
  photos: Array<{ data: Buffer; contentType: string }>;
};

/**
 * Files a resident's report as an ordinary work order (channel web) by the tenant's portal
 * system user, stores the cleaned photos, and returns the tracking code — shown once, kept
 * only as a hash.
 */
export async function fileReport(db: Kysely<DB>, clock: Clock, tenantId: string, input: ReportInput) {
  const actor = await systemActor(db, tenantId, 'portal');
  const photoIds = input.photos.map(() => randomUUID());
  const code = newTrackingCode();
  const now = clock.now();
  const { ticket } = await createTicket(
    { db, actor, clock },
    {
      kind: input.kind as never,
      channel: 'web',
      categoryCode: input.categoryCode,
      description: input.description,
      premiseId: input.premiseId ?? undefined,
      address: input.address,
      contact: { name: input.name, phone: input.phone },
      attachments: photoIds.length ? photoIds.map((id) => `/portal/photos/${id}`) : undefined,
    },
    undefined,
    // The tracking code and the photos commit with the order, or nothing does.
    async (trx, t) => {
      const tables = withTables(trx);
      await tables
        .insertInto('portal_requests')
        .values({ tenant_id: tenantId, ticket_id: t.id, tracking_hash: hashTrackingCode(code), created_at: now })
        .execute();
      for (const [i, p] of input.photos.entries()) {
        await tables
          .insertInto('portal_photos')
          .values({
            tenant_id: tenantId,
            id: photoIds[i]!,
            ticket_id: t.id,
            content_type: p.contentType,
            size_bytes: p.data.length,
            content: p.data,
            created_at: now,
          })
          .execute();
      }
    },
  );
  return { code, number: ticket.number, ticketId: ticket.id };
}
