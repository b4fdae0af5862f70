import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How long one query may take before the client gives up on it. Interactive requests get the
 * short limit, so a database that went silent (a cut connection nobody closed) is a quick 503
 * instead of a hung desk; reports and background work run under the long one. The limit travels
 * with the async context, so the code between the route and the query passes nothing along.
 */
const limits = new AsyncLocalStorage<'long'>();

/** Runs `fn` (and every query it makes) under the long limit for reports and background work. */
export function withLongQueries<T>(fn: () => T): T {
  return limits.run('long', fn);
}

/** Whether the current async context asked for the long limit. */
export function wantsLongQueries(): boolean {
  return limits.getStore() === 'long';
}
