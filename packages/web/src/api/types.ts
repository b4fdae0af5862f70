// The shapes the console reads from the Warmline API (see /api/v1/openapi.json).

export type Role =
  | 'hotline_agent'
  | 'window_clerk'
  | 'dispatcher'
  | 'field_crew'
  | 'station_manager'
  | 'company_manager'
  | 'quality_supervisor'
  | 'admin';

export type Me = { id: string; username: string; displayName: string; role: Role; unitId: string; tenantId: string; timeZone: string };

export type Status = 'new' | 'accepted' | 'dispatched' | 'taken' | 'on_site' | 'resolved' | 'suspended' | 'closed';
export type Kind = 'repair' | 'complaint' | 'consultation' | 'suggestion' | 'praise' | 'misconduct' | 'billing';
export type Priority = 'urgent' | 'high' | 'normal' | 'low';
export type Action =
  | 'accept'
  | 'dispatch'
  | 'take'
  | 'arrive'
  | 'resolve'
  | 'callback'
  | 'close'
  | 'reopen'
  | 'suspend'
  | 'resume'
  | 'transfer'
  | 'return';

export type TicketEvent = {
  seq: number;
  type: string;
  at: string;
  actorId: string | null;
  note: string | null;
  data: Record<string, unknown>;
  attachments: string[];
};

export type Ticket = {
  id: string;
  number: string;
  kind: Kind;
  channel: string;
  status: Status;
  categoryCode: string;
  priority: Priority;
  premiseId: string | null;
  address: string;
  areaTier: string;
  contact: { name: string; phone: string };
  description: string;
  unitId: string;
  assigneeId: string | null;
  firstContactUserId: string | null;
  receivedAt: string;
  createdAt: string;
  updatedAt: string;
  deadlines: { respondBy: string | null; arriveBy: string | null; resolveBy: string | null };
  respondedAt: string | null;
  arrivedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  late: boolean;
  overdue: boolean;
  repeatOfId: string | null;
  satisfaction: number | null;
  reopenCount: number;
  allowedActions: Action[];
  events?: TicketEvent[];
};

export type Commitment = {
  priority: string;
  areaTier: string;
  respondMinutes: number | null;
  arriveMinutes: number | null;
  resolveMinutes: number | null;
};
export type Category = {
  code: string;
  kind: Kind;
  name: string;
  nameEn: string;
  defaultPriority: Priority;
  emergency: boolean;
  active: boolean;
  commitments: Commitment[];
};

export type Premise = {
  id: string;
  accountNo: string;
  address: string;
  areaTier: string;
  unitId: string | null;
  networkNode: { id: string; code: string; name: string } | null;
  flags: string[];
  notes: string;
  heatedArea: number | null;
  customers: { id: string; name: string; phone: string }[];
};

export type UnitNode = { id: string; parentId: string | null; kind: string; code: string; name: string; children: UnitNode[] };
export type User = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  phone: string | null;
  disabled: boolean;
};

export type Rate = { numerator: number; denominator: number; rate: number | null };
export type KpiSummary = { onTime: Rate; satisfaction: Rate; callback: Rate; repeat: Rate };
export type KpiDaily = { open: number; late: number; days: { date: string; onTime: Rate; satisfaction: Rate; callback: Rate }[] };

/** An active outage or notice covering a household (from `GET /notices/active?premiseId=`). */
export type ActiveNotice = { id: string; title: string; message: string; kind: string; startsAt: string; endsAt: string | null };
