import { AREA_TIERS, type AreaTier } from '../catalog/kinds.js';

/** Vulnerable and key households (个性化 / 人性化 service): elderly, hardship 帮扶户, key 重点户, difficult 疑难户. */
export const HOUSEHOLD_FLAGS = ['elderly', 'hardship', 'key', 'difficult'] as const;
export type HouseholdFlag = (typeof HOUSEHOLD_FLAGS)[number];

/** What a network node is; outage notices target premises by node. */
export const NODE_KINDS = ['heat_exchange_station', 'feeder', 'transformer_area', 'water_zone'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Roles that may create or change premises, customers and network nodes. */
export const TERRITORY_WRITERS = ['admin', 'company_manager', 'station_manager'] as const;

const PHONE = /^\+?[0-9]{5,20}$/;

/**
 * A phone number as stored and looked up: spaces, dashes, dots and brackets removed, so the
 * caller ID 0467-2345678 and a typed 0467 234 5678 find the same household.
 * Returns null when what remains is not 5–20 digits with an optional leading +.
 * @example normalizePhone('0467-234 5678') // '04672345678'
 */
export function normalizePhone(raw: string): string | null {
  const s = raw.trim().replace(/[\s\-.()（）]/g, '');
  return PHONE.test(s) ? s : null;
}

/**
 * Household flags from a ';'-separated cell (a full-width ；or a comma works too, as
 * spreadsheets in Chinese input mode produce them). Duplicates are dropped.
 * Returns the unknown words separately so an import can name them.
 */
export function parseFlags(cell: string): { flags: HouseholdFlag[]; unknown: string[] } {
  const words = cell
    .split(/[;；,，]/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  const flags = new Set<HouseholdFlag>();
  const unknown: string[] = [];
  for (const w of words) {
    if ((HOUSEHOLD_FLAGS as readonly string[]).includes(w)) flags.add(w as HouseholdFlag);
    else unknown.push(w);
  }
  return { flags: HOUSEHOLD_FLAGS.filter((f) => flags.has(f)), unknown };
}

/** True for urban / rural / remote, the tiers commitments are set by. */
export const isAreaTier = (s: string): s is AreaTier => (AREA_TIERS as readonly string[]).includes(s);

/**
 * A heated area in m² as numeric(10,2) holds it: positive, at most two decimals, below 10^8.
 * Returns null when the text is not such a number.
 */
export function parseHeatedArea(s: string): number | null {
  if (!/^\d{1,8}(\.\d{1,2})?$/.test(s.trim())) return null;
  const n = Number(s.trim());
  return n > 0 ? n : null;
}
