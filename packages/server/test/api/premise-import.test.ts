import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBody } from '../../src/shared/http.js';
import { importOut } from '../../src/territory/territory.schema.js';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';

const HEADER =
  'account_no,district,community,building,entrance,room,address,heated_area,network_node_code,station_code,area_tier,flags,customer_name,customer_phone';

/** One CSV line of a household in 和平 with its customer. */
const line = (
  account: string | number,
  o: Partial<Record<'address' | 'node' | 'station' | 'tier' | 'flags' | 'name' | 'phone' | 'area', string>> = {},
) =>
  [
    account,
    '鸡冠区',
    '矿务局小区',
    '5',
    '3',
    '601',
    o.address ?? `鸡冠区矿务局小区5号楼3单元${account}室`,
    o.area ?? '65.2',
    o.node ?? 'heat-hes-1',
    o.station ?? '',
    o.tier ?? 'urban',
    o.flags ?? '',
    o.name ?? '刘师傅',
    o.phone ?? `135${String(account).padStart(8, '0')}`,
  ].join(',');

describe.each(testDatabaseKinds)('premise import on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  async function importCsv(token: string, body: string | Buffer, contentType = 'text/csv') {
    const res = await fetch(`${s.base}/api/v1/premises/import`, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
      body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
  const count = async (table: 'premises' | 'customers') =>
    Number(
      (
        await s.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('tenant_id', '=', s.seed.tenantId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('imports households with their customers, taking the station from the node or from station_code', async () => {
    const admin = await s.tokenFor('admin');
    const csv = [
      HEADER,
      line(40001, { flags: 'elderly;key' }),
      line(40002, { station: 'heat-ds-1', tier: 'rural' }),
      line(40002, { station: 'heat-ds-1', tier: 'rural', name: '刘师傅爱人', phone: '13500049999' }),
    ].join('\n');
    const res = await importCsv(admin, csv);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(importOut.parse(res.body)).toEqual({ imported: 2, created: 2, updated: 0, customers: 3 });

    const found = await s.call('GET', '/api/v1/premises?q=40002', admin);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({
      unitId: s.seed.units.otherStation,
      areaTier: 'rural',
      heatedArea: 65.2,
      networkNode: { code: 'heat-hes-1' },
      customers: [
        { name: '刘师傅', phone: '13500040002' },
        { name: '刘师傅爱人', phone: '13500049999' },
      ],
    });
    const first = await s.call('GET', '/api/v1/premises?q=13500040001', admin);
    expect(first.body.items[0]).toMatchObject({ accountNo: '40001', unitId: s.seed.units.station, flags: ['elderly', 'key'] });
  });

  it('importing an existing account updates it in the columns the file has, and adds customers without duplicating', async () => {
    const admin = await s.tokenFor('admin');
    const res = await importCsv(
      admin,
      'account_no,address,customer_name,customer_phone\n40001,鸡冠区矿务局小区5号楼3单元601室（新）,刘师傅,13500040001\n40001,鸡冠区矿务局小区5号楼3单元601室（新）,刘小妹,13600000001\n',
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ imported: 1, created: 0, updated: 1, customers: 2 });
    const p = (await s.call('GET', '/api/v1/premises?q=40001', admin)).body.items[0];
    expect(p).toMatchObject({
      address: '鸡冠区矿务局小区5号楼3单元601室（新）',
      flags: ['elderly', 'key'],
      heatedArea: 65.2,
      unitId: s.seed.units.station,
    });
    expect(p.customers.map((c: { phone: string }) => c.phone)).toEqual(['13500040001', '13600000001']);
  });

  it('one bad row rejects the whole file: every problem is listed with line, field and reason, nothing is written', async () => {
    const admin = await s.tokenFor('admin');
    const before = [await count('premises'), await count('customers')];
    const csv = [
      HEADER,
      line(40101),
      line(40102, { node: 'no-such-node' }),
      line(40103, { station: 'no-such-unit', area: '-3' }),
      line(40104),
      line(40105, { tier: 'suburb', phone: 'call me' }),
    ].join('\n');
    const res = await importCsv(admin, csv);
    expect(res.status).toBe(422);
    errorBody.parse(res.body);
    expect(res.body.error.code).toBe('import_rejected');
    expect(res.body.error.details.rejected).toEqual([
      { line: 3, field: 'network_node_code', reason: 'no network node has the code "no-such-node"' },
      { line: 4, field: 'heated_area', reason: expect.any(String) },
      { line: 6, field: 'area_tier', reason: 'must be urban, rural or remote' },
      { line: 6, field: 'customer_phone', reason: expect.any(String) },
    ]);
    expect([await count('premises'), await count('customers')]).toEqual(before);
    expect((await s.call('GET', '/api/v1/premises?q=40101', admin)).body.items).toEqual([]);

    // Once the field checks pass, unknown station codes are found too.
    const second = await importCsv(admin, [HEADER, line(40101), line(40103, { station: 'no-such-unit' })].join('\n'));
    expect(second.body.error.details.rejected).toEqual([{ line: 3, field: 'station_code', reason: 'no unit has the code "no-such-unit"' }]);
  });

  it('a manager imports into their own subtree only, and cannot take over an account of another company', async () => {
    const mgr = await s.tokenFor('companyManager');
    const res = await importCsv(
      mgr,
      [HEADER, line(40201), line(40202, { station: 'heat-ds-1' }), line(20001, { node: '', station: 'heat-hp-1' })].join('\n'),
    );
    expect(res.status).toBe(422);
    expect(res.body.error.details.rejected).toEqual([
      { line: 3, field: 'station_code', reason: 'that unit is outside your part of the organisation' },
      { line: 4, field: 'account_no', reason: 'this account belongs to a premise outside your part of the organisation' },
    ]);
    const ok = await importCsv(mgr, [HEADER, line(40201), line(40203, { station: 'heat-hp-1-a' })].join('\n'));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const agent = await importCsv(await s.tokenFor('agent'), [HEADER, line(40204)].join('\n'));
    expect(agent.status).toBe(403);
  });

  it('a broken header, an empty body, a JSON body or an unknown charset are 4xx answers', async () => {
    const admin = await s.tokenFor('admin');
    const header = await importCsv(admin, 'account,address\n1,x\n');
    expect(header.status).toBe(422);
    expect(header.body.error.details.rejected).toEqual([
      { line: 1, field: 'account', reason: expect.stringContaining('unknown column') },
      { line: 1, field: 'account_no', reason: 'required column is missing' },
    ]);
    expect((await importCsv(admin, '')).status).toBeGreaterThanOrEqual(400);
    const json = await importCsv(admin, JSON.stringify({ rows: [] }), 'application/json');
    expect(json.status).toBe(400);
    const charset = await importCsv(admin, 'account_no,address\n', 'text/csv; charset=klingon');
    expect(charset.status).toBe(400);
    expect(charset.body.error.code).toBe('unsupported_charset');
    const invalid = await importCsv(admin, Buffer.from([0x61, 0xff, 0xfe, 0x0a]), 'text/csv; charset=utf-8');
    expect(invalid.body.error.code).toBe('invalid_encoding');
  });

  it('a spreadsheet saved as GB18030 with a charset says so is read correctly', async () => {
    const admin = await s.tokenFor('admin');
    // "account_no,address\n40301,滴道区盛通小区1号楼\n" in GB18030.
    const body = Buffer.from([
      ...Buffer.from('account_no,address\n40301,'),
      ...[0xb5, 0xce, 0xb5, 0xc0, 0xc7, 0xf8, 0xca, 0xa2, 0xcd, 0xa8, 0xd0, 0xa1, 0xc7, 0xf8],
      ...Buffer.from('1'),
      ...[0xba, 0xc5, 0xc2, 0xa5],
      0x0a,
    ]);
    const res = await importCsv(admin, body, 'text/csv; charset=gb18030');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const p = (await s.call('GET', '/api/v1/premises?q=40301', admin)).body.items[0];
    expect(p.address).toBe('滴道区盛通小区1号楼');
  });

  it('ten thousand rows, more than the API’s usual body limit, import in one request', async () => {
    const admin = await s.tokenFor('admin');
    const rows = Array.from({ length: 10_000 }, (_, i) => line(500_000 + i, { flags: i % 10 === 0 ? 'elderly' : '' }));
    const csv = [HEADER, ...rows].join('\n');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(1024 * 1024);
    const before = await count('premises');
    const res = await importCsv(admin, csv);
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body).toEqual({ imported: 10_000, created: 10_000, updated: 0, customers: 10_000 });
    expect(await count('premises')).toBe(before + 10_000);
    const found = await s.call('GET', '/api/v1/premises?q=13500509999', admin);
    expect(found.body.items.map((p: { accountNo: string }) => p.accountNo)).toEqual(['509999']);
  });

  it('a body above the import limit is refused with 413', async () => {
    const admin = await s.tokenFor('admin');
    const res = await importCsv(admin, `account_no,address\n${'1,x\n'.repeat(4_500_000)}`);
    expect(res.status).toBe(413);
  });
});
