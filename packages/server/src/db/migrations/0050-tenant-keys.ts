import { type Kysely, sql } from 'kysely';

// Distribution-ready keys. A large deployment shards by tenant (Citus): rows of one tenant live
// together on one node, and PostgreSQL can enforce a key there only when the key contains the
// distribution column. So every primary key, unique constraint and foreign key of a tenant-owned
// table now includes tenant_id, and a foreign key names the tenant on both sides — which also
// makes the database refuse an order whose unit, category, premise or assignee belongs to
// another tenant.
//
// tenant_id is appended after the old key columns rather than put first: a look-up by id alone
// (code that already holds a row of the tenant) stays one probe of the same index, and no second
// index is needed. Unique hashes looked up without a tenant (an Open311 API key, a request token,
// a portal tracking code) are random, so unique per tenant is unique in practice.
//
// Global tables keep their keys: tenants, and the small tables every request reads across
// tenants, which a sharded deployment replicates to every node (reference tables) — users
// (sign-in by user name alone), sessions (found by token hash), units (users refer to them),
// jobs and rate_limit_hits (no tenant). Tenant-owned tables may refer to them; they now do so
// through (tenant_id, id), for which users and units get a matching unique constraint.
// test/db/tenant-keys.test.ts reads the catalog and holds every table to this rule.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- 1. Foreign keys that point at a key about to change.
    ALTER TABLE categories DROP CONSTRAINT category_routing_unit_fk;
    ALTER TABLE commitments DROP CONSTRAINT commitment_category_fk;
    ALTER TABLE customers DROP CONSTRAINT customer_premise_fk;
    ALTER TABLE network_nodes DROP CONSTRAINT node_unit_fk;
    ALTER TABLE premises DROP CONSTRAINT premise_node_fk, DROP CONSTRAINT premise_unit_fk;
    ALTER TABLE tickets DROP CONSTRAINT ticket_category_fk, DROP CONSTRAINT ticket_premise_fk, DROP CONSTRAINT ticket_unit_fk, DROP CONSTRAINT ticket_dispatcher_unit_fk, DROP CONSTRAINT ticket_assignee_fk, DROP CONSTRAINT ticket_first_contact_fk, DROP CONSTRAINT ticket_repeat_of_fk;
    ALTER TABLE ticket_events DROP CONSTRAINT event_ticket_fk, DROP CONSTRAINT event_actor_fk;
    ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_ticket_fk;
    ALTER TABLE ticket_timers DROP CONSTRAINT timer_ticket_fk;
    ALTER TABLE urgings DROP CONSTRAINT urging_ticket_fk, DROP CONSTRAINT urging_unit_fk, DROP CONSTRAINT urging_ack_user_fk;
    ALTER TABLE staff_notifications DROP CONSTRAINT staff_notification_user_fk;
    ALTER TABLE notices DROP CONSTRAINT notice_creator_fk;
    ALTER TABLE notice_tickets DROP CONSTRAINT notice_ticket_notice_fk, DROP CONSTRAINT notice_ticket_ticket_fk;
    ALTER TABLE open311_clients DROP CONSTRAINT open311_client_creator_fk;
    ALTER TABLE open311_requests DROP CONSTRAINT open311_request_ticket_fk, DROP CONSTRAINT open311_request_client_fk;
    ALTER TABLE open311_updates DROP CONSTRAINT open311_update_client_fk, DROP CONSTRAINT open311_update_ticket_fk;
    ALTER TABLE portal_requests DROP CONSTRAINT portal_request_ticket_fk;
    ALTER TABLE portal_photos DROP CONSTRAINT portal_photo_ticket_fk;
    ALTER TABLE portal_pages DROP CONSTRAINT portal_page_editor_fk;
    ALTER TABLE attachments DROP CONSTRAINT attachment_uploader_fk;
    ALTER TABLE one_time_notices DROP CONSTRAINT one_time_notice_ticket_fk, DROP CONSTRAINT one_time_notice_issuer_fk;

    -- 2. Primary keys: the old columns, then tenant_id.
    ALTER TABLE categories DROP CONSTRAINT categories_pkey, ADD CONSTRAINT categories_pkey PRIMARY KEY (id, tenant_id);
    ALTER TABLE commitments DROP CONSTRAINT commitments_pkey, ADD CONSTRAINT commitments_pkey PRIMARY KEY (id, tenant_id);
    ALTER TABLE network_nodes DROP CONSTRAINT network_nodes_pkey, ADD CONSTRAINT network_nodes_pkey PRIMARY KEY (id, tenant_id);
    ALTER TABLE premises DROP CONSTRAINT premises_pkey, ADD CONSTRAINT premises_pkey PRIMARY KEY (id, tenant_id);
    ALTER TABLE customers DROP CONSTRAINT customers_pkey, ADD CONSTRAINT customers_pkey PRIMARY KEY (id, tenant_id);
    ALTER TABLE tickets DROP CONSTRAINT tickets_pkey, ADD CONSTRAINT tickets_pkey PRIMARY KEY (id, tenant_id);
    ALTER TABLE ticket_events DROP CONSTRAINT ticket_events_pkey, ADD CONSTRAINT ticket_events_pkey PRIMARY KEY (ticket_id, seq, tenant_id);
    ALTER TABLE ticket_timers DROP CONSTRAINT ticket_timers_pkey, ADD CONSTRAINT ticket_timers_pkey PRIMARY KEY (ticket_id, clock, tenant_id);
    ALTER TABLE urgings DROP CONSTRAINT urgings_pkey, ADD CONSTRAINT urgings_pkey PRIMARY KEY (id, tenant_id);
    ALTER TABLE staff_notifications DROP CONSTRAINT staff_notifications_pkey, ADD CONSTRAINT staff_notifications_pkey PRIMARY KEY (id, tenant_id);
    ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_pkey, ADD CONSTRAINT outbox_messages_pkey PRIMARY KEY (id, tenant_id);
    ALTER TABLE notices DROP CONSTRAINT notices_pkey, ADD CONSTRAINT notices_pkey PRIMARY KEY (id, tenant_id);
    ALTER TABLE notice_premises DROP CONSTRAINT notice_premises_pkey, ADD CONSTRAINT notice_premises_pkey PRIMARY KEY (notice_id, premise_id, tenant_id);
    ALTER TABLE notice_tickets DROP CONSTRAINT notice_tickets_pkey, ADD CONSTRAINT notice_tickets_pkey PRIMARY KEY (notice_id, ticket_id, tenant_id);
    ALTER TABLE open311_clients DROP CONSTRAINT open311_clients_pkey, ADD CONSTRAINT open311_clients_pkey PRIMARY KEY (id, tenant_id);
    ALTER TABLE open311_requests DROP CONSTRAINT open311_requests_pkey, ADD CONSTRAINT open311_requests_pkey PRIMARY KEY (ticket_id, tenant_id);
    ALTER TABLE open311_updates DROP CONSTRAINT open311_updates_pkey, ADD CONSTRAINT open311_updates_pkey PRIMARY KEY (client_id, client_update_id, tenant_id);
    ALTER TABLE portal_requests DROP CONSTRAINT portal_requests_pkey, ADD CONSTRAINT portal_requests_pkey PRIMARY KEY (ticket_id, tenant_id);
    ALTER TABLE portal_photos DROP CONSTRAINT portal_photos_pkey, ADD CONSTRAINT portal_photos_pkey PRIMARY KEY (id, tenant_id);
    ALTER TABLE attachments DROP CONSTRAINT attachments_pkey, ADD CONSTRAINT attachments_pkey PRIMARY KEY (id, tenant_id);
    ALTER TABLE one_time_notices DROP CONSTRAINT one_time_notices_pkey, ADD CONSTRAINT one_time_notices_pkey PRIMARY KEY (ticket_id, tenant_id);


    -- 3. Unique hashes, and the targets of tenant-aware references to the global tables.
    ALTER TABLE open311_clients DROP CONSTRAINT open311_client_key_unique, ADD CONSTRAINT open311_client_key_unique UNIQUE (key_hash, tenant_id);
    ALTER TABLE open311_requests DROP CONSTRAINT open311_request_token_unique, ADD CONSTRAINT open311_request_token_unique UNIQUE (token, tenant_id);
    ALTER TABLE portal_requests DROP CONSTRAINT portal_tracking_unique, ADD CONSTRAINT portal_tracking_unique UNIQUE (tracking_hash, tenant_id);
    ALTER TABLE users ADD CONSTRAINT user_tenant_unique UNIQUE (tenant_id, id);
    ALTER TABLE units ADD CONSTRAINT unit_tenant_unique UNIQUE (tenant_id, id);

    -- 4. Foreign keys within one tenant.
    ALTER TABLE categories ADD CONSTRAINT category_routing_unit_fk FOREIGN KEY (tenant_id, routing_unit_id) REFERENCES units (tenant_id, id);
    ALTER TABLE commitments ADD CONSTRAINT commitment_category_fk FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id);
    ALTER TABLE customers ADD CONSTRAINT customer_premise_fk FOREIGN KEY (tenant_id, premise_id) REFERENCES premises (tenant_id, id);
    ALTER TABLE network_nodes ADD CONSTRAINT node_unit_fk FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id);
    ALTER TABLE premises
      ADD CONSTRAINT premise_node_fk FOREIGN KEY (tenant_id, network_node_id) REFERENCES network_nodes (tenant_id, id),
      ADD CONSTRAINT premise_unit_fk FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id);
    ALTER TABLE tickets
      ADD CONSTRAINT ticket_category_fk FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id),
      ADD CONSTRAINT ticket_premise_fk FOREIGN KEY (tenant_id, premise_id) REFERENCES premises (tenant_id, id),
      ADD CONSTRAINT ticket_unit_fk FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
      ADD CONSTRAINT ticket_dispatcher_unit_fk FOREIGN KEY (tenant_id, dispatched_from_unit_id) REFERENCES units (tenant_id, id),
      ADD CONSTRAINT ticket_assignee_fk FOREIGN KEY (tenant_id, assignee_id) REFERENCES users (tenant_id, id),
      ADD CONSTRAINT ticket_first_contact_fk FOREIGN KEY (tenant_id, first_contact_user_id) REFERENCES users (tenant_id, id),
      ADD CONSTRAINT ticket_repeat_of_fk FOREIGN KEY (tenant_id, repeat_of_id) REFERENCES tickets (tenant_id, id);
    ALTER TABLE ticket_events
      ADD CONSTRAINT event_ticket_fk FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
      ADD CONSTRAINT event_actor_fk FOREIGN KEY (tenant_id, actor_id) REFERENCES users (tenant_id, id);
    ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_ticket_fk FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id);
    ALTER TABLE ticket_timers ADD CONSTRAINT timer_ticket_fk FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id);
    ALTER TABLE urgings
      ADD CONSTRAINT urging_ticket_fk FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
      ADD CONSTRAINT urging_unit_fk FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
      ADD CONSTRAINT urging_ack_user_fk FOREIGN KEY (tenant_id, acknowledged_by) REFERENCES users (tenant_id, id);
    ALTER TABLE staff_notifications ADD CONSTRAINT staff_notification_user_fk FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id);
    ALTER TABLE notices ADD CONSTRAINT notice_creator_fk FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id);
    ALTER TABLE notice_tickets
      ADD CONSTRAINT notice_ticket_notice_fk FOREIGN KEY (tenant_id, notice_id) REFERENCES notices (tenant_id, id),
      ADD CONSTRAINT notice_ticket_ticket_fk FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id);
    ALTER TABLE open311_clients ADD CONSTRAINT open311_client_creator_fk FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id);
    ALTER TABLE open311_requests
      ADD CONSTRAINT open311_request_ticket_fk FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
      ADD CONSTRAINT open311_request_client_fk FOREIGN KEY (tenant_id, client_id) REFERENCES open311_clients (tenant_id, id);
    ALTER TABLE open311_updates
      ADD CONSTRAINT open311_update_client_fk FOREIGN KEY (tenant_id, client_id) REFERENCES open311_clients (tenant_id, id),
      ADD CONSTRAINT open311_update_ticket_fk FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id);
    ALTER TABLE portal_requests ADD CONSTRAINT portal_request_ticket_fk FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id);
    ALTER TABLE portal_photos ADD CONSTRAINT portal_photo_ticket_fk FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id);
    ALTER TABLE portal_pages ADD CONSTRAINT portal_page_editor_fk FOREIGN KEY (tenant_id, updated_by) REFERENCES users (tenant_id, id);
    ALTER TABLE attachments ADD CONSTRAINT attachment_uploader_fk FOREIGN KEY (tenant_id, uploaded_by) REFERENCES users (tenant_id, id);
    ALTER TABLE one_time_notices
      ADD CONSTRAINT one_time_notice_ticket_fk FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
      ADD CONSTRAINT one_time_notice_issuer_fk FOREIGN KEY (tenant_id, issued_by) REFERENCES users (tenant_id, id);
  `.execute(db);
}
