import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// tickets/ is the only writer of the work-order tables (ARCHITECTURE.md, "tickets/ is the
// centre"): everything else records a change through tickets/ticket.repo.ts, so the transition
// rule and the event bookkeeping exist once. This test reads the source, not the running code,
// so a new module that writes an order directly fails here before review.

const SRC = join(import.meta.dirname, '../../src');
const OWNED = ['tickets', 'ticket_events'];
/** Where writing the tables is allowed: their owner, and the migrations that create them. */
const ALLOWED = ['tickets/', 'db/migrations/'];

const KYSELY_WRITES = new Set(['insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']);
// Raw SQL that writes one of the tables: INSERT INTO / UPDATE / DELETE FROM / MERGE INTO / TRUNCATE / COPY … FROM.
const SQL_WRITE = new RegExp(
  String.raw`\b(insert\s+into|update(\s+only)?|delete\s+from(\s+only)?|merge\s+into|truncate(\s+table)?(\s+only)?|copy)\s+("?public"?\s*\.\s*)?"?(${OWNED.join('|')})"?(?![\w"])`,
  'i',
);

const ownedTable = (name: string) => OWNED.includes(name.trim().split(/\s+/)[0]!.replace(/"/g, ''));

/** Every place in one source text that writes `tickets` or `ticket_events`, as "line: code". */
function findWrites(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const report = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${line + 1}: ${node.getText(source).replace(/\s+/g, ' ').slice(0, 100)}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && KYSELY_WRITES.has(node.expression.name.text)) {
      const [table] = node.arguments;
      if (table && ts.isStringLiteralLike(table) && ownedTable(table.text)) report(node);
    }
    // SQL in strings and templates (comments are not nodes, so prose about SQL does not count).
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      if (SQL_WRITE.test(node.text)) report(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('one writer for work orders', () => {
  it('no file outside src/tickets/ (and the migrations) writes tickets or ticket_events', () => {
    const offenders = sourceFiles(SRC)
      .map((path) => relative(SRC, path).split('\\').join('/'))
      .filter((file) => !ALLOWED.some((dir) => file.startsWith(dir)))
      .flatMap((file) => findWrites(file, readFileSync(join(SRC, file), 'utf8')).map((w) => `src/${file}:${w}`));
    expect(offenders, 'record changes through tickets/ticket.repo.ts (recordChange, recordStep, recordCreation)').toEqual([]);
  });

  it('the scan sees the writes tickets/ itself makes, so it is looking at real code', () => {
    const repo = findWrites('ticket.repo.ts', readFileSync(join(SRC, 'tickets/ticket.repo.ts'), 'utf8'));
    expect(repo.some((w) => w.includes("insertInto('tickets')"))).toBe(true);
    expect(repo.some((w) => w.includes("insertInto('ticket_events')"))).toBe(true);
    expect(repo.some((w) => w.includes("updateTable('tickets')"))).toBe(true);
  });

  it('tickets/ imports no module that writes what another module owns: side effects are registered (src/modules.ts)', () => {
    // Pure rules and reads beside it are fine: deadline arithmetic, the calendars deadlines are computed on, and
    // the attachments policy (which files an actor may refer to).
    const allowed =
      /^\.\.\/(auth|catalog|db|org|shared)\/|^\.\.\/attachments\/attachment\.policy\.js$|^\.\.\/sla\/(deadlines|calendar|calendar\.repo)\.js$/;
    const imports = sourceFiles(join(SRC, 'tickets')).flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(/from '(\.\.\/[^']+)'/g)].map((m) => `${relative(SRC, path)} → ${m[1]}`),
    );
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => !allowed.test(i.split(' → ')[1]!))).toEqual([]);
  });

  it.each([
    ["await trx.insertInto('tickets').values(row).execute();"],
    ["await db.updateTable('tickets as t').set({ late: true }).execute();"],
    ['await db.deleteFrom("ticket_events").where("seq", ">", 3).execute();'],
    ["await db.mergeInto('tickets').using('x', 'a', 'b');"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: fixtures are source text, placeholders included
    ['await sql`UPDATE tickets SET event_count = event_count + 1 WHERE id = ${id}`.execute(db);'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: fixtures are source text, placeholders included
    ['await sql`INSERT INTO ticket_events (tenant_id, ticket_id, seq) VALUES (${a}, ${b}, 1)`.execute(db);'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: fixtures are source text, placeholders included
    ['await sql`delete from public."tickets" where id = ${id}`.execute(db);'],
    ['await sql`WITH x AS (SELECT 1) UPDATE ONLY tickets SET late = true`.execute(db);'],
    ["const q = 'truncate table ticket_events';"],
  ])('flags a write: %s', (code) => {
    expect(findWrites('fixture.ts', code)).toHaveLength(1);
  });

  it.each([
    ["await db.selectFrom('tickets').selectAll().execute();"],
    ["await db.insertInto('ticket_timers').values(row).execute();"],
    ["await db.updateTable('ticket_counters').set({ last: 1 }).execute();"],
    ['await sql`SELECT * FROM tickets JOIN ticket_events e ON e.ticket_id = tickets.id`.execute(db);'],
    ['await sql`INSERT INTO notice_tickets (ticket_id) SELECT id FROM tickets`.execute(db);'],
    ['// UPDATE tickets SET event_count = 0 — prose in a comment is not a write'],
    ["await recordChange(trx, t, { late: true }, events); const label = 'updated tickets';"],
  ])('does not flag: %s', (code) => {
    expect(findWrites('fixture.ts', code)).toEqual([]);
  });
});
