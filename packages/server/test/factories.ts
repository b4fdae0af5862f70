import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../src/auth/roles.js';
import type { DB } from '../src/db/schema.js';
import { createTenant } from '../src/org/tenant.service.js';
import { createUnit } from '../src/org/unit.repo.js';
import { createUser } from '../src/org/user.service.js';

export const PASSWORD = 'correct-horse-9';

/**
 * The smallest organisation that exercises scoping: one group with two companies, a station
 * and a team under the first, a station under the second, and one user per role.
 */
export async function seedOrganisation(db: Kysely<DB>, code = 'heat') {
  const { tenantId, rootUnitId } = await createTenant(db, { code, name: '测试热力集团', ticketPrefix: 'RX' });
  const heping = await createUnit(db, tenantId, { parentId: rootUnitId, kind: 'company', code: `${code}-heping`, name: '和平公司' });
  const dongsheng = await createUnit(db, tenantId, { parentId: rootUnitId, kind: 'company', code: `${code}-dongsheng`, name: '东盛公司' });
  const station = await createUnit(db, tenantId, { parentId: heping.id, kind: 'station', code: `${code}-hp-1`, name: '和平一所' });
  const team = await createUnit(db, tenantId, { parentId: station.id, kind: 'team', code: `${code}-hp-1-a`, name: '维修一班' });
  const otherStation = await createUnit(db, tenantId, { parentId: dongsheng.id, kind: 'station', code: `${code}-ds-1`, name: '东盛一所' });

  const user = async (username: string, role: Role, unitId: string) => {
    const u = await createUser(db, tenantId, { username: `${code}-${username}`, displayName: username, password: PASSWORD, role, unitId });
    return { id: u.id, username: u.username };
  };
  const users = {
    admin: await user('admin', 'admin', rootUnitId),
    agent: await user('agent', 'hotline_agent', rootUnitId),
    clerk: await user('clerk', 'window_clerk', station.id),
    dispatcher: await user('dispatcher', 'dispatcher', heping.id),
    crew: await user('crew', 'field_crew', team.id),
    otherCrew: await user('crew2', 'field_crew', otherStation.id),
    stationManager: await user('stationmgr', 'station_manager', station.id),
    companyManager: await user('companymgr', 'company_manager', heping.id),
    supervisor: await user('supervisor', 'quality_supervisor', dongsheng.id),
  };

  const nodeId = randomUUID();
  await db
    .insertInto('network_nodes')
    .values({ tenant_id: tenantId, id: nodeId, code: `${code}-hes-1`, name: '和平1号换热站', unit_id: station.id })
    .execute();
  const premise = async (account: string, address: string, tier: 'urban' | 'rural' | 'remote' = 'urban', unitId = station.id) => {
    const id = randomUUID();
    await db
      .insertInto('premises')
      .values({
        tenant_id: tenantId,
        id,
        account_no: account,
        address,
        area_tier: tier,
        unit_id: unitId,
        network_node_id: nodeId,
        heated_area: 86.5,
        flags: ['elderly'],
      })
      .execute();
    await db
      .insertInto('customers')
      .values({ tenant_id: tenantId, id: randomUUID(), premise_id: id, name: '王大爷', phone: `139${account.padStart(8, '0')}` })
      .execute();
    return id;
  };
  const premises = {
    urban: await premise('10001', '和平区幸福小区3号楼2单元501'),
    rural: await premise('10002', '东郊乡前进村12号', 'rural'),
    remote: await premise('10003', '北山林场5号', 'remote'),
    otherCompany: await premise('20001', '东盛区明珠花园1号楼101', 'urban', otherStation.id),
  };
  return {
    tenantId,
    units: {
      root: rootUnitId,
      heping: heping.id,
      dongsheng: dongsheng.id,
      station: station.id,
      team: team.id,
      otherStation: otherStation.id,
    },
    users,
    premises,
  };
}
export type Seed = Awaited<ReturnType<typeof seedOrganisation>>;

/** A heat-exchange station of the second company (东盛), code `heat-ds-hes-1`; returns its id. */
export async function addOtherCompanyStationNode(db: Kysely<DB>, seed: Seed): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('network_nodes')
    .values({ tenant_id: seed.tenantId, id, code: 'heat-ds-hes-1', name: '东盛1号换热站', unit_id: seed.units.otherStation })
    .execute();
  return id;
}

/** The body of a plain hotline repair for the seeded urban household; `extra` overrides any field. */
export const repairRequest = (seed: Seed, extra: Record<string, unknown> = {}) => ({
  kind: 'repair',
  channel: 'hotline',
  categoryCode: 'heating-cold',
  description: '暖气不热',
  premiseId: seed.premises.urban,
  contact: { name: '王大爷', phone: '13900010001' },
  ...extra,
});
