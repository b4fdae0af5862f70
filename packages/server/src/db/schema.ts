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
  sla_warn_share: Defaulted<number>;
  sla_escalate_minutes: Defaulted<number>;
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
  // Migration 0010: bigrams of the address (generated, never written) and the last change.
  address_bigrams: ColumnType<string[], never, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
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
  calendar_code: Defaulted<string>;
  respond_working_days: ColumnType<number | null, number | null | undefined, number | null>;
  arrive_working_days: ColumnType<number | null, number | null | undefined, number | null>;
  resolve_working_days: ColumnType<number | null, number | null | undefined, number | null>;
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

// Commitment clocks, jobs, outbox and notices (migrations 0020-0022).
export interface CalendarTable {
  tenant_id: string;
  code: string;
  name: string;
  kind: string;
  weekdays: Defaulted<number[]>;
  hours: Defaulted<string>;
}

export interface CalendarDayTable {
  tenant_id: string;
  day: ColumnType<string, string, string>;
  kind: string;
  name: Defaulted<string>;
}

export interface TicketTimerTable {
  tenant_id: string;
  ticket_id: string;
  clock: string;
  started_at: Timestamp;
  deadline: Timestamp;
  met_at: Timestamp | null;
  paused: Defaulted<boolean>;
  warned_at: Timestamp | null;
  breached_at: Timestamp | null;
  escalation_level: Defaulted<number>;
  escalated_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  next_due: Timestamp | null;
}

export interface UrgingTable {
  tenant_id: string;
  id: string;
  ticket_id: string;
  clock: string;
  level: number;
  unit_id: string;
  created_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  note: string | null;
}

export interface StaffNotificationTable {
  tenant_id: string;
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: Defaulted<string>;
  ticket_id: string | null;
  urging_id: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface JobTable {
  id: string;
  name: string;
  version: number;
  payload: JsonValue;
  status: Defaulted<string>;
  run_at: Timestamp;
  attempts: Defaulted<number>;
  max_attempts: Defaulted<number>;
  locked_until: Timestamp | null;
  last_error: string | null;
  dedup_key: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface OutboxMessageTable {
  tenant_id: string;
  id: string;
  dedup_key: string;
  channel: string;
  recipient: string;
  template: string;
  locale: Defaulted<string>;
  params: JsonValue;
  essential: Defaulted<boolean>;
  status: Defaulted<string>;
  attempts: Defaulted<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  provider_id: string | null;
  ticket_id: string | null;
  notice_id: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  /** Handed to the provider without a recorded answer: the next attempt asks the provider first. */
  outcome_unknown: Defaulted<boolean>;
}

/** One row per delivery channel: the provider's rate shared by every worker process. */
export interface DeliveryPacingTable {
  channel: string;
  tokens: number;
  refilled_at: Timestamp;
  paused_until: Timestamp | null;
  last_granted: Defaulted<number>;
}

export interface ContactPreferenceTable {
  tenant_id: string;
  phone: string;
  opt_out_non_essential: Defaulted<boolean>;
  locale: Defaulted<string>;
  email: string | null;
  updated_at: Timestamp;
}

export interface NoticeTable {
  tenant_id: string;
  id: string;
  kind: string;
  title: string;
  message: string;
  area: Defaulted<string>;
  starts_at: Timestamp;
  expected_end_at: Timestamp | null;
  status: Defaulted<string>;
  target_kind: string;
  target: JsonValue;
  restoration_message: string | null;
  premise_count: Defaulted<number>;
  created_by: string | null;
  created_at: Timestamp;
  published_at: Timestamp | null;
  ended_at: Timestamp | null;
  /** The unit the notice belongs to; its actions are limited to actors whose scope holds it (0060). */
  unit_id: string;
}

export interface NoticePremiseTable {
  tenant_id: string;
  notice_id: string;
  premise_id: string;
}

export interface NoticeTicketTable {
  tenant_id: string;
  notice_id: string;
  ticket_id: string;
  linked_at: Timestamp;
}

/** A refused request (403), kept for the tenant's administrators; append-only (0061). */
export interface RefusalTable {
  tenant_id: string;
  id: string;
  at: Timestamp;
  user_id: string | null;
  method: string;
  route: string;
  status: number;
  code: string;
  request_id: string | null;
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
  calendars: CalendarTable;
  calendar_days: CalendarDayTable;
  ticket_timers: TicketTimerTable;
  urgings: UrgingTable;
  staff_notifications: StaffNotificationTable;
  jobs: JobTable;
  outbox_messages: OutboxMessageTable;
  delivery_pacing: DeliveryPacingTable;
  contact_preferences: ContactPreferenceTable;
  notices: NoticeTable;
  refusals: RefusalTable;
  notice_premises: NoticePremiseTable;
  notice_tickets: NoticeTicketTable;
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
