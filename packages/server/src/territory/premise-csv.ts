import { CsvError, parse } from 'csv-parse/sync';
import type { AreaTier } from '../catalog/kinds.js';
import { type HouseholdFlag, isAreaTier, normalizePhone, parseFlags, parseHeatedArea } from './household.js';

/** The columns a premise import understands, in the documented order. */
export const CSV_COLUMNS = [
  'account_no',
  'district',
  'community',
  'building',
  'entrance',
  'room',
  'address',
  'heated_area',
  'network_node_code',
  'station_code',
  'area_tier',
  'flags',
  'notes',
  'customer_name',
  'customer_phone',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
const REQUIRED: CsvColumn[] = ['account_no', 'address'];

/** A row the import refuses, with the physical line of the file (the header is line 1). */
export type Rejection = { line: number; field: string | null; reason: string };

/** The premise columns of one account, only those the file has a column for. */
export type PremiseFields = Partial<{
  district: string;
  community: string;
  building: string;
  entrance: string;
  room: string;
  address: string;
  heatedArea: number | null;
  areaTier: AreaTier;
  flags: HouseholdFlag[];
  notes: string;
  /** Null when the cell is empty. */
  nodeCode: string | null;
  stationCode: string | null;
}>;

export type CsvPremise = { line: number; accountNo: string; fields: PremiseFields };
export type CsvCustomer = { line: number; accountNo: string; name: string; phone: string };

export type ParsedPremiseCsv = {
  /** Columns present in the header, so an update touches only those. */
  columns: CsvColumn[];
  /** One entry per account number, at the line it first appears. */
  premises: CsvPremise[];
  customers: CsvCustomer[];
  rejected: Rejection[];
  /** True when the file has more data rows than allowed; the rows after the limit were not read. */
  tooManyRows: boolean;
};

const TEXT_LIMITS: Partial<Record<CsvColumn, number>> = {
  district: 100,
  community: 100,
  building: 100,
  entrance: 100,
  room: 100,
  address: 300,
  notes: 2000,
  network_node_code: 64,
  station_code: 64,
  customer_name: 100,
};

const FIELD_OF: Partial<Record<CsvColumn, keyof PremiseFields>> = {
  district: 'district',
  community: 'community',
  building: 'building',
  entrance: 'entrance',
  room: 'room',
  address: 'address',
  heated_area: 'heatedArea',
  area_tier: 'areaTier',
  flags: 'flags',
  notes: 'notes',
  network_node_code: 'nodeCode',
  station_code: 'stationCode',
};
const COLUMN_OF = Object.fromEntries(Object.entries(FIELD_OF).map(([c, f]) => [f, c])) as Record<keyof PremiseFields, CsvColumn>;

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Reads the header; returns the column of each position or the rejections of line 1. */
function readHeader(header: string[]): { columns: CsvColumn[]; rejected: Rejection[] } {
  const rejected: Rejection[] = [];
  const columns = header.map((h) => h.trim().toLowerCase());
  const seen = new Set<string>();
  for (const c of columns) {
    if (!(CSV_COLUMNS as readonly string[]).includes(c)) {
      rejected.push({ line: 1, field: c, reason: `unknown column; expected some of ${CSV_COLUMNS.join(',')}` });
    } else if (seen.has(c)) {
      rejected.push({ line: 1, field: c, reason: 'column appears twice' });
    }
    seen.add(c);
  }
  for (const r of REQUIRED) if (!seen.has(r)) rejected.push({ line: 1, field: r, reason: 'required column is missing' });
  return { columns: columns as CsvColumn[], rejected };
}

/** Checks one data row; returns its premise fields and customer, or the rejections. */
function readRow(
  cells: Record<CsvColumn, string | undefined>,
  line: number,
): { accountNo: string; fields: PremiseFields; customer: { name: string; phone: string } | null; rejected: Rejection[] } {
  const rejected: Rejection[] = [];
  const reject = (field: CsvColumn, reason: string) => rejected.push({ line, field, reason });
  const fields: PremiseFields = {};

  const accountNo = cells.account_no ?? '';
  if (!accountNo) reject('account_no', 'is required');
  else if (accountNo.length > 64 || /\s/.test(accountNo)) reject('account_no', 'must be 1–64 characters without spaces');

  for (const [column, limit] of Object.entries(TEXT_LIMITS) as Array<[CsvColumn, number]>) {
    const v = cells[column];
    if (v !== undefined && v.length > limit) reject(column, `longer than ${limit} characters`);
  }
  if (cells.address !== undefined && !cells.address) reject('address', 'is required');

  for (const c of ['district', 'community', 'building', 'entrance', 'room', 'address', 'notes'] as const) {
    if (cells[c] !== undefined) fields[FIELD_OF[c] as 'district'] = cells[c];
  }
  if (cells.heated_area !== undefined) {
    if (cells.heated_area === '') fields.heatedArea = null;
    else {
      const area = parseHeatedArea(cells.heated_area);
      if (area === null) reject('heated_area', 'must be a positive number of m² with at most two decimals');
      else fields.heatedArea = area;
    }
  }
  if (cells.area_tier !== undefined) {
    const tier = cells.area_tier.toLowerCase() || 'urban';
    if (!isAreaTier(tier)) reject('area_tier', 'must be urban, rural or remote');
    else fields.areaTier = tier;
  }
  if (cells.flags !== undefined) {
    const { flags, unknown } = parseFlags(cells.flags);
    if (unknown.length) reject('flags', `unknown flag ${unknown.map((u) => `"${u}"`).join(', ')}; use elderly;hardship;key;difficult`);
    else fields.flags = flags;
  }
  if (cells.network_node_code !== undefined) fields.nodeCode = cells.network_node_code || null;
  if (cells.station_code !== undefined) fields.stationCode = cells.station_code || null;

  let customer: { name: string; phone: string } | null = null;
  const name = cells.customer_name ?? '';
  const rawPhone = cells.customer_phone ?? '';
  if (rawPhone) {
    const phone = normalizePhone(rawPhone);
    if (!phone) reject('customer_phone', 'must be a phone number of 5–20 digits');
    if (!name) reject('customer_name', 'is required when customer_phone is given');
    if (phone && name) customer = { name, phone };
  } else if (name) {
    reject('customer_phone', 'is required when customer_name is given');
  }
  return { accountNo, fields, customer, rejected };
}

/** Counts the line breaks inside a record's fields, to find the line it starts on. */
const breaksIn = (record: string[]) => record.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/**
 * Parses and checks a premise import: one header row, then one row per premise and customer.
 * Several rows may share an account number to give a household several customers; their
 * premise columns must then agree. Nothing here touches the database: codes of nodes and
 * stations are resolved by the caller.
 * @example parsePremiseCsv('account_no,address\n1001,幸福小区3号楼2单元501\n', 10).premises[0].accountNo // '1001'
 */
export function parsePremiseCsv(text: string, maxRows: number): ParsedPremiseCsv {
  const empty = { columns: [], premises: [], customers: [], tooManyRows: false };
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // The header, the allowed rows and one more to tell that there were too many.
      to: maxRows + 2,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines ?? 1;
      return { ...empty, rejected: [{ line, field: null, reason: `not readable as CSV: ${e.message}` }] };
    }
    throw e;
  }
  const [head, ...data] = records;
  if (!head) return { ...empty, rejected: [{ line: 1, field: null, reason: 'the file is empty; expected a header row' }] };
  const header = readHeader(head.record);
  if (header.rejected.length) return { ...empty, rejected: header.rejected };
  const { columns } = header;
  const tooManyRows = data.length > maxRows;

  const rejected: Rejection[] = [];
  const premises = new Map<string, CsvPremise>();
  const customers = new Map<string, CsvCustomer>();
  for (const { record, info } of data.slice(0, maxRows)) {
    const line = info.lines - breaksIn(record);
    if (record.length !== columns.length) {
      rejected.push({ line, field: null, reason: `has ${record.length} fields, the header has ${columns.length}` });
      continue;
    }
    const cells = Object.fromEntries(columns.map((c, i) => [c, record[i]])) as Record<CsvColumn, string | undefined>;
    const row = readRow(cells, line);
    if (row.rejected.length) {
      rejected.push(...row.rejected);
      continue;
    }
    const first = premises.get(row.accountNo);
    if (!first) premises.set(row.accountNo, { line, accountNo: row.accountNo, fields: row.fields });
    else {
      const differing = (Object.keys(row.fields) as Array<keyof PremiseFields>).find((k) => !sameValue(row.fields[k], first.fields[k]));
      if (differing) {
        rejected.push({ line, field: COLUMN_OF[differing], reason: `differs from line ${first.line}, which has the same account_no` });
        continue;
      }
    }
    if (row.customer) {
      const key = `${row.accountNo}\u0000${row.customer.phone}`;
      const prior = customers.get(key);
      if (!prior) customers.set(key, { line, accountNo: row.accountNo, ...row.customer });
      else if (prior.name !== row.customer.name) {
        rejected.push({ line, field: 'customer_name', reason: `line ${prior.line} gives this phone of the account another name` });
      }
    }
  }
  return { columns, premises: [...premises.values()], customers: [...customers.values()], rejected, tooManyRows };
}
