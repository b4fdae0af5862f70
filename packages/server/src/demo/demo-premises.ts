import { randomUUID } from 'node:crypto';
import type { HouseholdFlag } from '../territory/household.js';
import { FLAG_NOTES } from './demo-data.js';
import { type DemoNode, type DemoOrg, mobile, personName } from './demo-org.js';
import type { Random } from './random.js';

export type DemoPremise = {
  id: string;
  account_no: string;
  district: string;
  community: string;
  building: string;
  entrance: string;
  room: string;
  address: string;
  heated_area: number;
  network_node_id: string;
  unit_id: string;
  area_tier: 'urban' | 'rural' | 'remote';
  flags: HouseholdFlag[];
  notes: string;
  node: DemoNode;
};
export type DemoCustomer = { id: string; premise_id: string; name: string; phone: string };

const FLAG_SHARES: Array<[HouseholdFlag, number]> = [
  ['elderly', 0.08],
  ['hardship', 0.03],
  ['key', 0.015],
  ['difficult', 0.015],
];

/**
 * Households spread evenly over the heat-exchange stations: flats in the node's communities
 * (building, entrance, floor, door) in town, numbered houses in villages for the rural and
 * remote share of each company; one or two customers with mobile numbers each.
 */
export function planPremises(rng: Random, org: DemoOrg, count: number): { premises: DemoPremise[]; customers: DemoCustomer[] } {
  const premises: DemoPremise[] = [];
  const customers: DemoCustomer[] = [];
  const perNode = Math.ceil(count / org.nodes.length);
  const seqByCompany = new Map<number, number>();
  // Flats and houses are numbered per community across nodes, so no two households share an address.
  const taken = new Map<string, number>();
  const next = (key: string) => {
    const n = taken.get(key) ?? 0;
    taken.set(key, n + 1);
    return n;
  };
  for (const node of org.nodes) {
    const { seed } = node.company;
    for (let i = 0; i < perNode && premises.length < count; i++) {
      const tierRoll = rng.next();
      const tier = tierRoll < seed.remote ? 'remote' : tierRoll < seed.remote + seed.rural ? 'rural' : 'urban';
      const seq = (seqByCompany.get(node.company.index) ?? 0) + 1;
      seqByCompany.set(node.company.index, seq);
      let community: string;
      let building = '';
      let entrance = '';
      let room = '';
      let address: string;
      if (tier === 'urban' || seed.villages.length === 0) {
        // 6 floors × 2 doors × 3 entrances per building.
        community = node.communities[Math.floor(i / 36) % node.communities.length]!;
        const flat = next(`${seed.code}|${community}`);
        const b = Math.floor(flat / 36) + 1;
        entrance = String((Math.floor(flat / 12) % 3) + 1);
        room = `${(Math.floor(flat / 2) % 6) + 1}0${(flat % 2) + 1}`;
        building = String(b);
        address = `${seed.district}${community}${building}号楼${entrance}单元${room}室`;
      } else {
        community = rng.pick(seed.villages);
        room = String(next(`${seed.code}|${community}`) + 1);
        address = `${seed.district}${community}${room}号`;
      }
      const flags = FLAG_SHARES.filter(([, p]) => rng.chance(p)).map(([f]) => f);
      const id = randomUUID();
      premises.push({
        id,
        account_no: `${node.company.index + 1}${String(seq).padStart(7, '0')}`,
        district: seed.district,
        community,
        building,
        entrance,
        room,
        address,
        heated_area: Math.round(rng.int(450, 1400)) / 10,
        network_node_id: node.id,
        unit_id: node.unitId,
        area_tier: tier,
        flags,
        notes: flags.map((f) => rng.pick(FLAG_NOTES[f]!)).join('；'),
        node,
      });
      const people = rng.chance(0.12) ? 2 : 1;
      for (let k = 0; k < people; k++) {
        customers.push({
          id: randomUUID(),
          premise_id: id,
          name: personName(rng),
          phone: mobile(rng.pick(['135', '138', '139', '150', '158', '186', '187']), customers.length),
        });
      }
    }
  }
  return { premises, customers };
}
