import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { fail } from '../shared/errors.js';

/** Where `npm run build -w @warmline/web` writes the console. */
export const defaultWebDist = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../web/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// Paths the console must never shadow: an unknown API path stays a JSON 404.
const NOT_SPA = /^\/(api|open311|healthz)(\/|$)/;

const MISSING_BUILD = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Warmline</title></head>
<body><h1>Warmline</h1><p>The staff console has not been built yet. Build it with
<code>npm run build -w @warmline/web</code> (or <code>npm start</code> from the repository root, which builds it when missing), then reload.</p>
<p>API: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> · <a href="/healthz">/healthz</a></p></body></html>`;

/**
 * Serves the built console at `/`: files from dist, and index.html for every other
 * non-API GET so client-side routes survive a reload. Hashed assets are cached for a year.
 */
export function serveWebApp(app: FastifyInstance, distDir: string = defaultWebDist) {
  const root = resolve(distDir);
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    let path: string;
    try {
      path = decodeURIComponent((req.url.split('?')[0] ?? '/').replace(/\/+/g, '/'));
    } catch {
      fail('invalid_path');
    }
    if (NOT_SPA.test(path)) {
      return reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${path}` } });
    }
    const index = join(root, 'index.html');
    if (!existsSync(index)) return reply.status(503).type('text/html; charset=utf-8').send(MISSING_BUILD);

    const candidate = normalize(join(root, path));
    const inside = candidate === root || candidate.startsWith(root + sep);
    if (inside && path !== '/' && existsSync(candidate) && statSync(candidate).isFile()) {
      const immutable = path.startsWith('/assets/');
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return reply.type(TYPES[extname(candidate)] ?? 'application/octet-stream').send(readFileSync(candidate));
    }
    if (extname(path) && path.startsWith('/assets/'))
      return reply.status(404).send({ error: { code: 'not_found', message: `No file ${path}` } });
    reply.header('cache-control', 'no-cache');
    return reply.type('text/html; charset=utf-8').send(readFileSync(index));
  });
}
