import { type Kysely, sql } from 'kysely';

// The work-order core. Every tenant-owned table carries tenant_id and leads its keys
// and indexes with it, so a large deployment can distribute by tenant (Citus) and no
// query ever needs a cross-tenant join.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    CREATE TABLE tenants (
      id uuid PRIMARY KEY,
      code text NOT NULL CONSTRAINT tenant_code_unique UNIQUE,
      name text NOT NULL,
      time_zone text NOT NULL DEFAULT 'Asia/Shanghai',
      ticket_prefix text NOT NULL DEFAULT 'RX',
      -- A new order for the same premise and category within this many days is a repeat.
      repeat_window_days integer NOT NULL DEFAULT 30 CONSTRAINT tenant_repeat_window_positive CHECK (repeat_window_days >= 0),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    -- Organisation tree: group → company → station → team. path holds the ids from the
    -- root ('/a/b/c/') so a subtree is one prefix match on an index.
    CREATE TABLE units (
      tenant_id uuid NOT NULL CONSTRAINT unit_tenant_fk REFERENCES tenants(id),
      id uuid PRIMARY KEY,
      parent_id uuid CONSTRAINT unit_parent_fk REFERENCES units(id),
      kind text NOT NULL CONSTRAINT unit_kind_valid CHECK (kind IN ('group','company','station','team')),
      code text NOT NULL,
      name text NOT NULL,
      path text NOT NULL,
      CONSTRAINT unit_code_unique UNIQUE (tenant_id, code)
    );
    CREATE INDEX unit_path_idx ON units (tenant_id, path text_pattern_ops);

    CREATE TABLE users (
      tenant_id uuid NOT NULL CONSTRAINT user_tenant_fk REFERENCES tenants(id),
      id uuid PRIMARY KEY,
      username text NOT NULL CONSTRAINT user_username_unique UNIQUE,
      display_name text NOT NULL,
      password_hash text NOT NULL,
      role text NOT NULL CONSTRAINT user_role_valid CHECK (role IN ('hotline_agent','window_clerk','dispatcher','field_crew','station_manager','company_manager','quality_supervisor','admin')),
      unit_id uuid NOT NULL CONSTRAINT user_unit_fk REFERENCES units(id),
      phone text,
      disabled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX user_unit_idx ON users (tenant_id, unit_id);

    -- Sessions are looked up by the SHA-256 of the bearer token; the token itself is never stored.
    CREATE TABLE sessions (
      tenant_id uuid NOT NULL,
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL CONSTRAINT session_user_fk REFERENCES users(id),
      token_hash text NOT NULL CONSTRAINT session_token_unique UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    );
    CREATE INDEX session_user_idx ON sessions (user_id);

    -- Network nodes group premises for outage targeting (heat-exchange station, feeder, water zone).
    CREATE TABLE network_nodes (
      tenant_id uuid NOT NULL CONSTRAINT node_tenant_fk REFERENCES tenants(id),
      id uuid PRIMARY KEY,
      kind text NOT NULL DEFAULT 'heat_exchange_station',
      code text NOT NULL,
      name text NOT NULL,
      unit_id uuid CONSTRAINT node_unit_fk REFERENCES units(id),
      CONSTRAINT node_code_unique UNIQUE (tenant_id, code)
    );

    CREATE TABLE premises (
      tenant_id uuid NOT NULL CONSTRAINT premise_tenant_fk REFERENCES tenants(id),
      id uuid PRIMARY KEY,
      account_no text NOT NULL,
      district text NOT NULL DEFAULT '',
      community text NOT NULL DEFAULT '',
      building text NOT NULL DEFAULT '',
      entrance text NOT NULL DEFAULT '',
      room text NOT NULL DEFAULT '',
      address text NOT NULL,
      heated_area numeric(10,2),
      network_node_id uuid CONSTRAINT premise_node_fk REFERENCES network_nodes(id),
      unit_id uuid CONSTRAINT premise_unit_fk REFERENCES units(id),
      area_tier text NOT NULL DEFAULT 'urban' CONSTRAINT premise_area_tier_valid CHECK (area_tier IN ('urban','rural','remote')),
      flags text[] NOT NULL DEFAULT '{}' CONSTRAINT premise_flags_valid CHECK (flags <@ ARRAY['elderly','hardship','key','difficult']::text[]),
      notes text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT premise_account_unique UNIQUE (tenant_id, account_no)
    );
    CREATE INDEX premise_address_trgm_idx ON premises USING gin (address gin_trgm_ops);
    CREATE INDEX premise_node_idx ON premises (tenant_id, network_node_id);

    CREATE TABLE customers (
      tenant_id uuid NOT NULL CONSTRAINT customer_tenant_fk REFERENCES tenants(id),
      id uuid PRIMARY KEY,
      premise_id uuid NOT NULL CONSTRAINT customer_premise_fk REFERENCES premises(id),
      name text NOT NULL,
      phone text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT customer_phone_per_premise_unique UNIQUE (tenant_id, premise_id, phone)
    );
    CREATE INDEX customer_phone_idx ON customers (tenant_id, phone);

    CREATE TABLE categories (
      tenant_id uuid NOT NULL CONSTRAINT category_tenant_fk REFERENCES tenants(id),
      id uuid PRIMARY KEY,
      code text NOT NULL,
      kind text NOT NULL CONSTRAINT category_kind_valid CHECK (kind IN ('repair','complaint','consultation','suggestion','praise','misconduct','billing')),
      name text NOT NULL,
      name_en text NOT NULL DEFAULT '',
      default_priority text NOT NULL DEFAULT 'normal' CONSTRAINT category_priority_valid CHECK (default_priority IN ('urgent','high','normal','low')),
      -- Null routes by the premise's own station.
      routing_unit_id uuid CONSTRAINT category_routing_unit_fk REFERENCES units(id),
      emergency boolean NOT NULL DEFAULT false,
      active boolean NOT NULL DEFAULT true,
      CONSTRAINT category_code_unique UNIQUE (tenant_id, code)
    );

    -- Targets are data: per category × priority × area tier, null meaning "no target".
    -- area_tier '*' applies to every tier without a row of its own.
    CREATE TABLE commitments (
      tenant_id uuid NOT NULL CONSTRAINT commitment_tenant_fk REFERENCES tenants(id),
      id uuid PRIMARY KEY,
      category_id uuid NOT NULL CONSTRAINT commitment_category_fk REFERENCES categories(id),
      priority text NOT NULL CONSTRAINT commitment_priority_valid CHECK (priority IN ('urgent','high','normal','low','*')),
      area_tier text NOT NULL CONSTRAINT commitment_area_tier_valid CHECK (area_tier IN ('urban','rural','remote','*')),
      respond_minutes integer CONSTRAINT commitment_respond_positive CHECK (respond_minutes > 0),
      arrive_minutes integer CONSTRAINT commitment_arrive_positive CHECK (arrive_minutes > 0),
      resolve_minutes integer CONSTRAINT commitment_resolve_positive CHECK (resolve_minutes > 0),
      CONSTRAINT commitment_scope_unique UNIQUE (tenant_id, category_id, priority, area_tier)
    );

    CREATE TABLE ticket_counters (
      tenant_id uuid NOT NULL,
      day text NOT NULL,
      last integer NOT NULL,
      PRIMARY KEY (tenant_id, day)
    );

    CREATE TABLE tickets (
      tenant_id uuid NOT NULL CONSTRAINT ticket_tenant_fk REFERENCES tenants(id),
      id uuid PRIMARY KEY,
      number text NOT NULL,
      kind text NOT NULL,
      channel text NOT NULL CONSTRAINT ticket_channel_valid CHECK (channel IN ('hotline','window','web','app','sms','open311','escalated','import')),
      status text NOT NULL CONSTRAINT ticket_status_valid CHECK (status IN ('new','accepted','dispatched','taken','on_site','resolved','suspended','closed')),
      -- The status to return to on resume.
      suspended_from text,
      category_id uuid NOT NULL CONSTRAINT ticket_category_fk REFERENCES categories(id),
      category_code text NOT NULL,
      priority text NOT NULL,
      premise_id uuid CONSTRAINT ticket_premise_fk REFERENCES premises(id),
      address text NOT NULL DEFAULT '',
      area_tier text NOT NULL DEFAULT 'urban',
      contact_name text NOT NULL,
      contact_phone text NOT NULL,
      description text NOT NULL,
      unit_id uuid NOT NULL CONSTRAINT ticket_unit_fk REFERENCES units(id),
      unit_path text NOT NULL,
      assignee_id uuid CONSTRAINT ticket_assignee_fk REFERENCES users(id),
      first_contact_user_id uuid CONSTRAINT ticket_first_contact_fk REFERENCES users(id),
      dispatched_from_unit_id uuid CONSTRAINT ticket_dispatcher_unit_fk REFERENCES units(id),
      source_body text,
      source_ref text,
      received_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      respond_by timestamptz,
      arrive_by timestamptz,
      resolve_by timestamptz,
      responded_at timestamptz,
      arrived_at timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      suspended_at timestamptz,
      late boolean NOT NULL DEFAULT false,
      repeat_of_id uuid CONSTRAINT ticket_repeat_of_fk REFERENCES tickets(id),
      satisfaction smallint CONSTRAINT ticket_satisfaction_range CHECK (satisfaction BETWEEN 1 AND 5),
      callback_at timestamptz,
      reopen_count integer NOT NULL DEFAULT 0,
      event_count integer NOT NULL DEFAULT 0,
      CONSTRAINT ticket_number_unique UNIQUE (tenant_id, number)
    );
    CREATE INDEX ticket_list_idx ON tickets (tenant_id, created_at DESC, id DESC);
    CREATE INDEX ticket_unit_path_idx ON tickets (tenant_id, unit_path text_pattern_ops, created_at DESC);
    CREATE INDEX ticket_status_idx ON tickets (tenant_id, status, created_at DESC);
    CREATE INDEX ticket_assignee_idx ON tickets (assignee_id) WHERE assignee_id IS NOT NULL;
    CREATE INDEX ticket_premise_idx ON tickets (tenant_id, premise_id, category_id, received_at DESC);
    CREATE INDEX ticket_phone_idx ON tickets (tenant_id, contact_phone);
    CREATE INDEX ticket_resolved_idx ON tickets (tenant_id, resolved_at) WHERE resolved_at IS NOT NULL;

    -- Append-only history. Never updated, never deleted.
    CREATE TABLE ticket_events (
      tenant_id uuid NOT NULL,
      ticket_id uuid NOT NULL CONSTRAINT event_ticket_fk REFERENCES tickets(id),
      seq integer NOT NULL,
      type text NOT NULL,
      at timestamptz NOT NULL,
      actor_id uuid CONSTRAINT event_actor_fk REFERENCES users(id),
      note text,
      data jsonb NOT NULL DEFAULT '{}',
      attachments jsonb NOT NULL DEFAULT '[]',
      PRIMARY KEY (ticket_id, seq)
    );
    CREATE INDEX event_type_at_idx ON ticket_events (tenant_id, type, at);

    -- A create retried with the same Idempotency-Key returns the first result.
    CREATE TABLE idempotency_keys (
      tenant_id uuid NOT NULL,
      user_id uuid NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      ticket_id uuid NOT NULL CONSTRAINT idempotency_ticket_fk REFERENCES tickets(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, user_id, key)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE idempotency_keys, ticket_events, tickets, ticket_counters, commitments, categories,
      customers, premises, network_nodes, sessions, users, units, tenants;
  `.execute(db);
}
