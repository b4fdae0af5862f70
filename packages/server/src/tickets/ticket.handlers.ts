import type { Kysely } from 'kysely';
import type { DB, TicketRow } from '../db/schema.js';
import type { StepAction } from './ticket.state.js';
import type { NewEvent } from './ticket.transition.js';

// What other modules do when an order changes — start or move its clocks, link it to an active
// notice, queue the household's message — is registered here at start-up (src/modules.ts), so
// tickets/ never imports the modules that write those tables. Handlers run in the order they
// were registered, inside the transaction of the change, and may return events for the order's
// history, which the repository appends after the change's own.

/** A step of the loop that was just recorded: the row before and after, and the step. */
export type RecordedStep = { before: TicketRow; after: TicketRow; action: StepAction; events: NewEvent[] };

export type TicketHandler = {
  /** A unique name, so registering the same module twice is harmless. */
  name: string;
  /** After a new order is stored (its 'created' event included). */
  created?: (trx: Kysely<DB>, ticket: TicketRow) => Promise<NewEvent[] | undefined>;
  /** After a step of the loop is stored. */
  stepped?: (trx: Kysely<DB>, step: RecordedStep) => Promise<NewEvent[] | undefined>;
};

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

/** The registered handlers; throws when no entry point composed the modules, so clocks and messages are never skipped silently. */
export function ticketHandlers(): readonly TicketHandler[] {
  if (!composed) throw new Error('ticket handlers are not composed: call composeModules() from src/modules.ts at start-up');
  return handlers;
}
