import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, isErrorCode } from '../../src/shared/errors.js';
import { startTestServer, type TestServer } from '../test-server.js';

const SRC = join(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

// Every way the source names an error code: the catalogue's builders, the older wrappers, and
// error bodies written by hand (`error: { code: '…' }`).
const CODE_SITES = [
  /\b(?:fail|appError|sendError|badRequest|forbidden|conflict|unprocessable)\(\s*(?:[\w.]+,\s*)?'([^']*)'/g,
  /new AppError\(\s*\d+,\s*'([^']*)'/g,
  /\berror:\s*\{\s*code:\s*'([^']*)'/g,
];

/** Every literal error code in the source, with the files naming it. */
function codesInSource(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const site of CODE_SITES) {
      for (const m of text.matchAll(site)) {
        const code = m[1] ?? '';
        found.set(code, [...(found.get(code) ?? []), relative(SRC, file)]);
      }
    }
  }
  return found;
}

describe('the error catalogue', () => {
  it('holds every error code the source throws', () => {
    const found = codesInSource();
    // The scan must see the source, or it would pass on nothing.
    expect(found.size).toBeGreaterThan(20);
    const missing = [...found].filter(([code]) => !isErrorCode(code)).map(([code, files]) => `${code} (${[...new Set(files)].join(', ')})`);
    expect(missing, 'codes thrown but not catalogued in src/shared/errors.ts').toEqual([]);
  });

  it('gives every code a client-error or server-error status, a snake_case name and a message', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.status, code).toBeLessThan(600);
      expect(entry.message.length, code).toBeGreaterThan(0);
    }
  });

  it('an uncatalogued code is caught by the scan', () => {
    // The scan's own check: a line throwing a made-up code is reported.
    const line = "throw badRequest('no_such_code', 'x');";
    const codes = CODE_SITES.flatMap((site) => [...line.matchAll(site)].map((m) => m[1]));
    expect(codes).toEqual(['no_such_code']);
    expect(isErrorCode('no_such_code')).toBe(false);
  });
});

describe('the OpenAPI document', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('pglite');
  });
  afterAll(() => s?.close());

  it('lists the whole catalogue under x-error-codes', async () => {
    const res = await s.call('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body['x-error-codes']).toEqual(ERROR_CATALOGUE);
  });

  it('an error answer carries a catalogued code with the catalogued status', async () => {
    const token = await s.tokenFor('crew');
    const res = await s.call('POST', '/api/v1/units', token, { parentId: s.seed.units.root, kind: 'company', code: 'x', name: 'x' });
    expect(res.status).toBe(ERROR_CATALOGUE.role_not_allowed.status);
    expect(res.body.error.code).toBe('role_not_allowed');
    const unknown = await s.call('GET', '/api/v1/no-such-route', token);
    expect(unknown.status).toBe(404);
    expect(isErrorCode(unknown.body.error.code)).toBe(true);
  });
});
