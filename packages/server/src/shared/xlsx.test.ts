import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readXlsx, sheetName, writeXlsx } from './xlsx.js';

async function toBuffer(write: (out: PassThrough) => Promise<void>) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  await write(out);
  await ended;
  return Buffer.concat(chunks);
}

describe('the shared XLSX writer', () => {
  it('writes sheets row by row from sync and async rows and reads back the same values', async () => {
    async function* pages() {
      yield { n: '工单-1', v: 0.8681 };
      yield { n: 'WO-2', v: null };
    }
    const buf = await toBuffer((out) =>
      writeXlsx(out, [
        {
          name: '指标',
          columns: [
            { header: '名称', value: (r: { n: string; v: number | null }) => r.n },
            { header: '值', numFmt: '0.0%', value: (r: { n: string; v: number | null }) => r.v },
          ],
          rows: pages(),
        },
        { name: 'Two', columns: [{ header: 'x', value: (r: number) => r * 2 }], rows: [1, 2, 3] },
      ]),
    );
    expect(buf.subarray(0, 2).toString()).toBe('PK'); // a zip, as every .xlsx
    const book = await readXlsx(buf);
    expect(book.指标).toEqual([['名称', '值'], ['工单-1', 0.8681], ['WO-2']]);
    expect(book.Two).toEqual([['x'], [2], [4], [6]]);
  });

  it('keeps text that looks like a formula as text', async () => {
    const buf = await toBuffer((out) =>
      writeXlsx(out, [{ name: 's', columns: [{ header: 'd', value: (r: string) => r }], rows: ['=HYPERLINK("http://x","y")', '+1'] }]),
    );
    expect((await readXlsx(buf)).s).toEqual([['d'], ['=HYPERLINK("http://x","y")'], ['+1']]);
  });

  it('names sheets as Excel allows: no []:*?/\\, at most 31 characters, unique', () => {
    const taken = new Set<string>();
    expect(sheetName('a/b:c', taken)).toBe('a_b_c');
    expect(sheetName('A/B:C', taken)).toBe('A_B_C-2');
    expect(sheetName('x'.repeat(40), taken)).toHaveLength(31);
    expect(sheetName('', taken)).toBe('Sheet');
  });
});
