import { type Kysely, sql } from 'kysely';

// Finding any order by a fragment of its text or by the caller's phone (issue 9).
//
// The search keys live in their own table, written by tickets/ once, in the statement that
// stores the order, and never touched again: the text and the phone of an order do not change.
// An index on tickets itself would be rewritten by every step of the loop (a status change is
// never a HOT update, so each step would insert a new entry into every index of tickets, a GIN
// index with dozens of keys per order included); here a step costs nothing more.
//
// - bigrams: the lower-cased character bigrams of the address and the description (the
//   locale-independent approach of 0010, which also serves two-character Chinese fragments);
//   a search asks for the fragment's bigrams with @> and rechecks with ILIKE on the order.
// - phone: the contact phone reduced to what a caller types, by search_phone() below, so
//   "139-0000 0001", "+86 139 0000 0001" and "0086 13900000001" are one number.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Digits only; a +86 / 0086 country code dropped, and a landline's trunk 0 put back in its
    -- place (+86 467 2345678 is dialled 0467 2345678 at home). Schema-qualified and immutable so
    -- it may sit behind an index.
    CREATE FUNCTION search_phone(s text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT CASE
          WHEN national IS NULL THEN digits
          WHEN pg_catalog.left(national, 1) = '1' THEN national
          ELSE '0' OPERATOR(pg_catalog.||) national
        END
        FROM (SELECT digits,
                     CASE
                       WHEN digits LIKE '0086%' THEN pg_catalog.substr(digits, 5)
                       WHEN pg_catalog.ltrim(s) LIKE '+86%' THEN pg_catalog.substr(digits, 3)
                       -- 86 and an eleven-digit mobile number, typed without the plus.
                       WHEN pg_catalog.char_length(digits) = 13 AND digits LIKE '861%' THEN pg_catalog.substr(digits, 3)
                     END AS national
              FROM (SELECT pg_catalog.regexp_replace(s, '[^0-9]', '', 'g') AS digits) d) n
      $$;

    CREATE TABLE ticket_search (
      tenant_id uuid NOT NULL,
      ticket_id uuid NOT NULL,
      phone text NOT NULL,
      bigrams text[] NOT NULL,
      CONSTRAINT ticket_search_pk PRIMARY KEY (tenant_id, ticket_id),
      CONSTRAINT ticket_search_ticket_fk FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id)
    );
    CREATE INDEX ticket_search_bigram_idx ON ticket_search USING gin (bigrams);
    CREATE INDEX ticket_search_phone_idx ON ticket_search (tenant_id, phone);

    INSERT INTO ticket_search (tenant_id, ticket_id, phone, bigrams)
    SELECT tenant_id, id, search_phone(contact_phone), text_bigrams(address || E'\\n' || description) FROM tickets;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE ticket_search;
    DROP FUNCTION search_phone(text);
  `.execute(db);
}
