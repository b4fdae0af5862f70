import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';
import { assertSchema } from './georeport.schemas.js';
import { open311 } from './open311-client.js';

const W3C_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

describe.each(testDatabaseKinds)('Open311 GeoReport v2 conformance on %s', (kind) => {
  let s: TestServer;
  let api: ReturnType<typeof open311>;
  let key: string;
  beforeAll(async () => {
    s = await startTestServer(kind);
    api = open311(s);
    const res = await s.call('POST', '/api/v1/open311/clients', await s.tokenFor('admin'), { name: 'FixMyStreet 测试' });
    expect(res.status).toBe(201);
    key = res.body.apiKey;
  });
  afterAll(() => s?.close());

  const repairFields = (extra: Array<[string, string]> = []): Array<[string, string]> => [
    ['api_key', key],
    ['service_code', 'heating-cold'],
    ['address_string', '和平区幸福小区3号楼2单元501'],
    ['description', '暖气不热'],
    ['attribute[location_type]', 'indoor'],
    ['phone', '13900001111'],
    ['first_name', '小明'],
    ['last_name', '李'],
    ...extra,
  ];

  describe('API keys', () => {
    it('an administrator issues a key that is shown once and listed only by its prefix', async () => {
      const list = await s.call('GET', '/api/v1/open311/clients', await s.tokenFor('admin'));
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).not.toContain(key);
      expect(list.body.items[0].keyPrefix).toBe(key.slice(0, 12));
    });

    it('only an administrator may issue keys', async () => {
      const res = await s.call('POST', '/api/v1/open311/clients', await s.tokenFor('agent'), { name: 'x' });
      expect(res.status).toBe(403);
    });

    it('a revoked key is refused with 403 in the specification error format', async () => {
      const admin = await s.tokenFor('admin');
      const made = await s.call('POST', '/api/v1/open311/clients', admin, { name: 'old app' });
      const ok = await api.post(
        'requests.json',
        repairFields().map(([k, v]) => [k, k === 'api_key' ? made.body.apiKey : v]),
      );
      expect(ok.status).toBe(201);
      expect((await s.call('POST', `/api/v1/open311/clients/${made.body.id}/revoke`, admin)).status).toBe(204);
      const refused = await api.post(
        'requests.xml',
        repairFields().map(([k, v]) => [k, k === 'api_key' ? made.body.apiKey : v]),
      );
      expect(refused.status).toBe(403);
      expect(refused.body.errors.error[0].code).toBe('403');
    });
  });

  describe('discovery and services', () => {
    it('discovery lists the v2 endpoint with both formats', async () => {
      const json = await api.get('discovery.json');
      expect(json.status).toBe(200);
      assertSchema('discovery', json.body);
      const xml = await api.get('discovery.xml');
      expect(xml.type).toMatch(/^text\/xml; charset=utf-8/);
      expect(xml.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
      expect(xml.body.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
    });

    it('services is a JSON array and a <services> list of <service>, misconduct reports unpublished', async () => {
      const json = await api.get('services.json');
      assertSchema('services', json.body);
      const codes = json.body.map((x: { service_code: string }) => x.service_code);
      expect(codes).toContain('heating-cold');
      expect(codes).not.toContain('misconduct-report');
      const heating = json.body.find((x: { service_code: string }) => x.service_code === 'heating-cold');
      expect(heating).toMatchObject({ service_name: '暖气不热', metadata: true, type: 'realtime', group: 'repair' });
      expect(heating.description).toContain('到场 45 分钟');

      const xml = await api.get('services.xml');
      const services = xml.body.services.service;
      expect(services).toHaveLength(json.body.length);
      for (const svc of services) {
        expect(Object.keys(svc).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
        expect(['true', 'false']).toContain(svc.metadata);
      }
    });

    it('locale=en gives English service names', async () => {
      const json = await api.get('services.json', { locale: 'en' });
      expect(json.body.find((x: { service_code: string }) => x.service_code === 'heating-cold').service_name).toBe('Radiator not warm');
    });

    it('a service definition lists typed attributes, values for list types, the commitment as informational', async () => {
      const json = await api.get('services/heating-cold.json');
      expect(json.status).toBe(200);
      assertSchema('serviceDefinition', json.body);
      const byCode = Object.fromEntries(json.body.attributes.map((a: { code: string }) => [a.code, a]));
      expect(byCode.commitment).toMatchObject({ variable: false, datatype: 'string' });
      expect(byCode.location_type).toMatchObject({ datatype: 'singlevaluelist', required: true });
      expect(byCode.symptoms.datatype).toBe('multivaluelist');
      expect(byCode.room_temperature.datatype).toBe('number');
      expect(byCode.preferred_visit.datatype).toBe('datetime');
      expect(byCode.access_notes.datatype).toBe('text');
      expect(json.body.attributes.map((a: { order: number }) => a.order)).toEqual([1, 2, 3, 4, 5, 6]);

      const xml = await api.get('services/heating-cold.xml');
      const def = xml.body.service_definition;
      expect(def.service_code).toBe('heating-cold');
      const loc = def.attributes.attribute.find((a: { code: string }) => a.code === 'location_type');
      expect(loc.required).toBe('true');
      expect(loc.values.value.map((v: { key: string }) => v.key)).toEqual(['indoor', 'stairwell', 'outdoor']);
    });

    it('an unknown service code is 404 with the error body in either format', async () => {
      const json = await api.get('services/no-such.json');
      expect(json.status).toBe(404);
      assertSchema('errors', json.body);
      expect(json.body[0].code).toBe(404);
      const xml = await api.get('services/no-such.xml');
      expect(xml.status).toBe(404);
      expect(xml.body.errors.error[0]).toMatchObject({ code: '404' });
      expect(xml.body.errors.error[0].description).toContain('service_code');
    });

    it('a misconduct category cannot be read through Open311', async () => {
      expect((await api.get('services/misconduct-report.json')).status).toBe(404);
    });

    it('an unknown method or format is 404 in the specification format', async () => {
      const noFormat = await api.get('services');
      expect(noFormat.status).toBe(404);
      expect(noFormat.body.errors.error[0].code).toBe('404');
      expect((await api.get('services.html')).status).toBe(404);
      const unknown = await api.get('nothing.json');
      expect(unknown.status).toBe(404);
      assertSchema('errors', unknown.body);
    });

    it('an unknown jurisdiction_id is 404', async () => {
      const res = await api.get('services.json', { jurisdiction_id: 'elsewhere' });
      expect(res.status).toBe(404);
      expect(res.body[0].description).toContain('jurisdiction_id');
      expect((await api.get('services.json', { jurisdiction_id: 'heat' })).status).toBe(200);
    });
  });

  describe('POST requests', () => {
    it('files an ordinary work order on channel open311 with commitments and answers its id, never a token beside it', async () => {
      const res = await api.post(
        'requests.json',
        repairFields([
          ['attribute[room_temperature]', '14.5'],
          ['attribute[symptoms][]', 'cold'],
          ['attribute[symptoms][]', 'noise'],
        ]),
      );
      expect(res.status).toBe(201);
      assertSchema('postResponse', res.body);
      const id = res.body[0].service_request_id as string;
      expect(id).toMatch(/^RX-20261121-\d{4}$/);
      expect(res.body[0].service_notice).toContain('到场');

      const list = await s.call('GET', `/api/v1/tickets?limit=50`, await s.tokenFor('admin'));
      const ticket = list.body.items.find((t: { number: string }) => t.number === id);
      expect(ticket).toMatchObject({ channel: 'open311', kind: 'repair', categoryCode: 'heating-cold', status: 'new' });
      expect(ticket.deadlines.arriveBy).not.toBeNull();
      expect(ticket.description).toContain('实测室温（°C）：14.5');
      expect(ticket.description).toContain('暖气不热、异响');
      expect(ticket.contact).toEqual({ name: '李小明', phone: '13900001111' });

      // GeoReport v2: service_request_id or token, never both.
      expect(res.body[0]).not.toHaveProperty('token');
      // A token kept from an earlier answer still resolves to the order.
      const stored = await s.db
        .selectFrom('open311_requests as r')
        .innerJoin('tickets as t', 't.id', 'r.ticket_id')
        .select('r.token')
        .where('t.number', '=', id)
        .executeTakeFirstOrThrow();
      const token = await api.get(`tokens/${stored.token}.json`);
      expect(token.status).toBe(200);
      assertSchema('tokenResponse', token.body);
      expect(token.body[0].service_request_id).toBe(id);
      const tokenXml = await api.get(`tokens/${stored.token}.xml`);
      expect(tokenXml.body.service_requests.request[0].service_request_id).toBe(id);
      expect((await api.get('tokens/unknown-token.json')).status).toBe(404);
    });

    it('answers XML under <service_requests><request>', async () => {
      const res = await api.post('requests.xml', repairFields());
      expect(res.status).toBe(201);
      const r = res.body.service_requests.request[0];
      expect(r.service_request_id).toMatch(/^RX-/);
      expect(r.token).toBeUndefined();
    });

    it('links a known premise by address_id', async () => {
      const res = await api.post('requests.json', [
        ...repairFields().filter(([k]) => k !== 'address_string'),
        ['address_id', s.seed.premises.rural],
      ]);
      expect(res.status).toBe(201);
      const one = await api.get(`requests/${res.body[0].service_request_id}.json`, { api_key: key });
      expect(one.body[0].address).toBe('东郊乡前进村12号');
      expect(one.body[0].address_id).toBe(s.seed.premises.rural);
    });

    it('takes lat and long as the location', async () => {
      const res = await api.post('requests.json', [
        ...repairFields().filter(([k]) => k !== 'address_string'),
        ['lat', '41.8'],
        ['long', '123.4'],
      ]);
      expect(res.status).toBe(201);
      const one = await api.get(`requests/${res.body[0].service_request_id}.json`);
      expect(one.body[0]).toMatchObject({ lat: 41.8, long: 123.4 });
    });

    const refusals: Array<[string, Array<[string, string]>, number, string]> = [
      [
        'no api_key',
        [
          ['service_code', 'heating-cold'],
          ['address_string', 'x'],
          ['attribute[location_type]', 'indoor'],
        ],
        403,
        'api_key',
      ],
      [
        'a wrong api_key',
        [
          ['api_key', 'wl311_wrong'],
          ['service_code', 'heating-cold'],
          ['address_string', 'x'],
        ],
        403,
        'api_key',
      ],
      [
        'no service_code',
        [
          ['api_key', '{key}'],
          ['address_string', 'x'],
        ],
        400,
        'service_code',
      ],
      [
        'an unknown service_code',
        [
          ['api_key', '{key}'],
          ['service_code', 'nope'],
          ['address_string', 'x'],
        ],
        404,
        'service_code',
      ],
      [
        'no location',
        [
          ['api_key', '{key}'],
          ['service_code', 'heating-cold'],
          ['attribute[location_type]', 'indoor'],
        ],
        400,
        'location',
      ],
      [
        'lat without long',
        [
          ['api_key', '{key}'],
          ['service_code', 'heating-cold'],
          ['lat', '41.8'],
          ['attribute[location_type]', 'indoor'],
        ],
        400,
        'lat and long',
      ],
      [
        'a latitude out of range',
        [
          ['api_key', '{key}'],
          ['service_code', 'heating-cold'],
          ['lat', '91'],
          ['long', '1'],
          ['attribute[location_type]', 'indoor'],
        ],
        400,
        'lat',
      ],
      [
        'an unknown address_id',
        [
          ['api_key', '{key}'],
          ['service_code', 'heating-cold'],
          ['address_id', '00000000-0000-4000-8000-000000000000'],
          ['attribute[location_type]', 'indoor'],
        ],
        400,
        'address_id',
      ],
      [
        'a missing required attribute',
        [
          ['api_key', '{key}'],
          ['service_code', 'heating-cold'],
          ['address_string', 'x'],
        ],
        400,
        'attribute[location_type]: is required',
      ],
      [
        'a value outside a singlevaluelist',
        [
          ['api_key', '{key}'],
          ['service_code', 'heating-cold'],
          ['address_string', 'x'],
          ['attribute[location_type]', 'roof'],
        ],
        400,
        'attribute[location_type]',
      ],
      [
        'two values for a single-value attribute',
        [
          ['api_key', '{key}'],
          ['service_code', 'heating-cold'],
          ['address_string', 'x'],
          ['attribute[location_type][]', 'indoor'],
          ['attribute[location_type][]', 'outdoor'],
        ],
        400,
        'takes one value',
      ],
      [
        'a value outside a multivaluelist',
        [
          ['api_key', '{key}'],
          ['service_code', 'heating-cold'],
          ['address_string', 'x'],
          ['attribute[location_type]', 'indoor'],
          ['attribute[symptoms][]', 'fire'],
        ],
        400,
        'attribute[symptoms][]',
      ],
      [
        'a number attribute that is not a number',
        [
          ['api_key', '{key}'],
          ['service_code', 'heating-cold'],
          ['address_string', 'x'],
          ['attribute[location_type]', 'indoor'],
          ['attribute[room_temperature]', 'cold'],
        ],
        400,
        'must be a number',
      ],
      [
        'a number attribute out of range',
        [
          ['api_key', '{key}'],
          ['service_code', 'heating-cold'],
          ['address_string', 'x'],
          ['attribute[location_type]', 'indoor'],
          ['attribute[room_temperature]', '99'],
        ],
        400,
        'between',
      ],
      [
        'a datetime attribute without offset',
        [
          ['api_key', '{key}'],
          ['service_code', 'heating-cold'],
          ['address_string', 'x'],
          ['attribute[location_type]', 'indoor'],
          ['attribute[preferred_visit]', '2026-11-22 10:00'],
        ],
        400,
        'W3C datetime',
      ],
      [
        'a text attribute too long',
        [
          ['api_key', '{key}'],
          ['service_code', 'heating-cold'],
          ['address_string', 'x'],
          ['attribute[location_type]', 'indoor'],
          ['attribute[access_notes]', 'x'.repeat(1001)],
        ],
        400,
        'attribute[access_notes]',
      ],
      [
        'a bad phone number',
        [
          ['api_key', '{key}'],
          ['service_code', 'heating-cold'],
          ['address_string', 'x'],
          ['attribute[location_type]', 'indoor'],
          ['phone', 'call me'],
        ],
        400,
        'phone',
      ],
      [
        'a bad e-mail address',
        [
          ['api_key', '{key}'],
          ['service_code', 'heating-cold'],
          ['address_string', 'x'],
          ['attribute[location_type]', 'indoor'],
          ['email', 'nobody'],
        ],
        400,
        'email',
      ],
      [
        'a media_url that is not http',
        [
          ['api_key', '{key}'],
          ['service_code', 'heating-cold'],
          ['address_string', 'x'],
          ['attribute[location_type]', 'indoor'],
          ['media_url', 'javascript:alert(1)'],
        ],
        400,
        'media_url',
      ],
      [
        'the jurisdiction of another tenant',
        [
          ['api_key', '{key}'],
          ['jurisdiction_id', 'other'],
          ['service_code', 'heating-cold'],
          ['address_string', 'x'],
          ['attribute[location_type]', 'indoor'],
        ],
        403,
        'jurisdiction_id',
      ],
    ];
    it.each(refusals)('refuses %s in both formats', async (_name, fields, status, words) => {
      const withKey = fields.map(([k, v]): [string, string] => [k, v === '{key}' ? key : v]);
      const json = await api.post('requests.json', withKey);
      expect(json.status).toBe(status);
      assertSchema('errors', json.body);
      expect(json.body[0].code).toBe(status);
      expect(json.body[0].description).toContain(words);
      const xml = await api.post('requests.xml', withKey);
      expect(xml.status).toBe(status);
      expect(xml.body.errors.error[0].code).toBe(String(status));
    });

    it('refuses a body that is not a form with a 4xx in the specification format', async () => {
      const res = await fetch(`${s.base}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: 'a,b',
      });
      expect(res.status).toBe(415);
      assertSchema('errors', await res.json());
      const big = await api.post('requests.json', repairFields([['description', 'x'.repeat(70 * 1024)]]));
      expect(big.status).toBe(413);
      assertSchema('errors', big.body);
    });

    it('keeps unknown attributes from clients such as FixMyStreet without refusing them', async () => {
      const res = await api.post('requests.json', repairFields([['attribute[fixmystreet_id]', '4711']]));
      expect(res.status).toBe(201);
    });
  });

  describe('GET requests', () => {
    let id: string;
    beforeAll(async () => {
      const res = await api.post('requests.json', [
        ...repairFields().filter(([k]) => k !== 'description'),
        ['description', '<script>alert("x")</script> & 暖气 \u0001冷'],
      ]);
      id = res.body[0].service_request_id;
    });

    it('one request by id, XML and JSON, with open status and W3C datetimes with the offset', async () => {
      const json = await api.get(`requests/${id}.json`);
      expect(json.status).toBe(200);
      assertSchema('requests', json.body);
      expect(json.body).toHaveLength(1);
      expect(json.body[0]).toMatchObject({
        service_request_id: id,
        status: 'open',
        service_code: 'heating-cold',
        service_name: '暖气不热',
      });
      expect(json.body[0].requested_datetime).toMatch(W3C_WITH_OFFSET);
      expect(json.body[0].expected_datetime).toMatch(W3C_WITH_OFFSET);

      const xml = await api.get(`requests/${id}.xml`);
      const r = xml.body.service_requests.request[0];
      expect(r.service_request_id).toBe(id);
      expect(r.status).toBe('open');
      expect(r.requested_datetime).toBe(json.body[0].requested_datetime);
      for (const el of [
        'status_notes',
        'service_name',
        'service_code',
        'description',
        'agency_responsible',
        'service_notice',
        'updated_datetime',
        'expected_datetime',
        'address',
        'address_id',
        'zipcode',
        'lat',
        'long',
        'media_url',
      ]) {
        expect(r).toHaveProperty(el);
      }
    });

    it('escapes markup in XML and drops characters XML cannot carry', async () => {
      const xml = await api.get(`requests/${id}.xml`);
      expect(xml.text).toContain('&lt;script&gt;');
      expect(xml.text).not.toContain('<script>');
      expect(xml.body.service_requests.request[0].description).toBe('<script>alert("x")</script> & 暖气 冷\n\n问题位置：户内');
    });

    it('never shows the phone or name, and without a key hides a typed address', async () => {
      const pub = await api.get(`requests/${id}.json`);
      expect(pub.text).not.toContain('13900001111');
      expect(pub.text).not.toContain('小明');
      expect(pub.body[0].address).toBe('');
      const keyed = await api.get(`requests/${id}.json`, { api_key: key });
      expect(keyed.body[0].address).toBe('和平区幸福小区3号楼2单元501');
      expect(keyed.text).not.toContain('13900001111');
    });

    it('a request filed by the hotline is listed without its description unless the client holds a key', async () => {
      const created = await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), {
        kind: 'repair',
        channel: 'hotline',
        categoryCode: 'heating-cold',
        description: '王大爷家暖气不热，老人独居',
        premiseId: s.seed.premises.urban,
        contact: { name: '王大爷', phone: '13900010001' },
      });
      expect(created.status).toBe(201);
      const pub = await api.get(`requests/${created.body.number}.json`);
      expect(pub.body[0]).toMatchObject({ description: '', address: '', address_id: null });
      expect(pub.text).not.toContain('王大爷');
      const keyed = await api.get(`requests/${created.body.number}.json`, { api_key: key });
      expect(keyed.body[0].description).toBe('王大爷家暖气不热，老人独居');
      expect(keyed.body[0].address_id).toBe(s.seed.premises.urban);
    });

    it('an unknown id is 404', async () => {
      const res = await api.get('requests/RX-19990101-0001.xml');
      expect(res.status).toBe(404);
      expect(res.body.errors.error[0].code).toBe('404');
    });

    it('a closed request shows closed, and the status filter tells them apart', async () => {
      const created = await api.post('requests.json', repairFields());
      const closedId = created.body[0].service_request_id as string;
      const list = await s.call('GET', '/api/v1/tickets?limit=100', await s.tokenFor('admin'));
      const ticketId = list.body.items.find((t: { number: string }) => t.number === closedId).id;
      const admin = await s.tokenFor('admin');
      for (const body of [
        { action: 'dispatch', unitId: s.seed.units.team },
        { action: 'take' },
        { action: 'arrive' },
        { action: 'resolve', note: '已修好' },
      ]) {
        const r = await s.call('POST', `/api/v1/tickets/${ticketId}/actions`, admin, body);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
      }
      const one = await api.get(`requests/${closedId}.json`);
      expect(one.body[0].status).toBe('closed');
      const closed = await api.get('requests.json', { status: 'closed' });
      assertSchema('requests', closed.body);
      expect(closed.body.map((r: { service_request_id: string }) => r.service_request_id)).toContain(closedId);
      expect(closed.body.every((r: { status: string }) => r.status === 'closed')).toBe(true);
      const open = await api.get('requests.json', { status: 'open' });
      expect(open.body.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(closedId);
      expect(open.body.map((r: { service_request_id: string }) => r.service_request_id)).toContain(id);
      const both = await api.get('requests.json', { status: 'open,closed' });
      expect(both.body.length).toBe(open.body.length + closed.body.length);
    });

    it('filters by service_code, by a comma list of ids, and by date range', async () => {
      const other = await api.post('requests.json', [
        ['api_key', key],
        ['service_code', 'billing'],
        ['address_string', '某处'],
        ['description', '账单疑问'],
      ]);
      expect(other.status).toBe(201);
      const billing = await api.get('requests.json', { service_code: 'billing' });
      expect(billing.body.map((r: { service_code: string }) => r.service_code)).toEqual(['billing']);
      const byIds = await api.get('requests.json', {
        service_request_id: `${id},${other.body[0].service_request_id}`,
        service_code: 'nothing',
      });
      expect(byIds.body.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual(
        [id, other.body[0].service_request_id].sort(),
      );
      const inRange = await api.get('requests.json', { start_date: '2026-11-21T00:00:00+08:00', end_date: '2026-11-22T00:00:00+08:00' });
      expect(inRange.body.length).toBeGreaterThan(0);
      const before = await api.get('requests.json', { start_date: '2026-10-01T00:00:00Z', end_date: '2026-11-01T00:00:00Z' });
      expect(before.body).toEqual([]);
      const emptyXml = await api.get('requests.xml', { start_date: '2026-10-01T00:00:00Z', end_date: '2026-11-01T00:00:00Z' });
      expect(emptyXml.text).toContain('<service_requests></service_requests>');
    });

    it.each([
      [{ start_date: '2026-01-01T00:00:00Z', end_date: '2026-11-21T00:00:00Z' }, '90 days'],
      [{ start_date: '2026-11-21' }, 'start_date'],
      [{ end_date: 'yesterday' }, 'end_date'],
      [{ start_date: '2026-11-21T00:00:00Z', end_date: '2026-11-20T00:00:00Z' }, 'after'],
      [{ status: 'pending' }, 'status'],
    ])('refuses %o with 400', async (query, words) => {
      const res = await api.get('requests.json', query as Record<string, string>);
      expect(res.status).toBe(400);
      expect(res.body[0].description).toContain(words);
      const xml = await api.get('requests.xml', query as Record<string, string>);
      expect(xml.body.errors.error[0].code).toBe('400');
    });
  });
});
