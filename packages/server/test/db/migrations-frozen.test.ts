import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../src/db/migrations/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

describe('migrations', () => {
  // A migration that imports application code (a holiday list, a default catalogue) changes its
  // effect whenever that code changes, so two databases migrated a year apart would differ.
  it.each(files)('%s imports nothing but the query builder, so its effect is fixed when written', (file) => {
    const source = readFileSync(new URL(file, dir), 'utf8');
    const imports = [...source.matchAll(/^\s*import\b[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    expect(imports.filter((m) => m !== 'kysely')).toEqual([]);
  });
});
