import type { UnitNode, User } from '../api/models';

/** Ids of a unit and everything below it. */
export function subtreeIds(units: UnitNode[], rootId: string): Set<string> {
  const out = new Set<string>();
  const walk = (nodes: UnitNode[], inside: boolean) => {
    for (const n of nodes) {
      const here = inside || n.id === rootId;
      if (here) out.add(n.id);
      walk(n.children, here);
    }
  };
  walk(units, false);
  return out;
}

/** Field crew who work in a unit's subtree. */
export function crewIn(units: UnitNode[], users: User[], unitId: string | undefined): User[] {
  if (!unitId) return [];
  const ids = subtreeIds(units, unitId);
  return users.filter((u) => u.role === 'field_crew' && !u.disabled && ids.has(u.unitId));
}
