import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { type AppError, fail } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { importPremises } from './import-premises.js';
import { CSV_COLUMNS } from './premise-csv.js';
import { importOut } from './territory.schema.js';

/** Room for ~50,000 rows of Chinese addresses; the rest of the API keeps the server's 1 MiB. */
export const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * The text of a CSV body in the charset its Content-Type names: UTF-8 (with or without
 * the BOM spreadsheets add) unless told otherwise; GBK and GB18030, which spreadsheets in
 * Chinese locales still save, are decoded too.
 */
function decodeCsv(req: FastifyRequest, body: Buffer): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase() ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    fail('unsupported_charset', `content-type: charset "${charset}" is not supported; use utf-8 or gb18030`);
  }
  try {
    return decoder.decode(body);
  } catch {
    fail('invalid_encoding', `body: not valid ${charset}`);
  }
}

/**
 * POST /premises/import in a scope of its own, so the text/csv parser and the larger body
 * limit apply to this route only.
 */
export function premiseImportRoutes(api: Api, deps: AppDeps) {
  api.register(async (scope) => {
    const csvApi = scope.withTypeProvider<ZodTypeProvider>();
    csvApi.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (req, body, done) => {
      try {
        done(null, decodeCsv(req, body as Buffer));
      } catch (e) {
        done(e as AppError, undefined);
      }
    });
    csvApi.post(
      '/premises/import',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['territory'],
          summary: 'Import premises with their customers from CSV, all or nothing (administrators and managers)',
          description:
            `Content-Type: text/csv (UTF-8, or charset=gb18030). One header row naming some of: ${CSV_COLUMNS.join(', ')}; ` +
            'account_no and address are required. An existing account number updates that premise in the columns given. ' +
            'If any row is rejected nothing is written and the answer is 422 import_rejected with details.rejected[] = {line, field, reason}.',
          consumes: ['text/csv'],
          body: z.string(),
          response: { 200: importOut, ...errorResponses },
        },
      },
      async (req) => importPremises(ctxOf(req, deps), req.body),
    );
  });
}
