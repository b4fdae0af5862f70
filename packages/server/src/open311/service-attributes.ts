import type { Kind } from '../catalog/kinds.js';
import { isSaneInstant } from '../shared/instant.js';

export const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type Datatype = (typeof DATATYPES)[number];

export type AttributeDef = {
  code: string;
  datatype: Datatype;
  required: boolean;
  /** false: informational only, the client shows it and sends nothing back. */
  variable: boolean;
  description: string;
  datatypeDescription: string;
  values?: { key: string; name: string }[];
  /** For numbers: the accepted range. */
  min?: number;
  max?: number;
};

const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** True for a W3C datetime with a time zone (Z or ±hh:mm), as the specification requires. */
export const isW3cDatetime = (s: string) => W3C_DATETIME.test(s) && isSaneInstant(Date.parse(s));

/**
 * The attributes a category asks for, built from its kind and its published commitment. The
 * commitment comes first as an informational (variable=false) attribute, so a client shows the
 * promise before the resident files.
 */
export function attributesFor(kind: Kind, commitmentText: string): AttributeDef[] {
  const commitment: AttributeDef = {
    code: 'commitment',
    datatype: 'string',
    required: false,
    variable: false,
    description: `服务承诺 / Commitment: ${commitmentText}`,
    datatypeDescription: '',
  };
  if (kind === 'repair') {
    return [
      commitment,
      {
        code: 'location_type',
        datatype: 'singlevaluelist',
        required: true,
        variable: true,
        description: '问题位置 / Where is the problem',
        datatypeDescription: 'one key',
        values: [
          { key: 'indoor', name: '户内 / Inside the home' },
          { key: 'stairwell', name: '楼道 / Stairwell' },
          { key: 'outdoor', name: '室外管网 / Outdoor network' },
        ],
      },
      {
        code: 'symptoms',
        datatype: 'multivaluelist',
        required: false,
        variable: true,
        description: '现象 / Symptoms',
        datatypeDescription: 'one or more keys, sent as attribute[symptoms][]',
        values: [
          { key: 'cold', name: '暖气不热 / Radiator cold' },
          { key: 'partly_warm', name: '上热下凉 / Partly warm' },
          { key: 'leak', name: '漏水 / Leak' },
          { key: 'noise', name: '异响 / Noise' },
        ],
      },
      {
        code: 'room_temperature',
        datatype: 'number',
        required: false,
        variable: true,
        description: '实测室温（°C） / Measured room temperature (°C)',
        datatypeDescription: 'a number from -30 to 40',
        min: -30,
        max: 40,
      },
      {
        code: 'preferred_visit',
        datatype: 'datetime',
        required: false,
        variable: true,
        description: '希望上门时间 / Preferred visit time',
        datatypeDescription: 'W3C datetime with offset, e.g. 2026-11-21T14:00:00+08:00',
      },
      {
        code: 'access_notes',
        datatype: 'text',
        required: false,
        variable: true,
        description: '入户说明 / How to get in',
        datatypeDescription: 'up to 1000 characters',
      },
    ];
  }
  return [
    commitment,
    {
      code: 'incident_datetime',
      datatype: 'datetime',
      required: false,
      variable: true,
      description: '发生时间 / When it happened',
      datatypeDescription: 'W3C datetime with offset',
    },
    {
      code: 'reference',
      datatype: 'string',
      required: false,
      variable: true,
      description: '相关户号或票据号 / Related account or receipt number',
      datatypeDescription: 'up to 100 characters',
    },
  ];
}

export type AttributeValue = string | number | string[];
export type FormValue = string | string[] | undefined;

const ATTRIBUTE_KEY = /^attribute\[([^\]]{1,64})\](\[\])?$/;

/**
 * Reads `attribute[code]` and `attribute[code][]` fields against the definitions. Returns the
 * values by code, the fields it did not know (kept, never rejected: FixMyStreet sends its own),
 * and one message per bad field.
 */
export function parseAttributes(defs: AttributeDef[], form: Record<string, FormValue>) {
  const byCode = new Map(defs.filter((d) => d.variable).map((d) => [d.code, d]));
  const values: Record<string, AttributeValue> = {};
  const unknown: Record<string, string | string[]> = {};
  const errors: string[] = [];
  const raw = new Map<string, string[]>();
  for (const [key, v] of Object.entries(form)) {
    const m = ATTRIBUTE_KEY.exec(key);
    if (!m || v === undefined) continue;
    const code = m[1]!;
    const list = (Array.isArray(v) ? v : [v]).map((s) => String(s));
    const def = byCode.get(code);
    if (!def) {
      unknown[code] = list.length === 1 ? list[0]! : list;
      continue;
    }
    const isMulti = m[2] === '[]' || list.length > 1;
    if (isMulti && def.datatype !== 'multivaluelist') {
      errors.push(`attribute[${code}]: takes one value, got ${list.length}`);
      continue;
    }
    raw.set(code, [...(raw.get(code) ?? []), ...list]);
  }
  for (const def of byCode.values()) {
    const list = (raw.get(def.code) ?? []).map((s) => s.trim()).filter((s) => s !== '');
    const field = def.datatype === 'multivaluelist' ? `attribute[${def.code}][]` : `attribute[${def.code}]`;
    if (list.length === 0) {
      if (def.required) errors.push(`${field}: is required`);
      continue;
    }
    const one = list[0]!;
    switch (def.datatype) {
      case 'string':
        if (one.length > 100) errors.push(`${field}: at most 100 characters`);
        else values[def.code] = one;
        break;
      case 'text':
        if (one.length > 1000) errors.push(`${field}: at most 1000 characters`);
        else values[def.code] = one;
        break;
      case 'number': {
        const n = /^-?\d+(\.\d+)?$/.test(one) ? Number(one) : Number.NaN;
        if (Number.isNaN(n)) errors.push(`${field}: must be a number`);
        else if ((def.min !== undefined && n < def.min) || (def.max !== undefined && n > def.max)) {
          errors.push(`${field}: must be between ${def.min} and ${def.max}`);
        } else values[def.code] = n;
        break;
      }
      case 'datetime':
        if (!isW3cDatetime(one)) errors.push(`${field}: must be a W3C datetime with a time zone, e.g. 2026-11-21T14:00:00+08:00`);
        else values[def.code] = one;
        break;
      case 'singlevaluelist':
        if (!def.values?.some((v) => v.key === one)) errors.push(`${field}: "${one}" is not one of ${keys(def)}`);
        else values[def.code] = one;
        break;
      case 'multivaluelist': {
        const bad = list.filter((k) => !def.values?.some((v) => v.key === k));
        if (bad.length) errors.push(`${field}: "${bad.join('", "')}" not among ${keys(def)}`);
        else values[def.code] = [...new Set(list)];
        break;
      }
    }
  }
  return { values, unknown, errors };
}

const keys = (d: AttributeDef) => (d.values ?? []).map((v) => v.key).join(', ');

/** The attribute values as lines a dispatcher reads in the order's description. */
export function describeAttributeValues(defs: AttributeDef[], values: Record<string, AttributeValue>): string {
  return defs
    .filter((d) => values[d.code] !== undefined)
    .map((d) => {
      const v = values[d.code]!;
      const label = d.description.split(' / ')[0];
      const shown = (Array.isArray(v) ? v : [String(v)]).map((k) => d.values?.find((x) => x.key === k)?.name.split(' / ')[0] ?? k);
      return `${label}：${shown.join('、')}`;
    })
    .join('\n');
}
