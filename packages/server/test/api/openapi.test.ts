import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../scripts/api-client.js';
import { startTestServer, type TestServer } from '../test-server.js';

// The document depends on the routes, not on the database, so one database kind is enough.
describe('the OpenAPI document', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('pglite');
  });
  afterAll(() => s?.close());

  it('is valid OpenAPI 3.1, every $ref resolving to a component it carries', async () => {
    const res = await s.call('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    // The validator dereferences in place; give it a copy.
    await expect(SwaggerParser.validate(structuredClone(res.body))).resolves.toBeTruthy();
  });

  it('names the recursive unit tree and the error body as components', async () => {
    const { body } = await s.call('GET', '/api/v1/openapi.json');
    const units = body.paths['/api/v1/units'].get.responses['200'].content['application/json'].schema;
    expect(units.properties.items.items).toEqual({ $ref: '#/components/schemas/UnitNode' });
    expect(body.components.schemas.UnitNode.properties.children.items).toEqual({ $ref: '#/components/schemas/UnitNode' });
    expect(body.paths['/api/v1/units'].get.responses['401'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
  });

  it('is the document the console client is generated from (built in-process without a database)', async () => {
    const { body } = await s.call('GET', '/api/v1/openapi.json');
    expect(JSON.parse(JSON.stringify(await openApiDocument()))).toEqual(body);
  });

  it('carries no component that nothing refers to', async () => {
    const { body } = await s.call('GET', '/api/v1/openapi.json');
    const text = JSON.stringify({ paths: body.paths, components: body.components });
    for (const name of Object.keys(body.components.schemas)) {
      expect(text, name).toContain(`"#/components/schemas/${name}"`);
    }
  });
});
