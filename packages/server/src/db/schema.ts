import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

// Row types for Kysely. Kept by hand beside the migrations; a column added there is added here.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type JsonValue = ColumnType<unknown, string, string>;

export interface TenantTable {
  id: string;
  code: string;
  name: string;
  time_zone: Defaulted<string>;
  ticket_prefix: Defaulted<string>;
  repeat_window_days: Defaulted<number>;
  created_at: Generated<Date>;
}

export interface UnitTable {
  tenant_id: string;
  id: string;
  parent_id: string | null;
  kind: 'group' | 'company' | 'station' | 'team';
  code: string;
  name: string;
  path: string;
}

export interface UserTable {
  tenant_id: string;
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  unit_id: string;
  phone: string | null;
  disabled_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface SessionTable {
  tenant_id: string;
  id: string;
  user_id: string;
  token_hash: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface NetworkNodeTable {
  tenant_id: string;
  id: string;
  kind: Defaulted<string>;
  code: string;
  name: string;
  unit_id: string | null;
}

export interface PremiseTable {
  tenant_id: string;
  id: string;
  account_no: string;
  district: Defaulted<string>;
  community: Defaulted<string>;
  building: Defaulted<string>;
  entrance: Defaulted<string>;
  room: Defaulted<string>;
  address: string;
  heated_area: number | null;
  network_node_id: string | null;
  unit_id: string | null;
  area_tier: Defaulted<string>;
  flags: Defaulted<string[]>;
  notes: Defaulted<string>;
  created_at: Generated<Date>;
}

export interface CustomerTable {
  tenant_id: string;
  id: string;
  premise_id: string;
  name: string;
  phone: string;
  created_at: Generated<Date>;
}

export interface CategoryTable {
  tenant_id: string;
  id: string;
  code: string;
  kind: string;
  name: string;
  name_en: Defaulted<string>;
  default_priority: Defaulted<string>;
  routing_unit_id: string | null;
  emergency: Defaulted<boolean>;
  active: Defaulted<boolean>;
}

export interface CommitmentTable {
  tenant_id: string;
  id: string;
  category_id: string;
  priority: string;
  area_tier: string;
  respond_minutes: number | null;
  arrive_minutes: number | null;
  resolve_minutes: number | null;
}

export interface TicketCounterTable {
  tenant_id: string;
  day: string;
  last: number;
}

export interface TicketTable {
  tenant_id: string;
  id: string;
  number: string;
  kind: string;
  channel: string;
  status: string;
  suspended_from: string | null;
  category_id: string;
  category_code: string;
  priority: string;
  premise_id: string | null;
  address: Defaulted<string>;
  area_tier: Defaulted<string>;
  contact_name: string;
  contact_phone: string;
  description: string;
  unit_id: string;
  unit_path: string;
  assignee_id: string | null;
  first_contact_user_id: string | null;
  dispatched_from_unit_id: string | null;
  source_body: string | null;
  source_ref: string | null;
  received_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  respond_by: Timestamp | null;
  arrive_by: Timestamp | null;
  resolve_by: Timestamp | null;
  responded_at: Timestamp | null;
  arrived_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  suspended_at: Timestamp | null;
  late: Defaulted<boolean>;
  repeat_of_id: string | null;
  satisfaction: number | null;
  callback_at: Timestamp | null;
  reopen_count: Defaulted<number>;
  event_count: Defaulted<number>;
}

export interface TicketEventTable {
  tenant_id: string;
  ticket_id: string;
  seq: number;
  type: string;
  at: Timestamp;
  actor_id: string | null;
  note: string | null;
  data: JsonValue;
  attachments: JsonValue;
}

export interface IdempotencyKeyTable {
  tenant_id: string;
  user_id: string;
  key: string;
  request_hash: string;
  ticket_id: string;
  created_at: Generated<Date>;
}

export interface DB {
  tenants: TenantTable;
  units: UnitTable;
  users: UserTable;
  sessions: SessionTable;
  network_nodes: NetworkNodeTable;
  premises: PremiseTable;
  customers: CustomerTable;
  categories: CategoryTable;
  commitments: CommitmentTable;
  ticket_counters: TicketCounterTable;
  tickets: TicketTable;
  ticket_events: TicketEventTable;
  idempotency_keys: IdempotencyKeyTable;
}

export type Tenant = Selectable<TenantTable>;
export type Unit = Selectable<UnitTable>;
export type User = Selectable<UserTable>;
export type Premise = Selectable<PremiseTable>;
export type Category = Selectable<CategoryTable>;
export type Commitment = Selectable<CommitmentTable>;
export type TicketRow = Selectable<TicketTable>;
export type NewTicketRow = Insertable<TicketTable>;
export type TicketEventRow = Selectable<TicketEventTable>;
