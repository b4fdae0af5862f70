import type { FastifyInstance } from 'fastify';

const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Warmline</title></head>
<body><h1>Warmline</h1><p>API: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> · <a href="/healthz">/healthz</a></p></body></html>`;

/** Until the console is built, `/` explains where the API is. */
export function servePlaceholderPage(app: FastifyInstance) {
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
}
