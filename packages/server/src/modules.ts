import { complaintTicketHandler } from './complaints/complaint.handlers.js';
import { onComplaintRectificationStep } from './complaints/handle-complaint.js';
import { noticeLinkHandler } from './notices/notice-link.js';
import { registerRectificationListener } from './rectification/rectify.js';
import { slaTicketHandler } from './sla/ticket-hooks.js';
import { markTicketHandlersComposed, registerTicketHandler } from './tickets/ticket.handlers.js';

/**
 * Wires the modules together, once per process, before any order is written: what each module
 * does when an order is created or moves. Order matters only for the timeline: clocks and
 * messages first, then notice links. Every entry point calls this (server, worker, tools, tests
 * that use the use cases directly); calling it again changes nothing.
 */
export function composeModules(): void {
  registerTicketHandler(slaTicketHandler);
  registerTicketHandler(noticeLinkHandler);
  registerTicketHandler(complaintTicketHandler);
  registerRectificationListener('complaint', onComplaintRectificationStep);
  markTicketHandlersComposed();
}
