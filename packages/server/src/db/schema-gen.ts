import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.js';

// Writes db/schema.ts — Kysely's row types — from a freshly migrated database, so the types
// cannot drift from the migrations. kysely-codegen would need a PostgreSQL server; this reads
// the same catalog from PGlite. A column checked by `CHECK (col IN (…))` (or `col <@ ARRAY[…]`
// for a text[] of flags) is typed as the union of its values, so status and kind columns are
// unions, not string. Run `npm run gen:schema -w @warmline/server` after adding a migration;
// test/db/schema-gen.test.ts fails while the committed file differs.

type Column = {
  table: string;
  column: string;
  udt: string;
  nullable: boolean;
  has_default: boolean;
  generated: boolean;
};

/** Interface names that plain singularisation would get wrong or that the code already uses. */
const TABLE_NAMES: Record<string, string> = {};

/** 'ticket_events' → 'TicketEventTable', 'categories' → 'CategoryTable'. */
export function interfaceName(table: string): string {
  const override = TABLE_NAMES[table];
  if (override) return override;
  const singular = table.endsWith('ies') ? `${table.slice(0, -3)}y` : table.endsWith('s') ? table.slice(0, -1) : table;
  return `${singular
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')}Table`;
}

/** The TypeScript type of a value as node-postgres returns it (see the type parsers in database.ts). */
function baseType(udt: string): string {
  switch (udt) {
    case 'uuid':
    case 'date': // a string: see the type parsers in database.ts
    case 'text':
    case 'varchar':
    case 'bpchar':
      return 'string';
    case 'int2':
    case 'int4':
    case 'int8':
    case 'numeric':
    case 'float4':
    case 'float8':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'timestamptz':
    case 'timestamp':
      return 'Date';
    case 'jsonb':
    case 'json':
      return 'unknown';
    case 'bytea':
      return 'Buffer';
    default:
      if (udt.startsWith('_')) return `${baseType(udt.slice(1))}[]`;
      throw new Error(`schema-gen: no TypeScript type for column type ${udt}`);
  }
}

const quote = (values: string[]) => values.map((v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(' | ');

/** Allowed values per "table.column", read from single-column CHECK constraints. */
async function readUnions(db: Kysely<DB>): Promise<Map<string, { values: string[]; array: boolean }>> {
  const { rows } = await sql<{ table: string; column: string; def: string }>`
    SELECT t.relname AS table, a.attname AS column, pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE n.nspname = 'public' AND c.contype = 'c' AND array_length(c.conkey, 1) = 1
    ORDER BY 1, 2, c.conname`.execute(db);
  const out = new Map<string, { values: string[]; array: boolean }>();
  for (const r of rows) {
    // PostgreSQL prints IN (…) as `(col = ANY (ARRAY['a'::text, …]))` and a subset test as `(col <@ ARRAY[…])`.
    const m = /^CHECK \(\(?(\w+) (= ANY \(|<@ )(?:\()?ARRAY\[(.*)\]/.exec(r.def);
    if (!m || m[1] !== r.column) continue;
    const values = [...m[3]!.matchAll(/'((?:[^']|'')*)'::text/g)].map((v) => v[1]!.replace(/''/g, "'"));
    if (values.length) out.set(`${r.table}.${r.column}`, { values, array: m[2] === '<@ ' });
  }
  return out;
}

const LINE_WIDTH = 140; // biome.json's, so the generated file passes the formatter as it is

/** One interface member; a union too long for a line gets a line per value, as the formatter prints it. */
function property(name: string, type: string): string {
  const line = `  ${name}: ${type};`;
  if (line.length <= LINE_WIDTH || !/^'[^<>]*'( \| '[^<>]*')*( \| null)?$/.test(type)) return line;
  return [`  ${name}:`, ...type.split(' | ').map((v, i, all) => `    | ${v}${i === all.length - 1 ? ';' : ''}`)].join('\n');
}

/** The source of db/schema.ts for the database's current schema. */
export async function generateSchema(db: Kysely<DB>): Promise<string> {
  const { rows: columns } = await sql<Column>`
    SELECT c.table_name AS table, c.column_name AS column, c.udt_name AS udt,
           c.is_nullable = 'YES' AS nullable, c.column_default IS NOT NULL AS has_default,
           c.is_generated = 'ALWAYS' AS generated
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE 'schema_migrations%'
    ORDER BY c.table_name, c.ordinal_position`.execute(db);
  const unions = await readUnions(db);

  const tables = new Map<string, Column[]>();
  for (const c of columns) tables.set(c.table, [...(tables.get(c.table) ?? []), c]);

  const lines: string[] = [
    '// Generated by src/db/schema-gen.ts from the migrated database (`npm run gen:schema -w @warmline/server`).',
    '// Do not edit: change a migration and regenerate.',
    "import type { ColumnType, Insertable, Selectable } from 'kysely';",
    '',
    '/** Read as a Date; written as a Date or an ISO string. */',
    'type Timestamp = ColumnType<Date, Date | string, Date | string>;',
    '/** Read parsed; written as JSON text. */',
    'type Json = ColumnType<unknown, string, string>;',
    '/** A column with a default: optional on insert. */',
    'type Defaulted<S, W = S> = ColumnType<S, W | undefined, W>;',
    '/** Computed by the database (GENERATED ALWAYS): never written. */',
    'type Computed<S> = ColumnType<S, never, never>;',
  ];
  for (const [table, cols] of tables) {
    lines.push('', `export interface ${interfaceName(table)} {`);
    for (const c of cols) {
      const union = unions.get(`${table}.${c.column}`);
      let read = baseType(c.udt);
      let write = read;
      if (union) read = write = union.array ? `(${quote(union.values)})[]` : quote(union.values);
      if (read === 'Date') write = 'Date | string';
      if (read === 'unknown') write = 'string';
      const nul = c.nullable ? ' | null' : '';
      let type: string;
      if (c.generated) type = `Computed<${read}${nul}>`;
      else if (c.has_default) type = write === read ? `Defaulted<${read}${nul}>` : `Defaulted<${read}${nul}, ${write}${nul}>`;
      else if (read === 'Date') type = `Timestamp${nul}`;
      else if (read === 'unknown') type = `Json${nul}`;
      else type = `${read}${nul}`;
      lines.push(property(c.column, type));
    }
    lines.push('}');
  }
  lines.push('', 'export interface DB {');
  for (const table of tables.keys()) lines.push(`  ${table}: ${interfaceName(table)};`);
  lines.push('}', '');
  // Names the code has used since the types were kept by hand.
  lines.push(
    'export type Tenant = Selectable<TenantTable>;',
    'export type Unit = Selectable<UnitTable>;',
    'export type User = Selectable<UserTable>;',
    'export type Premise = Selectable<PremiseTable>;',
    'export type Category = Selectable<CategoryTable>;',
    'export type Commitment = Selectable<CommitmentTable>;',
    'export type TicketRow = Selectable<TicketTable>;',
    'export type NewTicketRow = Insertable<TicketTable>;',
    'export type TicketEventRow = Selectable<TicketEventTable>;',
    '',
  );
  return lines.join('\n');
}
