import { randomUUID } from 'node:crypto';
import type { Ctx } from '../shared/context.js';
import { fail } from '../shared/errors.js';
import { findNodesByCodes, findUnitsByCodes } from './network-node.repo.js';
import { assertTerritoryWriter, canWriteFor } from './premise.policy.js';
import {
  findPremisesByAccounts,
  flushAddressIndex,
  type PremiseUpsert,
  type PremiseValues,
  upsertCustomers,
  upsertPremises,
} from './premise.repo.js';
import { type CsvColumn, type CsvPremise, parsePremiseCsv, type Rejection } from './premise-csv.js';

/** The most data rows one import takes; a larger register is imported in several files. */
export const MAX_IMPORT_ROWS = 50_000;
// Rows per INSERT: 1,000 premises × 14 columns stays far below PostgreSQL's 65,535 parameters.
const PREMISE_CHUNK = 1000;
const CUSTOMER_CHUNK = 2000;

/** The premise columns an import writes for each CSV column it has. */
const WRITES: Partial<Record<CsvColumn, Array<keyof PremiseValues>>> = {
  district: ['district'],
  community: ['community'],
  building: ['building'],
  entrance: ['entrance'],
  room: ['room'],
  address: ['address'],
  heated_area: ['heated_area'],
  area_tier: ['area_tier'],
  flags: ['flags'],
  notes: ['notes'],
  network_node_code: ['network_node_id', 'unit_id'],
  station_code: ['unit_id'],
};

const distinct = (values: Array<string | null | undefined>) => [...new Set(values.filter((v): v is string => !!v))];

export type ImportResult = { imported: number; created: number; updated: number; customers: number };

/**
 * Imports premises and their customers from CSV, all or nothing.
 *
 * - An account number that already exists updates that premise, in the columns the file has
 *   (a billing-system export can be imported again and again); a column left out of the file is
 *   left alone. Customers are added; a phone the premise already has only takes the new name.
 * - station_code names the responsible unit; when it is empty the network node's unit is used.
 * - Every row that cannot be imported is reported with its line, field and reason, and then
 *   nothing is written (422 import_rejected).
 * - A manager imports households of their own subtree only.
 */
export async function importPremises(ctx: Ctx, csv: string): Promise<ImportResult> {
  const { actor, db } = ctx;
  assertTerritoryWriter(actor);
  const parsed = parsePremiseCsv(csv, MAX_IMPORT_ROWS);
  if (parsed.tooManyRows) {
    fail('import_too_large', `The file has more than ${MAX_IMPORT_ROWS} data rows; split it into several imports`);
  }
  const rejected: Rejection[] = [...parsed.rejected];
  const { premises, columns } = parsed;

  const [nodes, units, existing] = await Promise.all([
    findNodesByCodes(db, actor.tenantId, distinct(premises.map((p) => p.fields.nodeCode))),
    findUnitsByCodes(db, actor.tenantId, distinct(premises.map((p) => p.fields.stationCode))),
    findPremisesByAccounts(
      db,
      actor.tenantId,
      premises.map((p) => p.accountNo),
    ),
  ]);
  const nodeByCode = new Map(nodes.map((n) => [n.code, n]));
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const existingByAccount = new Map(existing.map((e) => [e.account_no, e]));
  const setsUnit = columns.includes('station_code') || columns.includes('network_node_code');
  const updateColumns = [...new Set(columns.flatMap((c) => WRITES[c] ?? []))];

  const rows: PremiseUpsert[] = [];
  for (const p of premises) {
    const reject = (field: CsvColumn, reason: string) => rejected.push({ line: p.line, field, reason });
    const row = toRow(p);
    const node = p.fields.nodeCode ? nodeByCode.get(p.fields.nodeCode) : null;
    if (node === undefined) reject('network_node_code', `no network node has the code "${p.fields.nodeCode}"`);
    else if (p.fields.nodeCode !== undefined) row.network_node_id = node?.id ?? null;
    // A household may hang only on a network node of the importer's own part of the register.
    if (node && !canWriteFor(actor, node.unit_id ? node.unit_path : null)) {
      reject('network_node_code', 'that network node belongs to another part of the organisation');
    }

    let unit: { id: string; path: string | null } | null | undefined;
    if (p.fields.stationCode) {
      const u = unitByCode.get(p.fields.stationCode);
      if (!u) reject('station_code', `no unit has the code "${p.fields.stationCode}"`);
      else if (u.kind === 'group') reject('station_code', 'must be a company, station or team, not the group');
      unit = u && u.kind !== 'group' ? { id: u.id, path: u.path } : undefined;
    } else if (setsUnit) {
      unit = node?.unit_id ? { id: node.unit_id, path: node.unit_path } : null;
    }
    if (unit !== undefined) row.unit_id = unit?.id ?? null;

    const prior = existingByAccount.get(p.accountNo);
    if (prior && !canWriteFor(actor, prior.unit_path)) {
      reject('account_no', 'this account belongs to a premise outside your part of the organisation');
    }
    // A new premise without a unit, or a premise moved to a unit, must land inside the actor's subtree.
    const landing = unit !== undefined ? unit : prior ? undefined : null;
    if (landing !== undefined && !canWriteFor(actor, landing?.path ?? null)) {
      reject(
        p.fields.stationCode ? 'station_code' : 'network_node_code',
        landing
          ? 'that unit is outside your part of the organisation'
          : 'a premise needs a responsible unit inside your part of the organisation',
      );
    }
    rows.push(row);
  }

  if (rejected.length) {
    rejected.sort((a, b) => a.line - b.line);
    fail('import_rejected', `${new Set(rejected.map((r) => r.line)).size} row(s) rejected; nothing was imported`, {
      rejected,
    });
  }

  const now = ctx.clock.now();
  let customerCount = 0;
  await db.transaction().execute(async (trx) => {
    const idByAccount = new Map<string, string>();
    for (let i = 0; i < rows.length; i += PREMISE_CHUNK) {
      const written = await upsertPremises(trx, actor.tenantId, rows.slice(i, i + PREMISE_CHUNK), updateColumns, now);
      for (const w of written) idByAccount.set(w.account_no, w.id);
    }
    const customers = parsed.customers.map((c) => ({
      id: randomUUID(),
      premise_id: idByAccount.get(c.accountNo)!,
      name: c.name,
      phone: c.phone,
    }));
    for (let i = 0; i < customers.length; i += CUSTOMER_CHUNK) {
      await upsertCustomers(trx, actor.tenantId, customers.slice(i, i + CUSTOMER_CHUNK), now);
    }
    customerCount = customers.length;
    await flushAddressIndex(trx);
  });
  const updated = rows.filter((r) => existingByAccount.has(r.account_no)).length;
  return { imported: rows.length, created: rows.length - updated, updated, customers: customerCount };
}

/** The columns of one premise as the file gives them. */
function toRow(p: CsvPremise): PremiseUpsert {
  const f = p.fields;
  // address is a required column, so every row has it.
  const row: PremiseUpsert = { id: randomUUID(), account_no: p.accountNo, address: f.address ?? '' };
  if (f.district !== undefined) row.district = f.district;
  if (f.community !== undefined) row.community = f.community;
  if (f.building !== undefined) row.building = f.building;
  if (f.entrance !== undefined) row.entrance = f.entrance;
  if (f.room !== undefined) row.room = f.room;
  if (f.heatedArea !== undefined) row.heated_area = f.heatedArea;
  if (f.areaTier !== undefined) row.area_tier = f.areaTier;
  if (f.flags !== undefined) row.flags = f.flags;
  if (f.notes !== undefined) row.notes = f.notes;
  return row;
}
