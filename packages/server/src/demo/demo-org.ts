import { randomUUID } from 'node:crypto';
import type { Role } from '../auth/roles.js';
import { COMPANIES, type CompanySeed, GIVEN, GIVEN_ONE, SURNAMES } from './demo-data.js';
import type { Random } from './random.js';

export type DemoUnit = { id: string; parentId: string; kind: 'company' | 'station' | 'team'; code: string; name: string; path: string };
export type DemoStaff = { id: string; username: string; displayName: string; role: Role; unitId: string; phone: string };
export type DemoTeam = DemoUnit & { crews: DemoStaff[] };
export type DemoStation = DemoUnit & { teams: DemoTeam[]; manager: DemoStaff; nodes: DemoNode[] };
export type DemoCompany = DemoUnit & {
  seed: CompanySeed;
  index: number;
  stations: DemoStation[];
  dispatcher: DemoStaff;
  manager: DemoStaff;
  clerk: DemoStaff;
};
export type DemoNode = {
  id: string;
  code: string;
  name: string;
  unitId: string;
  company: DemoCompany;
  station: DemoStation;
  communities: string[];
};
export type DemoOrg = {
  companies: DemoCompany[];
  units: DemoUnit[];
  staff: DemoStaff[];
  nodes: DemoNode[];
  agents: DemoStaff[];
  supervisors: DemoStaff[];
  groupDispatcher: DemoStaff;
};

export const TEAMS_PER_STATION = 2;
export const CREWS_PER_TEAM = 2;

/** A plausible Chinese name. */
export const personName = (rng: Random) => rng.pick(SURNAMES) + (rng.chance(0.6) ? rng.pick(GIVEN) : rng.pick(GIVEN_ONE));

/** A mobile number, distinct for distinct `n` (a permutation of 0..10^8). */
export const mobile = (prefix: string, n: number) => `${prefix}${String((n * 48_271 + 12_345) % 100_000_000).padStart(8, '0')}`;

/**
 * The demo organisation below the group: nine companies, three stations each with two
 * repair teams of two crews, a heat-exchange station per ~150 households, and staff for every
 * role with fixed usernames (agent1, dispatcher-heping, manager-heping, manager-heping-1,
 * crew-heping-1, clerk-heping, supervisor1 …).
 */
export function planOrganisation(rng: Random, rootId: string, premiseCount: number): DemoOrg {
  const units: DemoUnit[] = [];
  const staff: DemoStaff[] = [];
  let phoneSeq = 0;
  const person = (username: string, role: Role, unitId: string): DemoStaff => {
    const s = { id: randomUUID(), username, displayName: personName(rng), role, unitId, phone: mobile('139', 90_000_000 + phoneSeq++) };
    staff.push(s);
    return s;
  };
  const unit = (parent: { id: string; path: string }, kind: DemoUnit['kind'], code: string, name: string): DemoUnit => {
    const id = randomUUID();
    const u = { id, parentId: parent.id, kind, code, name, path: `${parent.path}${id}/` };
    units.push(u);
    return u;
  };
  const root = { id: rootId, path: `/${rootId}/` };
  const agents = Array.from({ length: 6 }, (_, i) => person(`agent${i + 1}`, 'hotline_agent', rootId));
  const supervisors = Array.from({ length: 2 }, (_, i) => person(`supervisor${i + 1}`, 'quality_supervisor', rootId));
  const groupDispatcher = person('dispatcher', 'dispatcher', rootId);

  const nodesPerStation = Math.max(1, Math.round(premiseCount / 150 / (COMPANIES.length * 3)));
  const nodes: DemoNode[] = [];
  const companies = COMPANIES.map((seed, index) => {
    const c = unit(root, 'company', seed.code, seed.name);
    const company = {
      ...c,
      seed,
      index,
      stations: [] as DemoStation[],
      dispatcher: person(`dispatcher-${seed.code}`, 'dispatcher', c.id),
      manager: person(`manager-${seed.code}`, 'company_manager', c.id),
      clerk: person(`clerk-${seed.code}`, 'window_clerk', c.id),
    };
    let crewNo = 0;
    seed.stations.forEach((stationName, si) => {
      const s = unit(c, 'station', `${seed.code}-${si + 1}`, stationName);
      const station: DemoStation = {
        ...s,
        teams: [],
        manager: person(`manager-${seed.code}-${si + 1}`, 'station_manager', s.id),
        nodes: [],
      };
      for (let ti = 0; ti < TEAMS_PER_STATION; ti++) {
        const t = unit(s, 'team', `${seed.code}-${si + 1}-${ti + 1}`, `${stationName}维修${'一二三四'[ti]}班`);
        station.teams.push({
          ...t,
          crews: Array.from({ length: CREWS_PER_TEAM }, () => person(`crew-${seed.code}-${++crewNo}`, 'field_crew', t.id)),
        });
      }
      for (let ni = 0; ni < nodesPerStation; ni++) {
        const no = si * nodesPerStation + ni + 1;
        const communities = [rng.pick(seed.communities), rng.pick(seed.communities)];
        const node: DemoNode = {
          id: randomUUID(),
          code: `${seed.code}-hes-${String(no).padStart(2, '0')}`,
          name: `${seed.name.replace('公司', '')}${no}号换热站（${communities[0]}）`,
          unitId: s.id,
          company,
          station,
          communities: [...new Set(communities)],
        };
        station.nodes.push(node);
        nodes.push(node);
      }
      company.stations.push(station);
    });
    return company;
  });
  return { companies, units, staff, nodes, agents, supervisors, groupDispatcher };
}
