import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import type { AreaTier, Kind, Priority } from '../../src/catalog/kinds.js';
import type { DB, Premise, TicketRow, User } from '../../src/db/schema.js';
import { generateSchema, interfaceName } from '../../src/db/schema-gen.js';
import type { ClockName } from '../../src/sla/timer-rules.js';
import type { Status } from '../../src/tickets/ticket.state.js';
import { openTestDatabase, testDatabaseKinds } from '../databases.js';

const committed = readFileSync(new URL('../../src/db/schema.ts', import.meta.url), 'utf8');

describe.each(testDatabaseKinds)('db/schema.ts on %s', (kind) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => database?.close());

  it('is what the migrations produce (else run `npm run gen:schema -w @warmline/server`)', async () => {
    expect(await generateSchema(database.db)).toBe(committed);
  });
});

// Compile-time: the unions read from the CHECK constraints are exactly the code's own lists, so
// neither can gain a value the other refuses. `npm test` type-checks before it runs.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const unionsMatchTheCode: [
  Same<TicketRow['status'], Status>,
  Same<TicketRow['kind'], Kind>,
  Same<TicketRow['priority'], Priority>,
  Same<TicketRow['area_tier'], AreaTier>,
  Same<Premise['area_tier'], AreaTier>,
  Same<User['role'], Role>,
  Same<DB['ticket_timers']['clock'], ClockName>,
] = [true, true, true, true, true, true, true];

describe('the schema generator', () => {
  it('types status and kind columns as unions of their checked values', () => {
    expect(unionsMatchTheCode.every(Boolean)).toBe(true);
    expect(committed).toMatch(
      /^ {2}status: 'new' \| 'accepted' \| 'dispatched' \| 'taken' \| 'on_site' \| 'resolved' \| 'suspended' \| 'closed';$/m,
    );
    expect(committed).toMatch(/^ {2}flags: Defaulted<\('elderly' \| 'hardship' \| 'key' \| 'difficult'\)\[\]>;$/m);
  });

  it('names each table interface as the code always has', () => {
    expect(['tickets', 'ticket_events', 'categories', 'premises', 'open311_clients'].map(interfaceName)).toEqual([
      'TicketTable',
      'TicketEventTable',
      'CategoryTable',
      'PremiseTable',
      'Open311ClientTable',
    ]);
  });
});
