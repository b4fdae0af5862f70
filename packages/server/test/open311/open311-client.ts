import { XMLParser } from 'fast-xml-parser';
import type { TestServer } from '../test-server.js';

// Elements that are lists in GeoReport v2 XML, so a single item still parses as an array.
const LIST_ELEMENTS = new Set(['service', 'attribute', 'value', 'request', 'error', 'endpoint', 'format', 'request_update']);
export const xmlParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => LIST_ELEMENTS.has(name) });

/** Raw Open311 calls: a GET with query or a form-encoded POST; returns status, content type, text and parsed body. */
export function open311(s: TestServer) {
  async function get(path: string, query: Record<string, string> = {}) {
    const qs = new URLSearchParams(query).toString();
    const res = await fetch(`${s.base}/open311/v2/${path}${qs ? `?${qs}` : ''}`);
    return parse(res);
  }
  async function post(path: string, fields: Array<[string, string]>, contentType = 'application/x-www-form-urlencoded') {
    const body = new URLSearchParams();
    for (const [k, v] of fields) body.append(k, v);
    const res = await fetch(`${s.base}/open311/v2/${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: body.toString(),
    });
    return parse(res);
  }
  async function parse(res: Response) {
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const body = type.includes('json') ? JSON.parse(text) : type.includes('xml') ? xmlParser.parse(text) : text;
    return { status: res.status, type, text, body, headers: res.headers };
  }
  return { get, post };
}
