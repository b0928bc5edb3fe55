import Sqlite from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { listMigrations } from '../db.js';
import { ELEMENT_CODES, type Totals } from '../indicators/types.js';
import type { PostgresDatabase, Queryable } from './engine/index.js';
import { migratePg, pgSchemaVersion } from './engine/migrate-pg.js';
import { readTotalsByService, rawTotalsByService } from './totals.js';
import { compareTotals, TOLERANCE, type TotalsTable } from './totals-check.js';

// `npm run db:copy`: moves an installation whole from its SQLite file to an empty PostgreSQL
// database (contract "Storage engines"), then verifies it. Every table of either schema has exactly
// one entry in COPY_PLAN (test/pg/db-copy.pg.test.ts fails otherwise, and the copy refuses a table
// it does not know), listed parents before children, so each foreign key finds its row.

export type TablePlan =
  /** Copied row for row, ids kept. `later`: columns referencing the table itself, filled once every row is in. */
  | { table: string; action: 'copy'; later?: readonly string[] }
  /** Seeded by the migrations on both engines: the target's seed rows are replaced by the source's. */
  | { table: string; action: 'replace'; why: string }
  /** Not copied, on purpose. */
  | { table: string; action: 'skip'; why: string };

/** What db:copy does with each table, in foreign-key order (a table after every table it references). */
export const COPY_PLAN: readonly TablePlan[] = [
  // installation values, among them the generated session secret
  { table: 'settings', action: 'copy' },
  { table: 'agencies', action: 'copy' },
  // a unit may have been moved under a unit created after it: parents are set once all units are in
  { table: 'units', action: 'copy', later: ['parent_id'] },
  { table: 'services', action: 'copy' },
  { table: 'elements', action: 'replace', why: 'seeded by migration 001 on both engines' },
  { table: 'element_texts', action: 'replace', why: 'seeded by migration 001 on both engines' },
  { table: 'users', action: 'copy' },
  // reach: counters and kiosks (made by officers) before the responses that name them
  { table: 'counters', action: 'copy' },
  { table: 'kiosks', action: 'copy' },
  { table: 'kiosk_services', action: 'copy' },
  { table: 'responses', action: 'copy' },
  // visits that ended without service and answered no element (issue 10): reach by end state
  { table: 'unrated_visits', action: 'copy' },
  { table: 'extra_questions', action: 'copy' },
  { table: 'response_extras', action: 'copy' },
  // running totals: copied as kept, then verified equal to a recomputation from the copied responses
  { table: 'totals_day', action: 'copy' },
  { table: 'totals_month', action: 'copy' },
  { table: 'totals_group_month', action: 'copy' },
  { table: 'target_profiles', action: 'copy' },
  { table: 'populations', action: 'copy' },
  { table: 'api_tokens', action: 'copy' },
  // follow-up plans (RTL) and the report's edited chapters (migration 015), made by officers
  { table: 'followup_actions', action: 'copy' },
  { table: 'report_drafts', action: 'copy' },
  // publication log (where and when results were published) and the reasons of republications
  { table: 'publications', action: 'copy' },
  { table: 'republications', action: 'copy' },
  {
    table: 'sessions',
    action: 'skip',
    why: 'ephemeral: officers sign in again on the new database (a session or CSRF token never outlives the move)',
  },
  { table: 'sign_in_failures', action: 'skip', why: 'ephemeral: sign-in throttle counters of a few minutes' },
  // append-only (UPDATE and DELETE refused by triggers); inserts are allowed
  { table: 'audit_log', action: 'copy' },
  // frozen publications: copied as they are, never recomputed (they may differ from today's totals on purpose)
  { table: 'published_months', action: 'copy' },
  { table: 'published_totals_month', action: 'copy' },
  { table: 'published_totals_group_month', action: 'copy' },
  { table: 'schema_migrations', action: 'skip', why: 'PostgreSQL only: written by migratePg (SQLite keeps PRAGMA user_version)' },
  { table: 'import_uploads', action: 'skip', why: 'ephemeral: an import file checked minutes ago, waiting for its confirmation' },
  { table: 'rate_limits', action: 'skip', why: 'ephemeral: rate-limit counters of a short window, keyed by a daily-rotating hash' },
  {
    table: 'cache_version',
    action: 'skip',
    why: "derived: the migration's stamp (version 0) stands, as caches live in each app process and start empty after the move",
  },
];

/** The copy was refused before anything was written: the reason is for the person running it. */
export class CopyRefusedError extends Error {
  override name = 'CopyRefusedError';
}

/** The copy ran, but the target did not verify equal to the source: everything was rolled back. */
export class CopyVerificationError extends Error {
  override name = 'CopyVerificationError';
}

export interface TableResult {
  table: string;
  action: TablePlan['action'];
  /** rows copied; for a skipped table, the rows the source holds (null: the source has no such table) */
  rows: number | null;
  ms: number;
  why?: string;
}

export interface TotalsCheck {
  responses: number;
  /** rows of each totals table, each equal to a recomputation from the copied responses */
  rows: Record<TotalsTable, number>;
  /** local dates of the whole span checked through the app's read path (null: no responses) */
  span: { from: string; to: string } | null;
  services: number;
}

export interface CopyResult {
  /** the migration version of source and target */
  version: number;
  /** PostgreSQL migrations applied to the target before the copy */
  migrated: string[];
  tables: TableResult[];
  verified: { tables: number; rows: number; totals: TotalsCheck };
  ms: number;
}

export interface CopyOptions {
  /** rows read and inserted at a time (default 5,000): memory stays flat however many responses */
  chunkRows?: number;
  /** once the checks passed and the target is migrated, before the first row is copied */
  onStart?: (info: { version: number; migrated: string[] }) => void;
  /** after each table */
  onTable?: (t: TableResult) => void;
  /** after each chunk, with the rows of the table copied so far */
  onRows?: (table: string, rows: number) => void;
}

const DEFAULT_CHUNK = 5000;

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const ms = (since: number): number => Math.round(performance.now() - since);
const copied = (p: TablePlan): p is Exclude<TablePlan, { action: 'skip' }> => p.action !== 'skip';

/**
 * Opens an SQLite database read-only for the copy: the copy can never change it, and a path that
 * does not exist is refused instead of becoming a new, empty database.
 */
export function openCopySource(file: string): Sqlite.Database {
  if (!existsSync(file)) throw new CopyRefusedError(`The SQLite database ${file} does not exist.`);
  if (!statSync(file).isFile()) throw new CopyRefusedError(`${file} is not a file.`);
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('user_version', { simple: true });
    return db;
  } catch (err) {
    db.close();
    throw new CopyRefusedError(`${file} cannot be read as an SQLite database: ${(err as Error).message}.`);
  }
}

/**
 * Copies every table of COPY_PLAN from `source` (opened with openCopySource) into `target`, which
 * is first migrated to the source's version, all in one PostgreSQL transaction: on any failure
 * (including a failed verification) the target keeps no row of the source. Refuses (CopyRefusedError,
 * nothing written) a source not at the latest migration, a target that already holds data, and a
 * table the plan does not know. Ids are kept; identity sequences then continue after the highest.
 * The source is read in one read transaction: a consistent snapshot, also if the app writes meanwhile
 * (those writes are not copied: the app must be stopped).
 */
export async function copySqliteToPostgres(source: Sqlite.Database, target: PostgresDatabase, opts: CopyOptions = {}): Promise<CopyResult> {
  const started = performance.now();
  const chunk = opts.chunkRows ?? DEFAULT_CHUNK;
  if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`chunkRows must be a positive integer, got ${chunk}`);
  source.exec('BEGIN'); // a read snapshot: every chunk and count below sees the same data
  try {
    const version = checkSourceVersion(source);
    const sourceTables = listSourceTables(source);
    checkKnown('source', sourceTables);
    // Before migrating: a database of another application, or an installation in use, stays as it is.
    const before = await listTargetColumns(target);
    checkKnown('target', [...before.keys()]);
    await refuseNonEmpty(target, COPY_PLAN.filter(copied).filter((p) => before.has(p.table)));
    const migrated = await migratePg(target.pool);
    const targetVersion = await pgSchemaVersion(target.pool);
    if (targetVersion !== version) {
      throw new CopyRefusedError(
        `The PostgreSQL database is at migration ${targetVersion} after migrating, the SQLite database at ${version}: ` +
          'they must be the same version of Mutu.',
      );
    }
    const targetColumns = await listTargetColumns(target);
    checkKnown('target', [...targetColumns.keys()]);
    const plans = COPY_PLAN.filter(copied);
    for (const p of plans) checkColumns(p.table, sourceColumns(source, p.table), targetColumns.get(p.table));
    opts.onStart?.({ version, migrated });

    return await target.transaction(async (tx) => {
      // Other writers wait until the copy commits or rolls back; a second copy then finds the data.
      await tx.run(`LOCK TABLE ${plans.map((p) => q(p.table)).join(', ')} IN EXCLUSIVE MODE`);
      await refuseNonEmpty(tx, plans); // again, under the lock: a copy that ran meanwhile has committed
      for (const p of [...plans].reverse()) if (p.action === 'replace') await tx.run(`DELETE FROM ${q(p.table)}`);

      const tables: TableResult[] = [];
      for (const p of COPY_PLAN) {
        const t0 = performance.now();
        let result: TableResult;
        if (p.action === 'skip') {
          const rows = sourceTables.includes(p.table) ? countSource(source, p.table) : null;
          result = { table: p.table, action: p.action, rows, ms: 0, why: p.why };
        } else {
          const columns = targetColumns.get(p.table) as Map<string, string>;
          const rows = await copyTable(source, tx, p, columns, chunk, opts.onRows);
          result = { table: p.table, action: p.action, rows, ms: ms(t0), ...(p.action === 'replace' ? { why: p.why } : {}) };
        }
        tables.push(result);
        opts.onTable?.(result);
      }
      await resetSequences(tx, plans);
      const counted = await verifyCounts(source, tx, tables);
      const totals = await verifyTotals(tx);
      return { version, migrated, tables, verified: { ...counted, totals }, ms: ms(started) };
    });
  } finally {
    if (source.inTransaction) source.exec('ROLLBACK');
  }
}

function checkSourceVersion(source: Sqlite.Database): number {
  const version = source.pragma('user_version', { simple: true }) as number;
  const latest = listMigrations().at(-1)?.version ?? 0;
  if (version === 0) throw new CopyRefusedError('The SQLite database holds no Mutu schema (migration 0): is this the right file?');
  if (version < latest) {
    throw new CopyRefusedError(
      `The SQLite database is at migration ${version}, this version of Mutu at ${latest}. ` +
        'Start the app once on it (DATABASE_PATH pointing at it, no DATABASE_URL) so that it upgrades, stop the app, then copy again.',
    );
  }
  if (version > latest) {
    throw new CopyRefusedError(`The SQLite database is at migration ${version}, newer than this version of Mutu (${latest}): copy it with the newer version.`);
  }
  return version;
}

/** Tables of the SQLite schema, without SQLite's own (sqlite_sequence, sqlite_stat1, ...). */
function listSourceTables(source: Sqlite.Database): string[] {
  const rows = source.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all();
  return (rows as Array<{ name: string }>).map((r) => r.name);
}

/** Columns of each table of the target's schema (the first of its search_path), with their types. */
async function listTargetColumns(target: Queryable): Promise<Map<string, Map<string, string>>> {
  const rows = await target.all<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) {
    let cols = out.get(r.table_name);
    if (!cols) out.set(r.table_name, (cols = new Map<string, string>()));
    cols.set(r.column_name, r.data_type);
  }
  return out;
}

function checkKnown(side: 'source' | 'target', tables: readonly string[]): void {
  const known = new Set(COPY_PLAN.map((p) => p.table));
  const unknown = tables.filter((t) => !known.has(t));
  if (!unknown.length) return;
  const which = `${unknown.length === 1 ? 'a table' : 'tables'} that db:copy does not know: ${unknown.join(', ')}.`;
  const plan = 'COPY_PLAN in server/data/copy.ts must copy or skip each table of the schema on purpose.';
  throw new CopyRefusedError(
    side === 'source'
      ? `The SQLite database has ${which} ${plan}`
      : `The PostgreSQL database has ${which} Mutu needs a database (or schema) of its own; if they are Mutu's, ${plan}`,
  );
}

function sourceColumns(source: Sqlite.Database, table: string): string[] {
  return (source.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(table) as Array<{ name: string }>).map((r) => r.name);
}

function checkColumns(table: string, src: string[], dst: Map<string, string> | undefined): void {
  if (!src.length) throw new CopyRefusedError(`The SQLite database has no table ${table}.`);
  if (!dst) throw new CopyRefusedError(`The PostgreSQL database has no table ${table} after migrating.`);
  const missing = src.filter((c) => !dst.has(c));
  const extra = [...dst.keys()].filter((c) => !src.includes(c));
  if (missing.length || extra.length) {
    throw new CopyRefusedError(
      `Table ${table} differs between the engines: ${[
        ...(missing.length ? [`only in SQLite: ${missing.join(', ')}`] : []),
        ...(extra.length ? [`only in PostgreSQL: ${extra.join(', ')}`] : []),
      ].join('; ')}.`,
    );
  }
}

async function refuseNonEmpty(tx: Queryable, plans: ReadonlyArray<Exclude<TablePlan, { action: 'skip' }>>): Promise<void> {
  const held: string[] = [];
  const cap = 1000; // counting every row of a large installation only to refuse it would take long
  for (const p of plans) {
    if (p.action === 'replace') continue;
    const n = Number(await tx.value(`SELECT count(*) FROM (SELECT 1 FROM ${q(p.table)} LIMIT ${cap}) x`));
    if (n > 0) held.push(`${p.table}: ${n < cap ? n : `${cap}+`}`);
  }
  if (held.length) {
    throw new CopyRefusedError(
      `The PostgreSQL database already holds data (${held.join(', ')} rows). db:copy fills only an empty database, ` +
        'so that two installations are never mixed: nothing was changed. Copy into a new database (or schema).',
    );
  }
}

function countSource(source: Sqlite.Database, table: string): number {
  return Number(source.prepare(`SELECT count(*) FROM ${q(table)}`).pluck().get());
}

/** A row as read for the copy: its key's values first (rowid, or the primary key), then the columns asked for. */
type SourceRow = unknown[];
interface Chunks {
  /** how many key values open each row */
  keys: number;
  chunks: Generator<SourceRow[]>;
}

/**
 * Reads a table in key order, `chunk` rows at a time: by rowid, or for a WITHOUT ROWID table by its
 * primary key (row values compare column by column). Rows come as arrays (less to allocate than
 * objects) and integers as bigint, so none loses digits.
 */
function readChunks(source: Sqlite.Database, table: string, columns: readonly string[], chunk: number): Chunks {
  const withoutRowid = (source.prepare('SELECT wr FROM pragma_table_list WHERE schema = ? AND name = ?').pluck().get('main', table) as number) === 1;
  const keys = withoutRowid ? (source.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').pluck().all(table) as string[]).map(q) : ['rowid'];
  const tuple = (xs: readonly string[]) => (xs.length === 1 ? (xs[0] as string) : `(${xs.join(', ')})`);
  const select = `SELECT ${[...keys, ...columns.map(q)].join(', ')} FROM ${q(table)}`;
  const order = `ORDER BY ${keys.join(', ')} LIMIT ?`;
  const first = source.prepare(`${select} ${order}`).raw(true).safeIntegers(true);
  const next = source.prepare(`${select} WHERE ${tuple(keys)} > ${tuple(keys.map(() => '?'))} ${order}`).raw(true).safeIntegers(true);
  function* chunks(): Generator<SourceRow[]> {
    let rows = first.all(chunk) as SourceRow[];
    while (rows.length) {
      yield rows;
      if (rows.length < chunk) return;
      const last = rows[rows.length - 1] as SourceRow;
      rows = next.all(...last.slice(0, keys.length), chunk) as SourceRow[];
    }
  }
  return { keys: keys.length, chunks: chunks() };
}

/** JSON text of one SQLite value for a PostgreSQL column of `type`; throws when it cannot go there as it is. */
type Encode = (v: unknown) => string;

const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint']);
const FLOAT_TYPES = new Set(['double precision', 'real', 'numeric']);

function textOf(v: string): string {
  // PostgreSQL text cannot hold NUL; SQLite's can
  if (v.includes('\u0000')) throw new Error('holds a NUL character, which PostgreSQL text cannot store');
  return JSON.stringify(v);
}

/**
 * How a value is carried to a column of the target's type. The two schemas mostly agree (flags are
 * 0/1 INTEGER, times and JSON are TEXT on both), so most values pass as they are; a target column
 * declared boolean, json(b), bytea or a timestamp type takes the SQLite form it would have held.
 */
function encoderFor(type: string): Encode {
  const fail = (v: unknown): never => {
    const kind = Buffer.isBuffer(v) ? 'a BLOB' : typeof v === 'bigint' ? 'an integer' : typeof v === 'number' ? 'a real number' : `a ${typeof v}`;
    throw new Error(`holds ${kind}, which a PostgreSQL ${type} column cannot take as it is`);
  };
  const integer = (v: unknown): string => {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number' && Number.isInteger(v)) return String(v);
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return v;
    return fail(v);
  };
  const float = (v: unknown): string => {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : JSON.stringify(String(v)); // 'Infinity' for float8
    return fail(v);
  };
  const encode = ((): Encode => {
    if (INTEGER_TYPES.has(type)) return integer;
    if (FLOAT_TYPES.has(type)) return float;
    if (type === 'boolean') return (v) => (v === 0n || v === 0 ? 'false' : v === 1n || v === 1 ? 'true' : fail(v));
    if (type === 'json' || type === 'jsonb') {
      return (v) => {
        if (typeof v !== 'string') return fail(v);
        JSON.parse(v); // throws on text that is not JSON
        return v;
      };
    }
    if (type === 'bytea') return (v) => (Buffer.isBuffer(v) ? JSON.stringify(`\\x${v.toString('hex')}`) : typeof v === 'string' ? textOf(v) : fail(v));
    // text, varchar, timestamps, dates: SQLite keeps them as text
    return (v) => (typeof v === 'string' ? textOf(v) : typeof v === 'bigint' || typeof v === 'number' ? float(v) : fail(v));
  })();
  return (v) => (v === null || v === undefined ? 'null' : encode(v));
}

/**
 * Rows as a JSON array of objects, for json_populate_recordset (one parameter, whatever the row
 * count). The columns' values start at index `from` of each row; `nulled` columns are left out (NULL).
 */
function toJson(table: string, rows: readonly SourceRow[], from: number, columns: readonly string[], encoders: readonly Encode[], nulled: ReadonlySet<string>): string {
  const keys = columns.map((c) => JSON.stringify(c));
  const parts: string[] = [];
  for (const row of rows) {
    const fields: string[] = [];
    for (let i = 0; i < columns.length; i++) {
      if (nulled.has(columns[i] as string)) continue;
      let value: string;
      try {
        value = (encoders[i] as Encode)(row[from + i]);
      } catch (err) {
        const key = row.slice(0, from).map(String).join(', ');
        throw new Error(`${table}.${columns[i]} of the row with key (${key}) ${(err as Error).message}`, { cause: err });
      }
      fields.push(`${keys[i] as string}:${value}`);
    }
    parts.push(`{${fields.join(',')}}`);
  }
  return `[${parts.join(',')}]`;
}

/**
 * Runs `send` on each chunk's JSON, building the next chunk's while PostgreSQL takes the current
 * one (the reads and the JSON are synchronous: they overlap with the server's work, not each other's).
 */
async function pipeline(chunks: Iterable<SourceRow[]>, encode: (rows: SourceRow[]) => string | null, send: (json: string, rows: number) => Promise<void>): Promise<void> {
  let inFlight: Promise<void> | undefined;
  try {
    for (const rows of chunks) {
      const json = encode(rows);
      if (inFlight) await inFlight;
      inFlight = json === null ? undefined : send(json, rows.length);
    }
    if (inFlight) await inFlight;
  } finally {
    // a failed build must not leave a rejection unobserved; its own error is the one thrown
    await inFlight?.catch(() => undefined);
  }
}

async function copyTable(
  source: Sqlite.Database,
  tx: Queryable,
  p: Exclude<TablePlan, { action: 'skip' }>,
  types: Map<string, string>,
  chunk: number,
  onRows: CopyOptions['onRows'],
): Promise<number> {
  const columns = sourceColumns(source, p.table);
  const encoders = columns.map((c) => encoderFor(types.get(c) as string));
  const later = new Set(p.action === 'copy' ? (p.later ?? []) : []);
  const list = columns.map(q).join(', ');
  // Ids are kept as they are: OVERRIDING SYSTEM VALUE lets them into GENERATED ALWAYS identity
  // columns too (a no-op for BY DEFAULT ones and for tables without identity).
  const insert = `INSERT INTO ${q(p.table)} (${list}) OVERRIDING SYSTEM VALUE
    SELECT ${list} FROM json_populate_recordset(NULL::${q(p.table)}, ?::json)`;
  const read = readChunks(source, p.table, columns, chunk);
  let rows = 0;
  await pipeline(
    read.chunks,
    (batch) => toJson(p.table, batch, read.keys, columns, encoders, later),
    async (json, n) => {
      const { changes } = await tx.run(insert, [json]);
      if (changes !== n) throw new Error(`${p.table}: ${changes} rows inserted of ${n}`);
      rows += n;
      onRows?.(p.table, rows);
    },
  );
  if (later.size) await fillLater(source, tx, p.table, [...later], types, chunk);
  return rows;
}

/** Sets the self-referencing columns of a copied table, by primary key, once every row is in. */
async function fillLater(source: Sqlite.Database, tx: Queryable, table: string, later: string[], types: Map<string, string>, chunk: number): Promise<void> {
  const pk = source.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').pluck().all(table) as string[];
  if (!pk.length) throw new Error(`${table} has no primary key: its columns ${later.join(', ')} cannot be set after the copy`);
  const columns = [...pk, ...later];
  const encoders = columns.map((c) => encoderFor(types.get(c) as string));
  const update = `UPDATE ${q(table)} AS d SET ${later.map((c) => `${q(c)} = v.${q(c)}`).join(', ')}
    FROM json_populate_recordset(NULL::${q(table)}, ?::json) AS v WHERE ${pk.map((c) => `d.${q(c)} = v.${q(c)}`).join(' AND ')}`;
  const read = readChunks(source, table, columns, chunk);
  const set = (row: SourceRow) => row.slice(read.keys + pk.length).some((v) => v !== null);
  await pipeline(
    read.chunks,
    (batch) => (batch.some(set) ? toJson(table, batch.filter(set), read.keys, columns, encoders, new Set()) : null),
    async (json) => {
      await tx.run(update, [json]);
    },
  );
}

/** Each identity (or serial) column's sequence continues after the highest id copied. */
async function resetSequences(tx: Queryable, plans: ReadonlyArray<Exclude<TablePlan, { action: 'skip' }>>): Promise<void> {
  const rows = await tx.all<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`,
  );
  const tables = new Set(plans.map((p) => p.table));
  for (const r of rows) {
    if (!tables.has(r.table_name)) continue;
    await tx.value(`SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX(${q(r.column_name)}), 0) + 1, false) FROM ${q(r.table_name)}`, [
      q(r.table_name),
      r.column_name,
    ]);
  }
}

async function verifyCounts(source: Sqlite.Database, tx: Queryable, tables: readonly TableResult[]): Promise<{ tables: number; rows: number }> {
  const wrong: string[] = [];
  let total = 0;
  let n = 0;
  for (const t of tables) {
    if (t.action === 'skip') continue;
    const want = countSource(source, t.table);
    const got = Number(await tx.value(`SELECT count(*) FROM ${q(t.table)}`));
    if (got !== want || t.rows !== want) wrong.push(`${t.table}: ${got} rows in PostgreSQL, ${want} in SQLite`);
    total += want;
    n++;
  }
  if (wrong.length) throw new CopyVerificationError(`Row counts differ after the copy: ${wrong.join('; ')}.`);
  return { tables: n, rows: total };
}

/**
 * The copied running totals equal a recomputation from the copied responses, row by row
 * (server/data/totals-check.ts, as `npm run check` compares them). Then the app's own read path
 * over the whole span (totals by month and day) agrees with a scan of the responses, service by service.
 */
async function verifyTotals(tx: Queryable): Promise<TotalsCheck> {
  const rows = {} as TotalsCheck['rows'];
  const problems: string[] = [];
  for (const t of await compareTotals(tx)) {
    const keys = t.examples.map((d) => `(${Object.values(d.key).join(' ')})`).join(', ');
    if (t.wrong) problems.push(`${t.table} differs at ${keys}${t.wrong > t.examples.length ? ` and ${t.wrong - t.examples.length} more rows` : ''}`);
    rows[t.table] = t.rows;
  }
  if (problems.length) throw new CopyVerificationError(`The copied running totals differ from a recomputation from the copied responses: ${problems.join('; ')}.`);

  const responses = Number(await tx.value('SELECT count(*) FROM responses'));
  const bounds = await tx.get<{ first: string | null; last: string | null }>(
    'SELECT MIN(d) AS first, MAX(d) AS last FROM (SELECT local_date AS d FROM responses UNION ALL SELECT day FROM totals_day) x',
  );
  if (!bounds?.first || !bounds.last) return { responses, rows, span: null, services: 0 };
  const span = { from: bounds.first, to: bounds.last };
  const query = { serviceIds: null, ...span };
  const [read, raw] = [await readTotalsByService(tx, query), await rawTotalsByService(tx, query)];
  for (const id of new Set([...read.keys(), ...raw.keys()])) {
    const diff = totalsDiffer(read.get(id), raw.get(id));
    if (diff) problems.push(`service ${id}: ${diff}`);
  }
  if (problems.length) {
    throw new CopyVerificationError(`The totals the app reads for ${span.from}..${span.to} differ from the copied responses: ${problems.slice(0, 5).join('; ')}.`);
  }
  return { responses, rows, span, services: raw.size };
}

/** What differs between two totals (undefined: they agree), integers exactly, sums of means within TOLERANCE. */
function totalsDiffer(a: Totals | undefined, b: Totals | undefined): string | undefined {
  const flat = (t: Totals | undefined): Array<[string, number, boolean]> => [
    ['n', t?.n ?? 0, false],
    ['mean_sum', t?.meanSum ?? 0, true],
    ['mean_sq', t?.meanSumSq ?? 0, true],
    ...ELEMENT_CODES.flatMap((c) => {
      const e = t?.elements[c];
      return (['n', 'sum', 'sumSq', 'c4', 'c12'] as const).map((k): [string, number, boolean] => [`${c}.${k}`, e?.[k] ?? 0, false]);
    }),
  ];
  const [fa, fb] = [flat(a), flat(b)];
  for (let i = 0; i < fa.length; i++) {
    const [name, x, fractional] = fa[i] as [string, number, boolean];
    const y = (fb[i] as [string, number, boolean])[1];
    if (fractional ? Math.abs(x - y) > TOLERANCE * Math.max(1, Math.abs(y)) : x !== y) return `${name} ${x} read, ${y} from responses`;
  }
  return undefined;
}
