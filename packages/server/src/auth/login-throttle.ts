import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { hitLimit, type Limit, peekLimit } from '../portal/rate-limit.repo.js';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';

/**
 * Wrong passwords allowed per account and per client address in a 15-minute window. Counted in
 * the database, so every server process shares the budget; only failures count, so an office
 * behind one address signs in freely.
 */
export const LOGIN_LIMITS = {
  perAccount: { bucket: 'login-fail-account', max: 5, windowSeconds: 900 },
  perAddress: { bucket: 'login-fail-ip', max: 20, windowSeconds: 900 },
} satisfies Record<string, Limit>;

/** Refused sign-in attempts: 429 with the seconds to wait. */
export class TooManyAttempts extends AppError {
  constructor(readonly retryAfter: number) {
    super(429, 'too_many_attempts', `Too many wrong passwords; try again in ${Math.ceil(retryAfter / 60)} minutes`);
  }
}

const accountKey = (username: string) => username.trim().toLowerCase();

/** Throws TooManyAttempts when this account or this address has used up its wrong passwords. */
export async function assertMayTryLogin(db: Kysely<DB>, clock: Clock, username: string, ip: string): Promise<void> {
  const [account, address] = await Promise.all([
    peekLimit(db, clock, LOGIN_LIMITS.perAccount, accountKey(username)),
    peekLimit(db, clock, LOGIN_LIMITS.perAddress, ip),
  ]);
  if (!account.ok || !address.ok) throw new TooManyAttempts(Math.max(account.retryAfter, address.retryAfter));
}

/** Counts one wrong password against the account (known or not) and the address. */
export async function recordLoginFailure(db: Kysely<DB>, clock: Clock, username: string, ip: string): Promise<void> {
  await hitLimit(db, clock, LOGIN_LIMITS.perAccount, accountKey(username));
  await hitLimit(db, clock, LOGIN_LIMITS.perAddress, ip);
}
