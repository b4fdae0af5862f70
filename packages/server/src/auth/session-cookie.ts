import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The console's session: the token in an HttpOnly cookie the page's scripts cannot read. */
export const SESSION_COOKIE = 'wl_session';
/** Double-submit CSRF token: readable by the console, which echoes it in the X-CSRF-Token header. */
export const CSRF_COOKIE = 'wl_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The value of one cookie of the request, or null. */
export function readCookie(req: FastifyRequest, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

const attributes = (req: FastifyRequest, maxAge: number) =>
  `Path=/; Max-Age=${maxAge}; SameSite=Strict${req.protocol === 'https' ? '; Secure' : ''}`;

/** Sets the session cookie and a fresh CSRF token, both lasting as long as the session. */
export function setSessionCookies(req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date, now: Date) {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  reply.header('set-cookie', `${SESSION_COOKIE}=${token}; HttpOnly; ${attributes(req, maxAge)}`);
  reply.header('set-cookie', `${CSRF_COOKIE}=${randomBytes(24).toString('base64url')}; ${attributes(req, maxAge)}`);
}

/** Removes both cookies (sign-out). */
export function clearSessionCookies(req: FastifyRequest, reply: FastifyReply) {
  reply.header('set-cookie', `${SESSION_COOKIE}=; HttpOnly; ${attributes(req, 0)}`);
  reply.header('set-cookie', `${CSRF_COOKIE}=; ${attributes(req, 0)}`);
}
