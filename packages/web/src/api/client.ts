import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './openapi';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown when the request never reached the server (offline, dropped connection). */
export class NetworkError extends Error {}

/**
 * The console's session is an HttpOnly cookie the page cannot read; what it can read is the
 * CSRF token cookie set beside it, which it echoes on every change (and which says it is signed in).
 */
export const csrfToken = () => /(?:^|;\s*)wl_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? null;
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

let onUnauthorized: () => void = () => {};
/** Called when the server no longer accepts the session. */
export const setUnauthorizedHandler = (fn: () => void) => {
  onUnauthorized = fn;
};

/**
 * The session cookie's CSRF token on every change, and one error policy: a refusal with the server's error body is
 * an ApiError (401 also ends the session), anything that never got an answer is a NetworkError.
 */
const session: Middleware = {
  onRequest({ request }) {
    const csrf = csrfToken();
    if (csrf && !SAFE.has(request.method)) request.headers.set('x-csrf-token', csrf);
    return request;
  },
  onError({ error }) {
    return error instanceof ApiError || error instanceof NetworkError
      ? error
      : new NetworkError(error instanceof Error ? error.message : String(error));
  },
  async onResponse({ response, schemaPath }) {
    if (response.ok) return undefined;
    let err: { code?: string; message?: string } | undefined;
    try {
      err = ((await response.clone().json()) as { error?: typeof err } | null)?.error;
    } catch {
      err = undefined;
    }
    if (response.status === 401 && schemaPath !== '/api/v1/auth/login') onUnauthorized();
    if (response.status >= 500 && !err) throw new NetworkError(`HTTP ${response.status}`);
    throw new ApiError(response.status, err?.code ?? 'error', err?.message ?? `HTTP ${response.status}`);
  },
};

/** The typed client of the Warmline API, generated from the server's OpenAPI document (`npm run gen:api`). */
export const client = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
client.use(session);

/**
 * The answer of a call that succeeded. Failures never get here: the middleware throws them,
 * so a page awaits `unwrap(client.GET(...))` inside its usual try/catch.
 * @example const me = await unwrap(client.GET('/api/v1/auth/me'));
 */
export async function unwrap<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  return (await call).data as T;
}

const PORTAL_PHOTO = /^\/portal\/photos\/([0-9a-f-]{36})$/i;

/**
 * Fetches an attachment with the session cookie and returns an object URL for previews. An
 * order's history refers to staff uploads by id and to residents' portal photos as
 * "/portal/photos/<id>"; each is read from its own route.
 */
export async function attachmentUrl(ref: string): Promise<{ url: string; type: string }> {
  const portal = PORTAL_PHOTO.exec(ref)?.[1];
  const blob = portal
    ? await unwrap(client.GET('/api/v1/portal/photos/{id}', { params: { path: { id: portal } }, parseAs: 'blob' }))
    : await unwrap(client.GET('/api/v1/attachments/{id}', { params: { path: { id: ref } }, parseAs: 'blob' }));
  return { url: URL.createObjectURL(blob), type: blob.type };
}

/** Uploads one file; returns its id for an action's `attachments`. */
export async function uploadAttachment(file: Blob, name: string): Promise<string> {
  const out = await unwrap(
    client.POST('/api/v1/attachments', {
      params: { query: { name } },
      // The raw file is the body (the route reads it as bytes), not JSON.
      body: file as never,
      bodySerializer: (b: unknown) => b,
      headers: { 'content-type': file.type || 'application/octet-stream' },
    }),
  );
  return out.id;
}
