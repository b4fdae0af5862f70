import { type Kysely, sql } from 'kysely';

// Household look-up that works for Chinese addresses on every database locale.
//
// pg_trgm extracts trigrams only from characters the database's LC_CTYPE calls
// alphanumeric: under C.UTF-8 (PGlite, Debian's default) CJK characters count, but a
// PostgreSQL initialised with LC_CTYPE=C drops them, so '%幸福小区%' finds no trigrams and
// the GIN index degenerates to a full scan. And even where CJK counts, a two-character
// fragment such as 幸福 — the usual length of a Chinese search — yields no trigram for
// LIKE at all. Character bigrams cut with substr() depend on no locale and serve two-
// character fragments, so the address is indexed as the set of its lower-cased bigrams.
// A search asks for the fragment's bigrams with @> and rechecks with ILIKE.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Immutable and schema-qualified, as a function behind a stored generated column must be.
    CREATE FUNCTION text_bigrams(s text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT coalesce(pg_catalog.array_agg(DISTINCT pg_catalog.substr(pg_catalog.lower(s), i, 2)), '{}'::text[])
        FROM pg_catalog.generate_series(1, pg_catalog.char_length(s) - 1) AS i
      $$;

    ALTER TABLE premises
      ADD COLUMN address_bigrams text[] GENERATED ALWAYS AS (text_bigrams(address)) STORED,
      -- Set by every create, update and import, from the request's clock.
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

    CREATE INDEX premise_address_bigram_idx ON premises USING gin (address_bigrams);
    -- Superseded by the bigram index (see above); keeping it would only slow imports and
    -- tempt the planner into a full index scan for CJK fragments.
    DROP INDEX premise_address_trgm_idx;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX premise_address_trgm_idx ON premises USING gin (address gin_trgm_ops);
    DROP INDEX premise_address_bigram_idx;
    ALTER TABLE premises DROP COLUMN address_bigrams, DROP COLUMN updated_at;
    DROP FUNCTION text_bigrams(text);
  `.execute(db);
}
