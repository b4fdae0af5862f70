import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';

type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
};
type Operation = {
  parameters?: Array<{ in: string; name: string; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

const UUID = '0b0c3c1e-1111-4111-8111-111111111111';
const NUL = 'a\u0000b';
/** Values that once reached the database or a decoder unchecked. */
const BAD_STRINGS = [
  NUL,
  '\u0000',
  '%',
  '%E4%',
  '\ud800',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59+14:00',
  '+275760-09-13T00:00:00Z',
  '2026-13-45T99:99:99Z',
  Buffer.from(JSON.stringify(['2026-11-21T02:00:00Z', 'not-a-uuid'])).toString('base64url'),
  Buffer.from(JSON.stringify(['0001-01-01T00:00:00Z', UUID])).toString('base64url'),
  Buffer.from(JSON.stringify(['+275760-09-13T00:00:00Z', UUID])).toString('base64url'),
  Buffer.from('{"a":').toString('base64url'),
];
/** Percent-encodes for a URL; a lone surrogate (which encodeURIComponent refuses) becomes its invalid UTF-8 bytes. */
function enc(v: string) {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
}
const BAD_NUMBERS = [1e15, -1e15, 2 ** 31, 1.5, Number.MAX_SAFE_INTEGER];

/** A value of the schema's shape with `leaf` deciding every string and number. */
function sample(schema: Schema | undefined, leaf: (s: Schema) => unknown, depth = 0): unknown {
  if (!schema || depth > 6) return leaf({ type: 'string' });
  const options = schema.oneOf ?? schema.anyOf;
  if (options?.length) return sample(options[0], leaf, depth + 1);
  if (schema.allOf?.length) return sample(schema.allOf[0], leaf, depth + 1);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'object' || schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sample(v, leaf, depth + 1)]));
  }
  if (type === 'array') return [sample(schema.items, leaf, depth + 1)];
  if (type === 'boolean') return true;
  return leaf(schema);
}

/** Every variant of a body: each discriminated option, with bad strings, dates or numbers at every leaf. */
function bodyVariants(schema: Schema | undefined): unknown[] {
  if (!schema) return [];
  const roots = schema.oneOf ?? schema.anyOf ?? [schema];
  const good = (s: Schema): unknown =>
    s.format === 'uuid'
      ? UUID
      : s.format === 'date-time'
        ? '2026-11-21T10:00:00+08:00'
        : s.type === 'integer' || s.type === 'number'
          ? 1
          : 'x';
  const variants: unknown[] = [];
  for (const root of roots) {
    for (const bad of BAD_STRINGS) variants.push(sample(root, (s) => (s.type === 'string' || !s.type ? bad : good(s))));
    for (const n of BAD_NUMBERS) variants.push(sample(root, (s) => (s.type === 'integer' || s.type === 'number' ? n : good(s))));
  }
  return variants;
}

describe.each(testDatabaseKinds)('bad input never gives a 5xx on %s', (kind) => {
  let s: TestServer;
  let token: string;
  beforeAll(async () => {
    s = await startTestServer(kind);
    token = await s.tokenFor('admin');
  });
  afterAll(async () => s.close());

  async function send(method: string, path: string, body?: unknown, contentType = 'application/json') {
    const res = await fetch(s.base + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': contentType }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  }

  it('every route of the OpenAPI document answers bad values in its path, query and body with a 4xx', async () => {
    const doc = (await s.call('GET', '/api/v1/openapi.json', token)).body as { paths: Record<string, Record<string, Operation>> };
    const failures: string[] = [];
    let calls = 0;
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (template === '/api/v1/auth/logout' || template === '/api/v1/live') continue;
        const params = op.parameters ?? [];
        const pathParams = params.filter((p) => p.in === 'path');
        const fill = (value: string) =>
          pathParams.reduce((p, param) => p.replace(`{${param.name}}`, value), template).replace(/\{[^}]+\}/g, value);
        const goodPath = fill(UUID);
        const check = async (path: string, body?: unknown, contentType?: string) => {
          calls++;
          const status = await send(method.toUpperCase(), path, body, contentType);
          if (status >= 500)
            failures.push(`${method.toUpperCase()} ${path} ${body === undefined ? '' : JSON.stringify(body).slice(0, 160)} → ${status}`);
        };
        // Path parameters: raw NUL, stray %, broken UTF-8 escapes, non-ids.
        if (pathParams.length)
          for (const raw of ['%00', '%', '%E4%', 'a%00b', 'not-an-id', '%ZZ'])
            await check(fill('PLACEHOLDER').replace(/PLACEHOLDER/g, raw));
        // Query parameters, one at a time.
        for (const q of params.filter((p) => p.in === 'query')) {
          for (const bad of BAD_STRINGS) await check(`${goodPath}?${q.name}=${enc(bad)}`);
          await check(`${goodPath}?${q.name}=%`);
        }
        // Bodies.
        const json = op.requestBody?.content?.['application/json']?.schema;
        for (const body of bodyVariants(json)) await check(goodPath, body);
      }
    }
    expect(calls).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  }, 600_000);

  it('the public Open311, portal and status routes answer bad paths, queries and forms with a 4xx', async () => {
    const form = 'application/x-www-form-urlencoded';
    const failures: string[] = [];
    const paths = [
      '/open311/v2/requests/%.json',
      '/open311/v2/requests/%E4%.xml',
      '/open311/v2/requests/a%00b.json',
      '/open311/v2/services/%ZZ.json',
      '/open311/v2/%.json',
      '/open311/v2/services.json?jurisdiction_id=a%00b',
      '/open311/v2/requests.json?start_date=0001-01-01T00:00:00Z',
      '/open311/v2/requests.json?end_date=%2B275760-09-13T00:00:00Z',
      '/open311/v2/requests.json?service_request_id=a%00b',
      '/open311/v2/tokens/%.json',
      '/portal/track/view?filed=%',
      '/portal/track/view?rated=a%00b',
      '/portal/photos/%',
      '/portal/photos/a%00b',
      '/portal/pages/%00',
      '/portal/api/addresses?q=a%00b',
      '/portal/notices?tenant=a%00b',
      '/status/%',
      '/status/a%00b',
      '/status/a%00b/notices.json',
    ];
    for (const path of paths) {
      const res = await fetch(s.base + path);
      await res.arrayBuffer();
      if (res.status >= 500) failures.push(`GET ${path} → ${res.status}`);
    }
    const posts: Array<[string, string]> = [
      ['/open311/v2/requests.json', 'api_key=a%00b&service_code=heating-cold'],
      ['/open311/v2/requests.json', 'api_key=x&service_code=a%00b&description=%00'],
      ['/open311/v2/servicerequestupdates.json', 'api_key=a%00b&updated_datetime=0001-01-01T00:00:00Z'],
      ['/portal/track', 'code=a%00b&phone=%00'],
      ['/portal/report', 'description=a%00b&phone=139%0000001111'],
      ['/portal/track/rate', 'satisfaction=%00'],
    ];
    for (const [path, body] of posts) {
      const res = await fetch(s.base + path, { method: 'POST', headers: { 'content-type': form }, body });
      await res.arrayBuffer();
      if (res.status >= 500) failures.push(`POST ${path} ${body} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});
