import type { ColumnType, Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

// Row types of the Open311 and portal tables (migrations 0030, 0031). Kept beside the module that
// owns them rather than in the shared schema.ts, and merged into the database type with `withTables`.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type JsonValue = ColumnType<unknown, string, string>;

export interface Open311ClientTable {
  tenant_id: string;
  id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_by: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface Open311RequestTable {
  tenant_id: string;
  ticket_id: string;
  client_id: string;
  token: string;
  lat: number | null;
  long: number | null;
  address_string: string | null;
  email: string | null;
  device_id: string | null;
  account_id: string | null;
  media_url: string | null;
  attributes: JsonValue;
  created_at: Timestamp;
}

export interface Open311UpdateTable {
  tenant_id: string;
  client_id: string;
  client_update_id: string;
  ticket_id: string;
  event_seq: number;
  created_at: Timestamp;
}

export interface PortalRequestTable {
  tenant_id: string;
  ticket_id: string;
  tracking_hash: string;
  created_at: Timestamp;
}

export interface PortalPhotoTable {
  tenant_id: string;
  id: string;
  ticket_id: string;
  content_type: string;
  size_bytes: number;
  content: Buffer;
  created_at: Timestamp;
}

export interface PortalPageTable {
  tenant_id: string;
  slug: string;
  locale: string;
  title: string;
  body: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface RateLimitHitTable {
  bucket: string;
  key_hash: string;
  window_start: Timestamp;
  hits: number;
}

export interface PublicTables {
  open311_clients: Open311ClientTable;
  open311_requests: Open311RequestTable;
  open311_updates: Open311UpdateTable;
  portal_requests: PortalRequestTable;
  portal_photos: PortalPhotoTable;
  portal_pages: PortalPageTable;
  rate_limit_hits: RateLimitHitTable;
}

export type PublicDB = DB & PublicTables;

/** The same connection, typed with the Open311 and portal tables as well. */
export const withTables = (db: Kysely<DB>) => db as unknown as Kysely<PublicDB>;
