import { describe, expect, it } from 'vitest';
import { normalizePhone, parseFlags, parseHeatedArea } from './household.js';
import { parsePremiseCsv } from './premise-csv.js';

const HEADER =
  'account_no,district,community,building,entrance,room,address,heated_area,network_node_code,station_code,area_tier,flags,customer_name,customer_phone';
const row = (account: string, extra: Partial<Record<string, string>> = {}) => {
  const v = {
    district: '鸡冠区',
    community: '幸福小区',
    building: '3',
    entrance: '2',
    room: '501',
    address: '鸡冠区幸福小区3号楼2单元501',
    heated_area: '86.5',
    node: 'hp-hes-01',
    station: 'heping-s1',
    tier: 'urban',
    flags: 'elderly;key',
    name: '王大爷',
    phone: '13900010001',
    ...extra,
  };
  return [
    account,
    v.district,
    v.community,
    v.building,
    v.entrance,
    v.room,
    v.address,
    v.heated_area,
    v.node,
    v.station,
    v.tier,
    v.flags,
    v.name,
    v.phone,
  ].join(',');
};
const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

describe('household fields', () => {
  it('a phone keeps only its digits and a leading plus', () => {
    expect(normalizePhone('0467-234 5678')).toBe('04672345678');
    expect(normalizePhone(' +86 139 0001 0001 ')).toBe('+8613900010001');
    expect(normalizePhone('(0467)2345678')).toBe('04672345678');
  });
  it('a phone of letters, too few or too many digits is refused', () => {
    expect(normalizePhone('1234')).toBeNull();
    expect(normalizePhone('139abc00100')).toBeNull();
    expect(normalizePhone('1'.repeat(21))).toBeNull();
    expect(normalizePhone('')).toBeNull();
  });
  it('flags split on ; and full-width ；, ignore case and duplicates, and name unknown words', () => {
    expect(parseFlags('Elderly；key;elderly')).toEqual({ flags: ['elderly', 'key'], unknown: [] });
    expect(parseFlags('')).toEqual({ flags: [], unknown: [] });
    expect(parseFlags('elderly;vip')).toEqual({ flags: ['elderly'], unknown: ['vip'] });
  });
  it('a heated area is positive with at most two decimals', () => {
    expect(parseHeatedArea('86.5')).toBe(86.5);
    expect(parseHeatedArea('120')).toBe(120);
    expect(parseHeatedArea('0')).toBeNull();
    expect(parseHeatedArea('-3')).toBeNull();
    expect(parseHeatedArea('1.234')).toBeNull();
    expect(parseHeatedArea('abc')).toBeNull();
    expect(parseHeatedArea('123456789')).toBeNull();
  });
});

describe('parsePremiseCsv', () => {
  it('reads a premise with its customer, normalising the phone and flags', () => {
    const r = parsePremiseCsv(csv(row('1001', { phone: '139-0001-0001' })), 100);
    expect(r.rejected).toEqual([]);
    expect(r.premises).toEqual([
      {
        line: 2,
        accountNo: '1001',
        fields: {
          district: '鸡冠区',
          community: '幸福小区',
          building: '3',
          entrance: '2',
          room: '501',
          address: '鸡冠区幸福小区3号楼2单元501',
          heatedArea: 86.5,
          areaTier: 'urban',
          flags: ['elderly', 'key'],
          nodeCode: 'hp-hes-01',
          stationCode: 'heping-s1',
        },
      },
    ]);
    expect(r.customers).toEqual([{ line: 2, accountNo: '1001', name: '王大爷', phone: '13900010001' }]);
  });

  it('keeps only the columns the header names, in any order and case, and skips a BOM', () => {
    const r = parsePremiseCsv('\uFEFFAddress, ACCOUNT_NO\n和平路1号,2001\n', 100);
    expect(r.rejected).toEqual([]);
    expect(r.columns).toEqual(['address', 'account_no']);
    expect(r.premises).toEqual([{ line: 2, accountNo: '2001', fields: { address: '和平路1号' } }]);
    expect(r.customers).toEqual([]);
  });

  it('rejects a header with an unknown, duplicated or missing required column on line 1', () => {
    const r = parsePremiseCsv('account_no,adress,account_no\n1,x,1\n', 100);
    expect(r.rejected).toEqual([
      { line: 1, field: 'adress', reason: expect.stringContaining('unknown column') },
      { line: 1, field: 'account_no', reason: 'column appears twice' },
      { line: 1, field: 'address', reason: 'required column is missing' },
    ]);
    expect(r.premises).toEqual([]);
  });

  it('an empty file is rejected for want of a header', () => {
    expect(parsePremiseCsv('', 10).rejected).toEqual([{ line: 1, field: null, reason: expect.stringContaining('empty') }]);
  });

  it('reports every bad field of every row with its line, and keeps the good rows apart', () => {
    const r = parsePremiseCsv(
      csv(
        row('1001'),
        row('', { heated_area: '-5' }),
        row('1003', { tier: 'suburban', flags: 'elderly;vip' }),
        row('1004', { phone: '12ab', name: '' }),
        row('1005', { address: '' }),
      ),
      100,
    );
    expect(r.rejected).toEqual([
      { line: 3, field: 'account_no', reason: 'is required' },
      { line: 3, field: 'heated_area', reason: expect.any(String) },
      { line: 4, field: 'area_tier', reason: 'must be urban, rural or remote' },
      { line: 4, field: 'flags', reason: expect.stringContaining('"vip"') },
      { line: 5, field: 'customer_phone', reason: expect.any(String) },
      { line: 5, field: 'customer_name', reason: 'is required when customer_phone is given' },
      { line: 6, field: 'address', reason: 'is required' },
    ]);
    expect(r.premises.map((p) => p.accountNo)).toEqual(['1001']);
  });

  it('counts physical lines: blank lines and line breaks inside quoted fields move the numbers', () => {
    const text = `${HEADER}\n${row('1001')}\n\n1002,鸡冠区,幸福小区,3,2,502,"鸡冠区幸福小区\n3号楼2单元502",x,hp-hes-01,heping-s1,urban,,李四,13900010002\n${row('1003', { tier: 'bad' })}\n`;
    const r = parsePremiseCsv(text, 100);
    expect(r.rejected).toEqual([
      { line: 4, field: 'heated_area', reason: expect.any(String) },
      { line: 6, field: 'area_tier', reason: expect.any(String) },
    ]);
  });

  it('reads CRLF line endings as spreadsheets write them, keeping leading zeros of account numbers', () => {
    const r = parsePremiseCsv('account_no,address,area_tier\r\n00123,和平路1号,urban\r\n00124,和平路2号,bad\r\n', 10);
    expect(r.premises.map((p) => p.accountNo)).toEqual(['00123']);
    expect(r.rejected).toEqual([{ line: 3, field: 'area_tier', reason: expect.any(String) }]);
  });

  it('a row with the wrong number of fields is rejected as a whole', () => {
    const r = parsePremiseCsv(`${HEADER}\n1001,鸡冠区\n`, 100);
    expect(r.rejected).toEqual([{ line: 2, field: null, reason: 'has 2 fields, the header has 14' }]);
  });

  it('an unclosed quote is reported with the line where reading stopped', () => {
    const r = parsePremiseCsv('account_no,address\n1001,"幸福小区\n', 100);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]).toMatchObject({ field: null, reason: expect.stringContaining('not readable as CSV') });
    expect(r.rejected[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('rows sharing an account give the household several customers', () => {
    const r = parsePremiseCsv(csv(row('1001'), row('1001', { name: '王大妈', phone: '13900010009' }), row('1001')), 100);
    expect(r.rejected).toEqual([]);
    expect(r.premises).toHaveLength(1);
    expect(r.customers.map((c) => [c.line, c.name, c.phone])).toEqual([
      [2, '王大爷', '13900010001'],
      [3, '王大妈', '13900010009'],
    ]);
  });

  it('rows sharing an account must agree on the premise, and on the name behind a phone', () => {
    const r = parsePremiseCsv(csv(row('1001'), row('1001', { room: '502' }), row('1001', { name: '张三' })), 100);
    expect(r.rejected).toEqual([
      { line: 3, field: 'room', reason: 'differs from line 2, which has the same account_no' },
      { line: 4, field: 'customer_name', reason: 'line 2 gives this phone of the account another name' },
    ]);
  });

  it('empty optional cells mean no value: no node, no station, no area, tier urban', () => {
    const r = parsePremiseCsv(csv(row('1001', { heated_area: '', node: '', station: '', tier: '', flags: '', name: '', phone: '' })), 100);
    expect(r.rejected).toEqual([]);
    expect(r.premises[0]!.fields).toMatchObject({ heatedArea: null, nodeCode: null, stationCode: null, areaTier: 'urban', flags: [] });
    expect(r.customers).toEqual([]);
  });

  it('stops reading after the row limit and says so', () => {
    const r = parsePremiseCsv(csv(row('1'), row('2'), row('3')), 2);
    expect(r.tooManyRows).toBe(true);
    expect(parsePremiseCsv(csv(row('1'), row('2')), 2).tooManyRows).toBe(false);
  });
});
