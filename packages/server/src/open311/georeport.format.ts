import { XMLBuilder } from 'fast-xml-parser';
import { toZonedIso } from '../shared/time.js';

export type Format = 'xml' | 'json';

/** An error the specification defines: its code is also the HTTP status. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 415 | 429,
    message: string,
  ) {
    super(message);
  }
}

export const badInput = (message: string) => new Open311Error(400, message);

const builder = new XMLBuilder({
  ignoreAttributes: true,
  format: true,
  indentBy: '  ',
  suppressEmptyNode: false,
  // Escapes & < > " ' in every text node.
  processEntities: true,
});

type Plain = string | number | boolean | null | undefined | Plain[] | { [k: string]: Plain };

/** Booleans and nulls the way the specification's XML shows them. */
function forXml(v: Plain): Plain {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return v.map(forXml);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, forXml(x)]));
  // Characters XML 1.0 cannot carry at all are dropped rather than producing a broken document.
  if (typeof v === 'string') return v.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
  return v;
}

/**
 * Serialises a document: XML under `root` with list items as repeated `item` elements, or JSON
 * (a bare array for lists, as the specification's JSON examples show).
 */
export function render(format: Format, root: string, item: string | null, data: Plain): { type: string; body: string } {
  if (format === 'json') return { type: 'application/json; charset=utf-8', body: JSON.stringify(data) };
  const inner = item ? { [item]: forXml(data) } : forXml(data);
  const xml = builder.build({ [root]: inner }) as string;
  return { type: 'text/xml; charset=utf-8', body: `<?xml version="1.0" encoding="utf-8"?>\n${xml}` };
}

/** The specification's error body: `<errors><error><code/><description/></error></errors>` or `[{code, description}]`. */
export function renderError(format: Format, status: number, description: string) {
  return render(format, 'errors', 'error', [{ code: status, description }]);
}

/**
 * W3C datetime with the tenant's offset and whole seconds.
 * @example w3c(new Date('2026-11-21T02:00:00Z'), 'Asia/Shanghai') // '2026-11-21T10:00:00+08:00'
 */
export const w3c = (d: Date, timeZone: string) => toZonedIso(d, timeZone).replace(/\.\d{3}(?=[+-]\d{2}:\d{2}$)/, '');

/** Nested lists in XML need their own wrapper element, e.g. `<values><value>…</value></values>`. */
export const xmlList = <T extends Plain>(format: Format, item: string, list: T[]): Plain => (format === 'xml' ? { [item]: list } : list);
