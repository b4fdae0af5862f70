import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

// The Open311 and portal tables (migrations 0030, 0031) are part of the generated DB type now;
// these names stay so their callers need not change.
export type PublicDB = DB;

/** The same connection (once needed to add the Open311 and portal tables to its type). */
export const withTables = (db: Kysely<DB>): Kysely<PublicDB> => db;
