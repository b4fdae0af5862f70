/**
 * The error catalogue: every code a client can receive from the API, with its HTTP status and a
 * user-safe English message. The console translates by code; `detail` (naming the field or the
 * record) replaces the message where the caller knows more. A code missing here is a type error,
 * and `test/errors/error-catalogue.test.ts` fails when the source throws one.
 */
export const ERROR_CATALOGUE = {
  // 400 — the request itself is malformed
  invalid_input: { status: 400, message: 'The input is not valid' },
  bad_request: { status: 400, message: 'The request cannot be read' },
  invalid_cursor: { status: 400, message: 'cursor: not a cursor this server issued' },
  invalid_range: { status: 400, message: 'from/to: not a valid period' },
  invalid_received_at: { status: 400, message: 'receivedAt: not a valid time' },
  invalid_unit_kind: { status: 400, message: 'kind: this unit kind cannot be placed here' },
  reserved_username: { status: 400, message: 'username: this name is reserved for system accounts' },
  empty_file: { status: 400, message: 'body: the file is empty' },
  type_mismatch: { status: 400, message: 'body: the file does not match its declared type' },
  invalid_encoding: { status: 400, message: 'body: the file is not in the declared character set' },
  unsupported_charset: { status: 400, message: 'Content-Type: unsupported character set' },
  invalid_path: { status: 400, message: 'path: not a valid percent-encoded address' },
  invalid_characters: { status: 400, message: 'The input contains a NUL byte or an invalid character' },
  weak_password: { status: 400, message: 'password: too short, too common or too like the user name' },
  unknown_attachment: { status: 400, message: 'attachments: not a file you uploaded or may see' },
  image_broken: { status: 400, message: 'body: the image cannot be read' },
  unknown_indicator: { status: 400, message: 'codes: unknown indicator' },
  invalid_period: { status: 400, message: 'from/to: must be a date or a local midnight (figures are kept per day)' },
  not_drillable: { status: 400, message: 'code: this indicator has no list of orders behind it' },
  invalid_target: { status: 400, message: 'target: outside what this indicator allows' },
  // 401 — who are you?
  unauthorized: { status: 401, message: 'Authentication required' },
  // 403 — known, but not allowed
  forbidden: { status: 403, message: 'You may not do this' },
  role_not_allowed: { status: 403, message: 'Your role may not do this' },
  unit_out_of_scope: { status: 403, message: 'This is outside your part of the organisation' },
  action_not_allowed: { status: 403, message: 'You may not take this step on this order' },
  not_recipient: { status: 403, message: 'This was not sent to your unit' },
  csrf_failed: { status: 403, message: 'X-CSRF-Token: missing or does not match this session' },
  // 404
  not_found: { status: 404, message: 'Not found' },
  // 405 / 406 / 413 / 415 — from the HTTP layer
  method_not_allowed: { status: 405, message: 'This method is not allowed here' },
  not_acceptable: { status: 406, message: 'No acceptable representation' },
  payload_too_large: { status: 413, message: 'The request body is too large' },
  image_too_large: { status: 413, message: 'body: the image has too many pixels' },
  unsupported_media_type: { status: 415, message: 'Unsupported Content-Type' },
  // 409 — the state of the record forbids it
  not_ruled: { status: 409, message: 'ruling: the complaint has not been ruled yet' },
  reply_missing: { status: 409, message: 'replies: the complaint has not been answered yet' },
  invalid_transition: { status: 409, message: 'The record is not in a state that allows this' },
  already_acknowledged: { status: 409, message: 'Already acknowledged' },
  duplicate: { status: 409, message: 'A record with these values already exists' },
  username_taken: { status: 409, message: 'username: already taken in this organisation' },
  tenant_required: { status: 409, message: 'tenant: this name is used in several organisations; give the organisation code' },
  account_taken: { status: 409, message: 'accountNo: another premise has this account' },
  phone_taken: { status: 409, message: 'phone: another customer of this premise has this phone' },
  node_code_taken: { status: 409, message: 'code: another network node has this code' },
  // 422 — well-formed, but refers to something wrong
  unknown_reference: { status: 422, message: 'A referenced record does not exist' },
  constraint_violated: { status: 422, message: 'A value is outside what is allowed' },
  unknown_unit: { status: 422, message: 'unitId: unknown unit' },
  unknown_node: { status: 422, message: 'nodeIds: unknown network node' },
  unknown_network_node: { status: 422, message: 'networkNodeId: unknown network node' },
  unknown_premise: { status: 422, message: 'premiseId: unknown premise' },
  unknown_category: { status: 422, message: 'categoryCode: unknown category' },
  unknown_calendar: { status: 422, message: 'calendarId: unknown calendar' },
  ambiguous_target: { status: 422, message: 'The target matches more than one record' },
  assignee_outside_unit: { status: 422, message: 'assigneeId: not a member of the unit' },
  same_unit: { status: 422, message: 'unitId: the order is already there' },
  charge_required: { status: 422, message: 'chargedUnitId: a verified complaint is charged to a unit' },
  charge_not_allowed: { status: 422, message: 'chargedUnitId: an unfounded complaint charges nobody' },
  unknown_user: { status: 422, message: 'userId: no active user of that id in the organisation' },
  unknown_sub_type: { status: 422, message: 'complaint.subType: not a sub-type of this organisation' },
  unknown_measure: { status: 422, message: 'measures: not an accountability measure of this organisation' },
  unknown_subject: { status: 422, message: 'complaint.subject: no such order, person or unit' },
  not_a_complaint: { status: 422, message: 'id: this order is not a complaint' },
  investigator_in_subject_unit: { status: 422, message: 'investigatorId: belongs to the complained-about unit' },
  evidence_required: { status: 422, message: 'evidence: what was done needs a note and at least one file' },
  unknown_order: { status: 422, message: 'intoId: no such order in your part of the organisation' },
  reason_required: { status: 422, message: 'note: why the order is closed without a callback is required' },
  due_not_future: { status: 422, message: 'dueBy: must lie in the future' },
  merge_into_itself: { status: 422, message: 'intoId: an order cannot be merged into itself' },
  merge_into_duplicate: { status: 422, message: 'intoId: that order is itself a duplicate; merge into the order it was merged into' },
  kind_category_mismatch: { status: 422, message: 'categoryCode: not a category of this kind' },
  idempotency_key_reused: { status: 422, message: 'Idempotency-Key: already used with another body' },
  import_rejected: { status: 422, message: 'The file has rows that cannot be imported; nothing was written' },
  import_too_large: { status: 422, message: 'The file has too many rows' },
  export_too_large: { status: 422, message: 'The filters match more orders than one workbook holds; narrow them' },
  invalid_day: { status: 422, message: 'date: not a valid calendar day' },
  invalid_hours: { status: 422, message: 'hours: not valid working hours' },
  notice_reaches_nobody: { status: 422, message: 'target: no household is inside this target' },
  answer_required: { status: 422, message: 'note: the answer given to the caller is required to close at first contact' },
  // 429 / 5xx
  too_many_requests: { status: 429, message: 'Too many requests; try again later' },
  too_many_attempts: { status: 429, message: 'Too many wrong passwords; try again later' },
  internal_error: { status: 500, message: 'Something went wrong on our side' },
  database_unavailable: { status: 503, message: 'The database is not reachable; try again shortly' },
  quota_exceeded: { status: 507, message: "body: the organisation's file space is full" },
  storage_full: { status: 507, message: 'The storage is full; nothing was saved. Try again after an administrator has made room' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CATALOGUE, code);

/** An error a client can act on: a stable code, an HTTP status and a user-safe message. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Builds the catalogued error; `detail` replaces the catalogue's message (name the field or the record). */
export function appError(code: ErrorCode, detail?: string, details?: Record<string, unknown>): AppError {
  const entry = ERROR_CATALOGUE[code];
  return new AppError(entry.status, code, detail ?? entry.message, details);
}

/**
 * Throws the catalogued error.
 * @example if (!notice) fail('not_found', 'Notice not found');
 */
export function fail(code: ErrorCode, detail?: string, details?: Record<string, unknown>): never {
  throw appError(code, detail, details);
}

// Thin wrappers kept while older call sites move to `fail`; the code must still be catalogued.
export const badRequest = (code: ErrorCode, message: string, details?: Record<string, unknown>) => appError(code, message, details);
export const unauthorized = (message?: string) => appError('unauthorized', message);
export const forbidden = (code: ErrorCode = 'forbidden', message?: string) => appError(code, message);
export const notFound = (what: string) => appError('not_found', `${what} not found`);
export const conflict = (code: ErrorCode, message: string) => appError(code, message);
export const unprocessable = (code: ErrorCode, message: string, details?: Record<string, unknown>) => appError(code, message, details);

// PostgreSQL error codes and socket errors meaning "the database is away right now" — 25006
// included: during a failover the only server reachable may still be a read-only standby.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', '53300', '25006']);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);

/** True when an error means the database cannot be reached (answer 503, not 500). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code;
  if (code && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
  // "Query read timeout": the query outlived WARMLINE_DB_QUERY_TIMEOUT_MS, typically on a connection that went silent.
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/i.test(
    err.message,
  );
}
