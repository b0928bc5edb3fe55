import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate, openDb, type Db } from '../../server/db.js';
import { migratePg, pgSchemaVersion, PG_MIGRATIONS_DIR } from '../../server/data/engine/migrate-pg.js';
import { pgSchema } from '../helpers/pg.js';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function fresh() {
  const s = await pgSchema();
  cleanups.push(s.drop);
  return s;
}

async function migrated() {
  const s = await fresh();
  await migratePg(s.pool);
  return s;
}

const pgNames = () => listMigrations(PG_MIGRATIONS_DIR).map((m) => m.name);

describe('PostgreSQL migrations', () => {
  it('has one PostgreSQL migration for each SQLite one, with the same number and name', () => {
    expect(pgNames()).toEqual(listMigrations().map((m) => m.name));
  });

  it('migrates a fresh schema to the latest version, then finds nothing to do', async () => {
    const { pool } = await fresh();
    expect(await pgSchemaVersion(pool)).toBe(0);
    expect(await migratePg(pool)).toEqual(pgNames());
    expect(await pgSchemaVersion(pool)).toBe(listMigrations(PG_MIGRATIONS_DIR).at(-1)!.version);
    expect(await migratePg(pool)).toEqual([]);
    const rows = (await pool.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')).rows;
    expect(rows.map((r) => r.name)).toEqual(pgNames());
    for (const r of rows) expect(r.applied_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('applies each version exactly once when two processes migrate at the same time', async () => {
    const s = await fresh();
    const a = new pg.Pool({ connectionString: s.url, max: 2 });
    const b = new pg.Pool({ connectionString: s.url, max: 2 });
    cleanups.push(async () => {
      await a.end();
      await b.end();
    });
    const [ra, rb] = await Promise.all([migratePg(a), migratePg(b)]);
    // One waited on the advisory lock while the other migrated, then found nothing to do.
    expect([ra.length, rb.length].sort()).toEqual([0, pgNames().length]);
    expect([...ra, ...rb]).toEqual(pgNames());
    const versions = (await s.pool.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
    expect(versions).toEqual(listMigrations(PG_MIGRATIONS_DIR).map((m) => m.version));
  });

  it('rolls a failing migration back whole and keeps the ones before it', async () => {
    const { pool } = await migrated();
    const version = await pgSchemaVersion(pool);
    const dir = mkdtempSync(join(tmpdir(), 'mutu-pg-bad-'));
    try {
      writeFileSync(join(dir, '999-bad.sql'), 'CREATE TABLE half_done (x integer); INSERT INTO nowhere VALUES (1);');
      await expect(migratePg(pool, dir)).rejects.toThrow(/999-bad\.sql/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await pgSchemaVersion(pool)).toBe(version);
    expect((await pool.query("SELECT to_regclass('half_done') AS t")).rows[0].t).toBeNull();
    // The lock was released: migrating again works at once.
    expect(await migratePg(pool)).toEqual([]);
  });
});

describe('PostgreSQL constraints guard the data as SQLite does', () => {
  async function seeded() {
    const s = await migrated();
    const q = (sql: string, params: unknown[] = []) => s.pool.query(sql, params);
    const agency = (await q("INSERT INTO agencies (code, name_id, name_en) VALUES ('kab', 'Kab', 'Kab') RETURNING id")).rows[0].id;
    const unit = (await q("INSERT INTO units (agency_id, code, name_id, name_en) VALUES ($1, 'root', 'Root', 'Root') RETURNING id", [agency])).rows[0].id;
    const svc = async (code: string) =>
      (await q("INSERT INTO services (unit_id, code, name_id, name_en) VALUES ($1, $2, 'S', 'S') RETURNING id", [unit, code])).rows[0].id as number;
    return { ...s, q, agency, unit, a: await svc('svc-a'), b: await svc('svc-b') };
  }

  const response = (cols: string) =>
    `INSERT INTO responses (service_id, submitted_at, local_date, channel, lang, ${cols})
     VALUES ($1, '2026-01-01T00:00:00.000Z', '2026-01-01', 'link', 'id', $2)`;

  it('answers are 1-4, and a response has at least one', async () => {
    const { q, a } = await seeded();
    await expect(q(response('e_waktu'), [a, 5])).rejects.toMatchObject({ code: '23514' });
    await expect(q(response('e_waktu'), [a, 0])).rejects.toMatchObject({ code: '23514' });
    await expect(q(response('e_sarana'), [a, 5])).rejects.toMatchObject({ code: '23514' });
    await expect(q(response('e_waktu'), [a, null])).rejects.toMatchObject({ code: '23514' });
    await q(response('e_waktu'), [a, 4]);
    await q(response('e_persyaratan'), [a, 1]);
    expect((await q('SELECT count(*)::int AS n FROM responses')).rows[0].n).toBe(2);
  });

  it('the audit log is append-only and its details are JSON', async () => {
    const { q } = await seeded();
    const row = await q("INSERT INTO audit_log (action, entity_kind, details) VALUES ('create', 'unit', '{\"after\": {}}') RETURNING id, at");
    expect(row.rows[0].at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await expect(q("UPDATE audit_log SET action = 'changed'")).rejects.toThrow(/append-only/);
    await expect(q('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(q('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    await expect(q("INSERT INTO audit_log (action, entity_kind, details) VALUES ('x', 'unit', 'not json')")).rejects.toMatchObject({
      code: '23514',
    });
    await expect(q("INSERT INTO audit_log (action, entity_kind) VALUES ('', 'unit')")).rejects.toMatchObject({ code: '23514' });
    expect((await q('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(1);
  });

  it('an idempotency key is unique per service, not across services', async () => {
    const { q, a, b } = await seeded();
    const keyed = `INSERT INTO responses (service_id, submitted_at, local_date, channel, lang, e_waktu, idem_key)
                   VALUES ($1, '2026-01-01T00:00:00.000Z', '2026-01-01', 'link', 'id', 3, $2)`;
    await q(keyed, [a, 'k1']);
    await expect(q(keyed, [a, 'k1'])).rejects.toMatchObject({ code: '23505' });
    await q(keyed, [b, 'k1']);
    await q(keyed, [a, null]);
    await q(keyed, [a, null]);
    expect((await q('SELECT count(*)::int AS n FROM responses')).rows[0].n).toBe(4);
  });

  it('foreign keys, unique codes and code formats hold', async () => {
    const { q, a, unit } = await seeded();
    await expect(q(response('e_waktu'), [a + 1000, 3])).rejects.toMatchObject({ code: '23503' });
    await expect(q("INSERT INTO services (unit_id, code, name_id, name_en) VALUES ($1, 'svc-a', 'S', 'S')", [unit])).rejects.toMatchObject({
      code: '23505',
    });
    for (const bad of ['Svc', '-svc', 'svc_x', '', 'a'.repeat(41)])
      await expect(q("INSERT INTO services (unit_id, code, name_id, name_en) VALUES ($1, $2, 'S', 'S')", [unit, bad])).rejects.toMatchObject({
        code: '23514',
      });
    await q("INSERT INTO services (unit_id, code, name_id, name_en) VALUES ($1, $2, 'S', 'S')", [unit, `9${'a'.repeat(39)}`]);
    await expect(
      q("INSERT INTO users (email, name, password_hash, role, unit_id) VALUES ('Admin@x.id', 'A', '$argon2id$v=19$x', 'admin', $1)", [unit]),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(
      q("INSERT INTO target_profiles (unit_id, service_id, dimension, grp, share) VALUES ($1, $2, 'gender', 'P', 0.5)", [unit, a]),
    ).rejects.toMatchObject({ code: '23514' });
    await q("INSERT INTO target_profiles (unit_id, dimension, grp, share) VALUES ($1, 'gender', 'P', 0.5)", [unit]);
    await expect(q("INSERT INTO target_profiles (unit_id, dimension, grp, share) VALUES ($1, 'gender', 'P', 0.4)", [unit])).rejects.toMatchObject({
      code: '23505',
    });
  });

  it('sessions keep Unix-millisecond times', async () => {
    const { q } = await seeded();
    const now = Date.now();
    await q('INSERT INTO sessions (id_hash, csrf_token, created_at, last_seen_at, expires_at, absolute_expires_at) VALUES ($1, $2, $3, $3, $3, $3)', [
      'h',
      't',
      now,
    ]);
    expect(Number((await q('SELECT expires_at FROM sessions')).rows[0].expires_at)).toBe(now);
  });
});

// ---- The two engines have the same schema ----

const BOOKKEEPING = new Set(['schema_migrations']);

interface Shape {
  tables: string[];
  columns: Record<string, string[]>; // "name type-class null|not null"
  uniques: Record<string, string[]>; // unique column lists (keys, UNIQUE, plain unique indexes)
  foreignKeys: string[];
  uniqueIndexes: string[]; // unique indexes created by name (CREATE UNIQUE INDEX)
  namedIndexes: string[];
}

function typeClass(type: string): string {
  const t = type.toLowerCase();
  if (t === 'integer' || t === 'bigint') return 'int';
  if (t === 'real' || t === 'double precision') return 'real';
  if (t === 'text') return 'text';
  return t;
}

function sqliteShape(db: Db): Shape {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").pluck().all() as string[])
    .filter((t) => !BOOKKEEPING.has(t))
    .sort();
  const shape: Shape = { tables, columns: {}, uniques: {}, foreignKeys: [], uniqueIndexes: [], namedIndexes: [] };
  for (const t of tables) {
    const cols = db.prepare(`SELECT name, type, "notnull", pk FROM pragma_table_info(?)`).all(t) as Array<{
      name: string;
      type: string;
      notnull: number;
      pk: number;
    }>;
    shape.columns[t] = cols.map((c) => `${c.name} ${typeClass(c.type)} ${c.notnull || c.pk ? 'not null' : 'null'}`).sort();
    const uniques = new Set<string>();
    const pk = cols.filter((c) => c.pk > 0).sort((x, y) => x.pk - y.pk);
    if (pk.length) uniques.add(pk.map((c) => c.name).join(','));
    for (const ix of db.prepare('SELECT name, "unique", partial FROM pragma_index_list(?)').all(t) as Array<{
      name: string;
      unique: number;
      partial: number;
    }>) {
      if (!ix.unique || ix.partial) continue;
      const info = db.prepare('SELECT cid, name FROM pragma_index_info(?) ORDER BY seqno').all(ix.name) as Array<{ cid: number; name: string | null }>;
      if (info.some((i) => i.cid < 0)) continue; // an expression index
      uniques.add(info.map((i) => i.name).join(','));
    }
    // Retired in 008: SQLite cannot drop this column's UNIQUE; PostgreSQL does (see pg/008).
    if (t === 'responses') uniques.delete('idempotency_key');
    shape.uniques[t] = [...uniques].sort();
    const fks = db.prepare('SELECT id, "table", "from", "to", on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq').all(t) as Array<{
      id: number;
      table: string;
      from: string;
      to: string;
      on_delete: string;
    }>;
    const byId = new Map<number, typeof fks>();
    for (const f of fks) byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
    for (const parts of byId.values())
      shape.foreignKeys.push(
        `${t}(${parts.map((p) => p.from).join(',')}) -> ${parts[0]!.table}(${parts.map((p) => p.to).join(',')}) ON DELETE ${parts[0]!.on_delete}`,
      );
  }
  const named = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as Array<{ name: string; sql: string }>;
  shape.namedIndexes = named.map((i) => i.name).sort();
  shape.uniqueIndexes = named
    .filter((i) => /^CREATE\s+UNIQUE/i.test(i.sql))
    .map((i) => i.name)
    .sort();
  shape.foreignKeys.sort();
  return shape;
}

async function pgShape(pool: pg.Pool, schema: string): Promise<Shape> {
  const q = async <T extends pg.QueryResultRow>(sql: string) => (await pool.query<T>(sql, [schema])).rows;
  const tables = (await q<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'"))
    .map((r) => r.t)
    .filter((t) => !BOOKKEEPING.has(t))
    .sort();
  const shape: Shape = { tables, columns: {}, uniques: {}, foreignKeys: [], uniqueIndexes: [], namedIndexes: [] };
  const cols = await q<{ t: string; c: string; type: string; nullable: string }>(
    'SELECT table_name AS t, column_name AS c, data_type AS type, is_nullable AS nullable FROM information_schema.columns WHERE table_schema = $1',
  );
  for (const t of tables)
    shape.columns[t] = cols
      .filter((c) => c.t === t)
      .map((c) => `${c.c} ${typeClass(c.type)} ${c.nullable === 'NO' ? 'not null' : 'null'}`)
      .sort();
  const indexes = await q<{ t: string; ix: string; is_unique: boolean; partial: boolean; expr: boolean; constraint: boolean; cols: string[] }>(`
    SELECT c.relname AS t, x.relname AS ix, i.indisunique AS is_unique, i.indpred IS NOT NULL AS partial,
           i.indexprs IS NOT NULL AS expr,
           EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x')) AS "constraint",
           array(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(n, o)
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.n ORDER BY u.o) AS cols
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1`);
  for (const t of tables)
    shape.uniques[t] = [...new Set(indexes.filter((i) => i.t === t && i.is_unique && !i.partial && !i.expr).map((i) => i.cols.join(',')))].sort();
  const named = indexes.filter((i) => !i.constraint && tables.includes(i.t));
  shape.namedIndexes = named.map((i) => i.ix).sort();
  shape.uniqueIndexes = named
    .filter((i) => i.is_unique)
    .map((i) => i.ix)
    .sort();
  const deletes: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
  const fks = await q<{ t: string; ref: string; del: string; cols: string[]; refcols: string[] }>(`
    SELECT c.relname AS t, r.relname AS ref, k.confdeltype AS del,
           array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o) AS cols,
           array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                 JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o) AS refcols
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = k.connamespace WHERE k.contype = 'f' AND n.nspname = $1`);
  shape.foreignKeys = fks.map((f) => `${f.t}(${f.cols.join(',')}) -> ${f.ref}(${f.refcols.join(',')}) ON DELETE ${deletes[f.del]}`).sort();
  return shape;
}

describe('the two engines have the same schema', () => {
  let both: Promise<{ lite: Shape; pgs: Shape; db: Db; pool: pg.Pool }> | undefined;
  const shapes = () =>
    (both ??= (async () => {
      const db = openDb(':memory:');
      migrate(db);
      const { pool, schema } = await migrated();
      return { lite: sqliteShape(db), pgs: await pgShape(pool, schema), db, pool };
    })());

  it('the same tables', async () => {
    const { lite, pgs } = await shapes();
    expect(lite.tables.length).toBeGreaterThan(15);
    expect(pgs.tables).toEqual(lite.tables);
  });

  it('the same columns in every table, of the same kind and nullability', async () => {
    const { lite, pgs } = await shapes();
    for (const t of lite.tables) expect({ t, columns: pgs.columns[t] }).toEqual({ t, columns: lite.columns[t] });
  });

  it('the same keys and unique columns, and the same foreign keys', async () => {
    const { lite, pgs } = await shapes();
    for (const t of lite.tables) expect({ t, uniques: pgs.uniques[t] }).toEqual({ t, uniques: lite.uniques[t] });
    expect(lite.foreignKeys.length).toBeGreaterThan(10);
    expect(pgs.foreignKeys).toEqual(lite.foreignKeys);
  });

  it('the same unique indexes by name, and every SQLite index exists on PostgreSQL', async () => {
    const { lite, pgs } = await shapes();
    expect(lite.uniqueIndexes).toEqual(expect.arrayContaining(['responses_service_idem']));
    expect(pgs.uniqueIndexes).toEqual(lite.uniqueIndexes);
    expect(pgs.namedIndexes).toEqual(expect.arrayContaining(lite.namedIndexes));
  });

  it('the same seed rows', async () => {
    const { db, pool } = await shapes();
    for (const table of ['elements', 'element_texts', 'settings']) {
      const sort = (rows: Array<Record<string, unknown>>) => rows.map((r) => JSON.stringify(r)).sort();
      const lite = db.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>;
      const pgRows = (await pool.query(`SELECT * FROM ${table}`)).rows as Array<Record<string, unknown>>;
      expect({ table, rows: sort(pgRows) }).toEqual({ table, rows: sort(lite) });
    }
  });
});
