import { listMigrations } from '../db.js';
import type { Database, Queryable } from './engine/index.js';
import { schemaVersion } from './schema-version.js';
import { recomputeTotalsIn } from './totals.js';
import { compareTotals, describeDifference, TOTALS_TABLES } from './totals-check.js';

// `npm run check` (server/cli/check.ts): the database verified on either engine. Every check is a
// read, each one statement (a consistent snapshot on both engines), so it runs beside the app.

/** One thing checked: its title, whether it passed, and lines saying what was found. */
export interface CheckItem {
  name: 'integrity' | 'foreign_keys' | 'schema' | 'totals';
  title: string;
  ok: boolean;
  lines: string[];
}

const MAX_LINES = 20;
const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Lines of a list, cut at MAX_LINES with a count of the rest. */
function capped(lines: string[]): string[] {
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), `... and ${lines.length - MAX_LINES} more`] : lines;
}

async function integrity(q: Queryable): Promise<CheckItem> {
  if (q.engine === 'sqlite') {
    const rows = await q.all<{ integrity_check: string }>('PRAGMA integrity_check');
    const problems = rows.map((r) => r.integrity_check).filter((s) => s !== 'ok');
    return { name: 'integrity', title: 'integrity (PRAGMA integrity_check)', ok: problems.length === 0, lines: problems.length ? capped(problems) : ['ok'] };
  }
  // PostgreSQL: every row of every table read whole (a damaged page fails the read); amcheck is not required
  const tables = await q.all<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const problems: string[] = [];
  let rows = 0;
  for (const t of tables) {
    try {
      // every row as text: its heap page and any TOASTed value read (count(*) alone may use an index only)
      rows += Number(await q.value(`SELECT count(length(x::text)) FROM ${quote(t.name)} x`));
    } catch (err) {
      problems.push(`${t.name}: ${(err as Error).message}`);
    }
  }
  const title = 'integrity (every table read whole)';
  return { name: 'integrity', title, ok: problems.length === 0, lines: problems.length ? capped(problems) : [`ok: ${tables.length} tables, ${rows} rows`] };
}

async function foreignKeys(q: Queryable): Promise<CheckItem> {
  if (q.engine === 'sqlite') {
    const rows = await q.all<{ table: string; rowid: number | null; parent: string; fkid: number }>('PRAGMA foreign_key_check');
    const problems = rows.map((r) => `${r.table} row ${r.rowid ?? '?'} refers to a row of ${r.parent} that does not exist`);
    return { name: 'foreign_keys', title: 'foreign keys (PRAGMA foreign_key_check)', ok: !problems.length, lines: problems.length ? capped(problems) : ['ok'] };
  }
  // PostgreSQL enforces its constraints on every write; one added NOT VALID would not have checked old rows
  const notValid = await q.all<{ name: string; tbl: string }>(
    `SELECT conname AS name, conrelid::regclass::text AS tbl FROM pg_constraint
      WHERE contype = 'f' AND NOT convalidated AND connamespace = current_schema()::regnamespace ORDER BY 2, 1`,
  );
  const all = Number(await q.value("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"));
  const lines = notValid.length
    ? notValid.map((c) => `${c.tbl}: constraint ${c.name} was added NOT VALID (its older rows were never checked)`)
    : [`ok: PostgreSQL enforces the ${all} foreign key constraints on every write`];
  return { name: 'foreign_keys', title: 'foreign keys (constraints)', ok: !notValid.length, lines };
}

async function schema(q: Queryable): Promise<CheckItem> {
  const latest = listMigrations().at(-1)?.version ?? 0;
  const version = await schemaVersion(q);
  const ok = version === latest;
  const line = ok
    ? `ok: migration ${version}, the latest`
    : version < latest
      ? `at migration ${version}, this version of Mutu at ${latest}: start the app once so that it migrates`
      : `at migration ${version}, newer than this version of Mutu (${latest}): run the newer version's check`;
  return { name: 'schema', title: 'schema', ok, lines: [line] };
}

async function totals(q: Queryable): Promise<CheckItem> {
  const checked = await compareTotals(q);
  const codes = new Map((await q.all<{ id: number; code: string }>('SELECT id, code FROM services')).map((s) => [Number(s.id), s.code]));
  const responses = Number(await q.value('SELECT count(*) FROM responses WHERE excluded = 0'));
  const lines: string[] = [];
  for (const t of checked) {
    if (!t.wrong) lines.push(`${t.table}: ${t.rows} rows, ok`);
    else {
      lines.push(`${t.table}: ${t.wrong} of ${t.rows} rows differ from a recomputation, among them:`);
      for (const d of t.examples) lines.push(`  ${describeDifference(d, codes)}`);
    }
  }
  lines.push(`recomputed from ${responses} responses that count (excluded ones out)`);
  return { name: 'totals', title: `running totals (${TOTALS_TABLES.join(', ')})`, ok: checked.every((t) => !t.wrong), lines };
}

/** Runs every check; the totals only once the schema is the latest (an older one may lack their columns). */
export async function checkDatabase(q: Queryable): Promise<CheckItem[]> {
  const items = [await integrity(q), await foreignKeys(q), await schema(q)];
  const s = items[2] as CheckItem;
  if (s.ok) items.push(await totals(q));
  else items.push({ name: 'totals', title: 'running totals', ok: false, lines: ['not checked: the schema is not at the latest migration'] });
  return items;
}

/** Just the totals check (after a repair). */
export function checkTotals(q: Queryable): Promise<CheckItem> {
  return totals(q);
}

/**
 * Rebuilds every totals table from the responses in one transaction. On PostgreSQL, writers of
 * responses and totals wait until it commits (so no submission is counted twice or lost); on
 * SQLite the transaction holds the write lock throughout.
 */
export async function repairTotals(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    if (tx.engine === 'postgres') {
      await tx.run('LOCK TABLE responses IN SHARE MODE');
      await tx.run(`LOCK TABLE ${TOTALS_TABLES.join(', ')} IN EXCLUSIVE MODE`);
    }
    await recomputeTotalsIn(tx);
  });
}
