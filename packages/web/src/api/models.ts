// The shapes the console reads, named from the generated OpenAPI types (never copied by hand).
import type { components, paths } from './openapi';

export type { paths };

type Schemas = components['schemas'];

export type Role = Schemas['Role'];
export type Me = Schemas['Me'];
export type Status = Schemas['Status'];
export type Kind = Schemas['Kind'];
export type Priority = Schemas['Priority'];
export type Action = Schemas['Action'];
export type Channel = Schemas['Channel'];
export type TicketEvent = Schemas['TicketEvent'];
export type Ticket = Schemas['Ticket'];
export type Commitment = Schemas['Commitment'];
export type Category = Schemas['Category'];
export type Premise = Schemas['Premise'];
export type NetworkNode = Schemas['NetworkNode'];
export type UnitNode = Schemas['UnitNode'];
export type User = Schemas['User'];
export type Rate = Schemas['Rate'];
export type KpiSummary = Schemas['KpiSummary'];
export type KpiDaily = Schemas['KpiDaily'];
export type Notice = Schemas['Notice'];
export type Urging = Schemas['Urging'];
export type StaffNotification = Schemas['StaffNotification'];
export type OneTimeNotice = Schemas['OneTimeNotice'];
/** The rules the server owns (kinds, closing on the spot, repeat window, satisfaction levels), from `GET /meta`. */
export type Meta = Schemas['Meta'];

/** The body of `POST /tickets/{id}/actions`: one step with the fields it needs. */
export type ActionBody = paths['/api/v1/tickets/{id}/actions']['post']['requestBody']['content']['application/json'];

/** An active outage or notice covering a household, as the intake shows it (from `GET /notices/active?premiseId=`). */
export type ActiveNotice = Pick<Notice, 'id' | 'title' | 'message' | 'kind' | 'startsAt'> & { endsAt: string | null };
