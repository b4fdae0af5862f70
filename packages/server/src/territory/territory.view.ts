import type { HouseholdFlag } from './household.js';
import type { NodeRow } from './network-node.repo.js';
import type { getPremises } from './premise.repo.js';
import type { PremiseOut } from './territory.schema.js';

type PremiseRow = Awaited<ReturnType<typeof getPremises>>[number];

/** A premise with its customers as the API shows it. */
export const toPremiseOut = (p: PremiseRow): PremiseOut => ({
  id: p.id,
  accountNo: p.account_no,
  address: p.address,
  district: p.district,
  community: p.community,
  building: p.building,
  entrance: p.entrance,
  room: p.room,
  heatedArea: p.heated_area,
  areaTier: p.area_tier,
  unitId: p.unit_id,
  networkNode: p.network_node_id && p.node_code ? { id: p.network_node_id, code: p.node_code, name: p.node_name ?? '' } : null,
  flags: p.flags as HouseholdFlag[],
  notes: p.notes,
  customers: p.customers.map((c) => ({ id: c.id, name: c.name, phone: c.phone })),
});

export const toNodeOut = (n: NodeRow) => ({
  id: n.id,
  kind: n.kind,
  code: n.code,
  name: n.name,
  unitId: n.unit_id,
  premiseCount: n.premise_count,
});
