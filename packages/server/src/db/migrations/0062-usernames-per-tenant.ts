import { type Kysely, sql } from 'kysely';

// User names were unique across the installation, so one tenant's administrator learned which
// names another tenant uses (creating "zhang.wei" answered "taken"). A name is now unique within
// its tenant; sign-in finds the account by name and password, or by name@tenant-code.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE users DROP CONSTRAINT user_username_unique;
    ALTER TABLE users ADD CONSTRAINT user_username_unique UNIQUE (tenant_id, username);
    CREATE INDEX user_username_idx ON users (username);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX user_username_idx;
    ALTER TABLE users DROP CONSTRAINT user_username_unique;
    ALTER TABLE users ADD CONSTRAINT user_username_unique UNIQUE (username);
  `.execute(db);
}
