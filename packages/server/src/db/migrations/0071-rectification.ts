import { type Kysely, sql } from 'kysely';

// Rectification (整改) is one thing wherever it starts — a verified complaint today, an inspection
// finding, a temperature check or an accident later: a task for a unit with an owner and a
// deadline, what was done with evidence, then verified by a supervisor or sent back.
// - rectification_tasks: the task as it stands; origin_type/origin_id name what opened it (for a
//   complaint, its order's id), without a foreign key, since each origin lives in its own module.
// - rectification_steps: every step of a task, appended and never updated.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE rectification_tasks (
      tenant_id uuid NOT NULL CONSTRAINT rectification_tenant_fk REFERENCES tenants(id),
      id uuid NOT NULL,
      origin_type text NOT NULL CONSTRAINT rectification_origin_valid CHECK (origin_type IN ('complaint','inspection','temperature','accident')),
      origin_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      -- The unit's path, copied so scoping is a prefix match without a join.
      unit_path text NOT NULL,
      owner_id uuid NOT NULL,
      deadline timestamptz NOT NULL,
      task text NOT NULL,
      status text NOT NULL CONSTRAINT rectification_status_valid CHECK (status IN ('open','submitted','verified','sent_back')),
      done_note text,
      evidence jsonb NOT NULL DEFAULT '[]',
      submitted_at timestamptz,
      verified_at timestamptz,
      verified_by uuid,
      sent_back_reason text,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      step_count integer NOT NULL DEFAULT 0,
      CONSTRAINT rectification_pk PRIMARY KEY (id, tenant_id),
      CONSTRAINT rectification_unit_fk FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
      CONSTRAINT rectification_owner_fk FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id),
      -- A verified task was submitted with its evidence first.
      CONSTRAINT rectification_verified_has_evidence CHECK (status <> 'verified' OR (submitted_at IS NOT NULL AND verified_at IS NOT NULL))
    );
    CREATE INDEX rectification_origin_idx ON rectification_tasks (tenant_id, origin_type, origin_id);
    CREATE INDEX rectification_owner_idx ON rectification_tasks (tenant_id, owner_id, status);
    CREATE INDEX rectification_path_idx ON rectification_tasks (tenant_id, unit_path text_pattern_ops);

    CREATE TABLE rectification_steps (
      tenant_id uuid NOT NULL CONSTRAINT rectification_step_tenant_fk REFERENCES tenants(id),
      task_id uuid NOT NULL,
      seq integer NOT NULL,
      type text NOT NULL CONSTRAINT rectification_step_type_valid CHECK (type IN ('opened','submitted','verified','sent_back')),
      at timestamptz NOT NULL,
      actor_id uuid,
      note text,
      attachments jsonb NOT NULL DEFAULT '[]',
      CONSTRAINT rectification_step_pk PRIMARY KEY (task_id, seq, tenant_id),
      CONSTRAINT rectification_step_task_fk FOREIGN KEY (task_id, tenant_id) REFERENCES rectification_tasks (id, tenant_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE rectification_steps; DROP TABLE rectification_tasks;`.execute(db);
}
