import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

// The project's one XLSX writer (exceljs). Rows are committed to the output as they are
// produced (exceljs' streaming WorkbookWriter), so an export of 100,000 orders never holds the
// whole workbook in memory: pass an async iterable (e.g. pages of a cursor query) as `rows`.
// Cells are written as typed values, never as formulas, so text such as "=cmd|…" from a
// description stays text (no formula injection as with CSV).

/** A cell value: text, a number, an instant (shown as a local date-time by `numFmt`), or empty. */
export type XlsxValue = string | number | boolean | Date | null | undefined;

/** One column: its header (already translated), how wide, how numbers show, and how a row fills it. */
export type XlsxColumn<T> = {
  header: string;
  /** Width in characters; defaults to the header's length, at least 10. */
  width?: number;
  /** Excel number format, e.g. '0.0%' for a share or 'yyyy-mm-dd hh:mm' for a date-time; per row when a function. */
  numFmt?: string | ((row: T) => string | undefined);
  value: (row: T) => XlsxValue;
};

/** One worksheet: a name (at most 31 characters, no []:*?/\), its columns and its rows. */
export type XlsxSheet<T> = {
  name: string;
  columns: XlsxColumn<T>[];
  rows: Iterable<T> | AsyncIterable<T>;
};

// biome-ignore lint/suspicious/noExplicitAny: a workbook mixes sheets of different row types.
type AnySheet = XlsxSheet<any>;

/** The MIME type of an .xlsx file. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A name Excel accepts for a sheet: forbidden characters replaced, cut to 31 characters, unique in the book. */
export function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet';
  let out = base;
  for (let i = 2; taken.has(out.toLowerCase()); i++) out = `${base.slice(0, 31 - String(i).length - 1)}-${i}`;
  taken.add(out.toLowerCase());
  return out;
}

/**
 * Writes a workbook to a stream, row by row, and ends the stream. Dates are written as Excel
 * date-times in UTC unless the caller converted them: pass local wall-clock strings (the tenant's
 * time zone) when the reader must see local times, as every export of Warmline does.
 */
export async function writeXlsx(out: Writable, sheets: AnySheet[]): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'Warmline';
  const taken = new Set<string>();
  for (const sheet of sheets) {
    const ws = book.addWorksheet(sheetName(sheet.name, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c, i) => ({
      key: String(i),
      header: c.header,
      width: c.width ?? Math.max(10, [...c.header].length * 2),
      ...(typeof c.numFmt === 'string' && { style: { numFmt: c.numFmt } }),
    }));
    ws.getRow(1).font = { bold: true };
    for await (const row of sheet.rows) {
      const added = ws.addRow(sheet.columns.map((c) => c.value(row) ?? null));
      sheet.columns.forEach((c, i) => {
        const fmt = typeof c.numFmt === 'function' ? c.numFmt(row) : undefined;
        if (fmt) added.getCell(i + 1).numFmt = fmt;
      });
      added.commit();
    }
    ws.commit();
  }
  await book.commit();
}

/**
 * Answers a request with a workbook, streamed as it is written. `fileName` may hold Chinese;
 * it is sent both as a plain ASCII fallback and as RFC 5987 UTF-8.
 */
export function sendXlsx(reply: FastifyReply, fileName: string, sheets: AnySheet[]) {
  const body = new PassThrough();
  writeXlsx(body, sheets).catch((err: unknown) => body.destroy(err instanceof Error ? err : new Error(String(err))));
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .type(XLSX_TYPE)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('cache-control', 'no-store')
    .send(body);
}

/** Reads a workbook back into arrays of cell values per sheet (for tests and imports). */
export async function readXlsx(data: Buffer | ArrayBuffer): Promise<Record<string, unknown[][]>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data as ArrayBuffer);
  const out: Record<string, unknown[][]> = {};
  book.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      // exceljs numbers cells from 1 and leaves holes for empty ones: empty → null, trailing empties dropped.
      const values = Array.from((row.values as unknown[]).slice(1), (v) => v ?? null);
      while (values.length && values[values.length - 1] === null) values.pop();
      rows.push(values);
    });
    out[ws.name] = rows;
  });
  return out;
}
