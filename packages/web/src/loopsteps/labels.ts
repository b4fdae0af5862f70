// Labels for the steps this feature adds to the loop (repeat calls, duplicates, supervision),
// kept in this folder's own strings: the shared action/event names first, then ours.

type T = (key: string | string[], opts?: Record<string, unknown>) => string;

/** The button or dialog title of a step of the loop. */
export const actionLabel = (t: T, action: string): string => t([`action.${action}`, `loopsteps.action.${action}`]);

/** The heading of a timeline entry; an unknown type shows as itself. */
export const eventLabel = (t: T, type: string): string => t([`event.${type}`, `loopsteps.event.${type}`], { defaultValue: type });
