import type { InsertQueryBuilder, Kysely, RawBuilder } from 'kysely';
import type { Actor } from '../auth/roles.js';
import type { DB, TicketRow } from '../db/schema.js';
import type { ActionInput, CreateTicketInput, TicketOut } from './ticket.schema.js';
import type { StepAction } from './ticket.state.js';
import type { NewEvent } from './ticket.transition.js';

// What other modules do when an order changes — start or move its clocks, link it to an active
// notice, queue the household's message — is registered here at start-up (src/modules.ts), so
// tickets/ never imports the modules that write those tables. Handlers run in the order they
// were registered, inside the transaction of the change, and may return events for the order's
// history, which the repository appends after the change's own.

/** A step of the loop that was just recorded: the row before and after, and the step. */
export type RecordedStep = { before: TicketRow; after: TicketRow; action: StepAction; events: NewEvent[] };

/** A row-writing statement (an insert) that needs nothing back, run as part of a new order's own statement. */
// biome-ignore lint/suspicious/noExplicitAny: any table of the schema
export type CreationWrite = InsertQueryBuilder<DB, any, unknown> | RawBuilder<unknown>;

export type TicketHandler = {
  /** A unique name, so registering the same module twice is harmless. */
  name: string;
  /**
   * Inserts to make with a new order, in the same statement (one round trip for the whole
   * intake); prefer this to `created` when nothing needs reading back.
   */
  creationWrites?: (db: Kysely<DB>, ticket: TicketRow) => Promise<CreationWrite[]>;
  /** After a new order is stored (its 'created' event included), with what was filed when it came through the API. */
  created?: (trx: Kysely<DB>, ticket: TicketRow, intake?: CreateTicketInput) => Promise<NewEvent[] | undefined>;
  /** After a step of the loop is stored. */
  stepped?: (trx: Kysely<DB>, step: RecordedStep) => Promise<NewEvent[] | undefined>;
  /**
   * Before a user's step is computed, with the order locked: throws a catalogued error when the
   * module's own rule refuses it (a ruling's charged unit, closing an unanswered complaint …).
   */
  guard?: (trx: Kysely<DB>, step: GuardedStep) => Promise<void>;
  /** What the module adds to one order's API shape (e.g. `complaint`); lists leave it out. */
  detail?: (db: Kysely<DB>, actor: Actor, ticket: TicketRow, now: Date) => Promise<Partial<TicketOut>>;
};

/** A step a user asked for, before it is computed. */
export type GuardedStep = { actor: Actor; ticket: TicketRow; input: ActionInput; now: Date };

const handlers: TicketHandler[] = [];
let composed = false;

/** Adds a module's handler; a name already registered is replaced in its place. */
export function registerTicketHandler(handler: TicketHandler): void {
  const at = handlers.findIndex((h) => h.name === handler.name);
  if (at >= 0) handlers[at] = handler;
  else handlers.push(handler);
}

/** Declares the registrations complete; recording a change before that is a wiring bug. */
export function markTicketHandlersComposed(): void {
  composed = true;
}

/** What the registered modules add to one order's API shape. */
export async function ticketDetails(db: Kysely<DB>, actor: Actor, ticket: TicketRow, now: Date): Promise<Partial<TicketOut>> {
  let out: Partial<TicketOut> = {};
  for (const h of ticketHandlers()) if (h.detail) out = { ...out, ...(await h.detail(db, actor, ticket, now)) };
  return out;
}

/** The registered handlers; throws when no entry point composed the modules, so clocks and messages are never skipped silently. */
export function ticketHandlers(): readonly TicketHandler[] {
  if (!composed) throw new Error('ticket handlers are not composed: call composeModules() from src/modules.ts at start-up');
  return handlers;
}
