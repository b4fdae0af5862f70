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

/** One JSON call to /api/v1 with the session cookie (and, for a change, the CSRF token). */
export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const csrf = csrfToken();
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(body !== undefined && !(body instanceof Blob) && { 'content-type': 'application/json' }),
        ...(csrf && !SAFE.has(method) && { 'x-csrf-token': csrf }),
        ...headers,
      },
      body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
    });
  } catch (e) {
    throw new NetworkError(e instanceof Error ? e.message : String(e));
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
    if (res.status === 401 && path !== '/auth/login') onUnauthorized();
    if (res.status >= 500 && !err) throw new NetworkError(`HTTP ${res.status}`);
    throw new ApiError(res.status, err?.code ?? 'error', err?.message ?? `HTTP ${res.status}`);
  }
  return data as T;
}

/** Fetches an attachment with the session cookie and returns an object URL for previews. */
export async function attachmentUrl(id: string): Promise<{ url: string; type: string }> {
  const res = await fetch(`/api/v1/attachments/${id}`, { credentials: 'same-origin' });
  if (!res.ok) throw new ApiError(res.status, 'attachment', `HTTP ${res.status}`);
  const blob = await res.blob();
  return { url: URL.createObjectURL(blob), type: blob.type };
}

/** Uploads one file; returns its id for an action's `attachments`. */
export async function uploadAttachment(file: Blob, name: string): Promise<string> {
  const out = await api<{ id: string }>('POST', `/attachments?name=${encodeURIComponent(name)}`, file, {
    'content-type': file.type || 'application/octet-stream',
  });
  return out.id;
}
