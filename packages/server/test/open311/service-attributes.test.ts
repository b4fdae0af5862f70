import { describe, expect, it } from 'vitest';
import { w3c } from '../../src/open311/georeport.format.js';
import { dateRange } from '../../src/open311/open311.routes.js';
import { attributesFor, describeAttributeValues, isW3cDatetime, parseAttributes } from '../../src/open311/service-attributes.js';

const repair = attributesFor('repair', '到场 45 分钟');

describe('service attributes', () => {
  it('a repair asks for every datatype of the specification', () => {
    expect(new Set(repair.map((a) => a.datatype))).toEqual(
      new Set(['string', 'singlevaluelist', 'multivaluelist', 'number', 'datetime', 'text']),
    );
  });

  it('the commitment is informational and never read back from the form', () => {
    const r = parseAttributes(repair, { 'attribute[location_type]': 'indoor', 'attribute[commitment]': 'x' });
    expect(r.values).toEqual({ location_type: 'indoor' });
    expect(r.unknown).toEqual({ commitment: 'x' });
  });

  it.each([
    [{ 'attribute[room_temperature]': '-5' }, { room_temperature: -5 }],
    [{ 'attribute[room_temperature]': '18.5' }, { room_temperature: 18.5 }],
    [{ 'attribute[symptoms][]': ['cold', 'leak', 'cold'] }, { symptoms: ['cold', 'leak'] }],
    [{ 'attribute[symptoms][]': 'noise' }, { symptoms: ['noise'] }],
    [{ 'attribute[preferred_visit]': '2026-11-22T09:00:00+08:00' }, { preferred_visit: '2026-11-22T09:00:00+08:00' }],
    [{ 'attribute[preferred_visit]': '2026-11-22T01:00Z' }, { preferred_visit: '2026-11-22T01:00Z' }],
    [{ 'attribute[access_notes]': '  敲门  ' }, { access_notes: '敲门' }],
  ])('accepts %o', (form, expected) => {
    const r = parseAttributes(repair, { 'attribute[location_type]': 'indoor', ...form });
    expect(r.errors).toEqual([]);
    expect(r.values).toEqual({ location_type: 'indoor', ...expected });
  });

  it.each([
    [{}, 'attribute[location_type]: is required'],
    [{ 'attribute[location_type]': '   ' }, 'is required'],
    [{ 'attribute[location_type]': 'roof' }, 'not one of indoor, stairwell, outdoor'],
    [{ 'attribute[location_type]': ['indoor', 'outdoor'] }, 'takes one value'],
    [{ 'attribute[location_type]': 'indoor', 'attribute[room_temperature]': '1e3' }, 'must be a number'],
    [{ 'attribute[location_type]': 'indoor', 'attribute[room_temperature]': '41' }, 'between -30 and 40'],
    [{ 'attribute[location_type]': 'indoor', 'attribute[preferred_visit]': '2026-11-22' }, 'W3C datetime'],
    [{ 'attribute[location_type]': 'indoor', 'attribute[preferred_visit]': '2026-13-45T99:00:00Z' }, 'W3C datetime'],
    [{ 'attribute[location_type]': 'indoor', 'attribute[symptoms][]': ['cold', 'fire'] }, '"fire" not among'],
  ])('refuses %o', (form, message) => {
    const r = parseAttributes(repair, form);
    expect(r.errors.join('; ')).toContain(message);
  });

  it('reads the values back as lines a dispatcher understands', () => {
    const { values } = parseAttributes(repair, { 'attribute[location_type]': 'stairwell', 'attribute[symptoms][]': ['cold', 'noise'] });
    expect(describeAttributeValues(repair, values)).toBe('问题位置：楼道\n现象：暖气不热、异响');
  });

  it('W3C datetimes need a zone', () => {
    expect(isW3cDatetime('2026-11-21T10:00:00+08:00')).toBe(true);
    expect(isW3cDatetime('2026-11-21T10:00:00.123Z')).toBe(true);
    expect(isW3cDatetime('2026-11-21T10:00:00')).toBe(false);
    expect(w3c(new Date('2026-11-21T02:00:00.789Z'), 'Asia/Shanghai')).toBe('2026-11-21T10:00:00+08:00');
  });
});

describe('date ranges of GET requests', () => {
  const now = new Date('2026-11-21T02:00:00Z');
  it('default to the 90 days before now', () => {
    const r = dateRange({}, now);
    expect(r.to).toEqual(now);
    expect((r.to.getTime() - r.from.getTime()) / 86_400_000).toBe(90);
  });
  it('a start alone runs 90 days on; an end alone 90 days back', () => {
    expect(dateRange({ start_date: '2026-01-01T00:00:00Z' }, now).to).toEqual(new Date('2026-04-01T00:00:00Z'));
    expect(dateRange({ end_date: '2026-04-01T00:00:00Z' }, now).from).toEqual(new Date('2026-01-01T00:00:00Z'));
  });
  it('exactly 90 days is allowed, a second more is not', () => {
    expect(() => dateRange({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:00Z' }, now)).not.toThrow();
    expect(() => dateRange({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:01Z' }, now)).toThrow(/90 days/);
  });
});
