import { type Kysely, type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely';
import * as core from './migrations/0001-core.js';
import * as territory from './migrations/0010-territory.js';
import * as slaClocks from './migrations/0020-sla-clocks.js';
import * as jobsOutbox from './migrations/0021-jobs-outbox.js';
import * as notices from './migrations/0022-notices.js';
import * as windowGeneral from './migrations/0023-window-general.js';
import * as noticeFanoutSpeed from './migrations/0024-notice-fanout-speed.js';
import * as open311 from './migrations/0030-open311.js';
import * as portal from './migrations/0031-portal.js';
import * as liveChanges from './migrations/0040-live-changes.js';
import * as attachments from './migrations/0041-attachments.js';
import * as oneTimeNotice from './migrations/0042-one-time-notice.js';
import * as attachmentScope from './migrations/0043-attachment-scope.js';
import * as tenantKeys from './migrations/0050-tenant-keys.js';
import * as checks from './migrations/0051-checks.js';
import * as configVersion from './migrations/0052-config-version.js';
import * as noticeUnit from './migrations/0060-notice-unit.js';
import * as auditAppendOnly from './migrations/0061-audit-append-only.js';
import * as usernamesPerTenant from './migrations/0062-usernames-per-tenant.js';
import * as deliveryReconcile from './migrations/0066-delivery-reconcile.js';
import * as complaints from './migrations/0070-complaints.js';
import * as rectification from './migrations/0071-rectification.js';
import * as kpiRollups from './migrations/0080-kpi-rollups.js';
import * as kpiScoreboard from './migrations/0081-kpi-scoreboard.js';
import * as repeatCalls from './migrations/0120-repeat-calls.js';
import * as supervision from './migrations/0121-supervision.js';
import * as ticketSearch from './migrations/0130-ticket-search.js';

/** Migrations in order; each module explains why it exists. Append, never edit. */
const migrations: Record<string, Migration> = {
  '0001-core': core,
  '0010-territory': territory,
  '0020-sla-clocks': slaClocks,
  '0021-jobs-outbox': jobsOutbox,
  '0022-notices': notices,
  '0023-window-general': windowGeneral,
  '0024-notice-fanout-speed': noticeFanoutSpeed,
  '0030-open311': open311,
  '0031-portal': portal,
  '0040-live-changes': liveChanges,
  '0041-attachments': attachments,
  '0042-one-time-notice': oneTimeNotice,
  '0043-attachment-scope': attachmentScope,
  '0050-tenant-keys': tenantKeys,
  '0051-checks': checks,
  '0052-config-version': configVersion,
  '0060-notice-unit': noticeUnit,
  '0061-audit-append-only': auditAppendOnly,
  '0062-usernames-per-tenant': usernamesPerTenant,
  '0066-delivery-reconcile': deliveryReconcile,
  '0070-complaints': complaints,
  '0071-rectification': rectification,
  '0080-kpi-rollups': kpiRollups,
  '0081-kpi-scoreboard': kpiScoreboard,
  '0120-repeat-calls': repeatCalls,
  '0121-supervision': supervision,
  '0130-ticket-search': ticketSearch,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    // Numbers are reserved in ranges per domain (0010 territory, 0020 clocks, 0030 Open311 …),
    // so a later migration may sort before one a database already ran; each is independent.
    allowUnorderedMigrations: true,
  });
}

function check({ error, results }: MigrationResultSet): void {
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}

/** Brings the schema up to date; throws on the first failing migration. */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  check(await migrator(db).migrateToLatest());
}

/** Runs the migrations up to and including `name` (tests of a migration over existing data). */
export async function migrateUpTo(db: Kysely<any>, name: string): Promise<void> {
  check(await migrator(db).migrateTo(name));
}
