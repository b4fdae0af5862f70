import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** Placeholder until the demo tenant lands. */
export async function loadDemoIfEmpty(_db: Kysely<DB>, _opts: { adminPassword?: string; log: (m: string) => void }): Promise<void> {}
