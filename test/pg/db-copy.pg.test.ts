import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../server/cli/db-copy.js';
import {
  COPY_PLAN,
  copySqliteToPostgres,
  CopyRefusedError,
  CopyVerificationError,
  openCopySource,
  type CopyResult,
  type TableResult,
} from '../../server/data/copy.js';
import { recordAudit } from '../../server/data/audit.js';
import { PostgresDatabase, type Queryable } from '../../server/data/engine/index.js';
import { migratePg, PG_MIGRATIONS_DIR, pgSchemaVersion } from '../../server/data/engine/migrate-pg.js';
import { submitResponse } from '../../server/data/responses.js';
import { rawTotalsByService, readTotalsByService } from '../../server/data/totals.js';
import { createUnit } from '../../server/data/units.js';
import { listMigrations, migrate, openDb } from '../../server/db.js';
import { ROOT } from '../../server/paths.js';
import { buildCopySource } from '../helpers/copy-source.js';
import { pgSchema } from '../helpers/pg.js';

const RESPONSES = 700;
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

let dir: string;
let sourceFile: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mutu-db-copy-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  sourceFile = join(dir, 'mutu.db');
  await buildCopySource(sourceFile, { responses: RESPONSES });
}, 120_000);

/** A fresh, empty (unmigrated) PostgreSQL schema behind the app's adapter; `url` lands in it too. */
async function target(): Promise<{ db: PostgresDatabase; url: string; schema: string }> {
  const s = await pgSchema();
  cleanups.push(s.drop);
  const db = PostgresDatabase.connect(s.url, { max: 3 });
  cleanups.push(() => db.close());
  return { db, url: s.url, schema: s.schema };
}

/** Copies the shared source into `db`, with the source opened and closed around it. */
async function copyInto(db: PostgresDatabase, opts: Parameters<typeof copySqliteToPostgres>[2] = {}): Promise<CopyResult> {
  const source = openCopySource(sourceFile);
  try {
    return await copySqliteToPostgres(source, db, opts);
  } finally {
    source.close();
  }
}

const copiedTables = COPY_PLAN.filter((p) => p.action !== 'skip').map((p) => p.table);
/** A folder with the PostgreSQL migrations up to `version` only (an installation of an older Mutu). */
function migrationsUpTo(version: number): string {
  const older = join(dir, `pg-migrations-${version}`);
  if (!existsSync(older)) {
    mkdirSync(older);
    for (const m of listMigrations(PG_MIGRATIONS_DIR).filter((m) => m.version <= version)) writeFileSync(join(older, m.name), m.sql);
  }
  return older;
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

type Row = Record<string, unknown>;
/** Rows in a total order over all their columns, the same on both engines (code-unit order for text). */
function sorted(rows: Row[]): Row[] {
  const cmp = (a: unknown, b: unknown): number => {
    if (a === b) return 0;
    if (a === null) return -1;
    if (b === null) return 1;
    return (a as number | string) < (b as number | string) ? -1 : 1;
  };
  return [...rows].sort((x, y) => {
    for (const k of Object.keys(x)) {
      const c = cmp(x[k], y[k]);
      if (c) return c;
    }
    return 0;
  });
}

async function counts(q: Queryable): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of copiedTables) out[t] = Number(await q.value(`SELECT count(*) FROM ${t}`));
  return out;
}

describe('db:copy plan', () => {
  it('lists every table of both schemas exactly once, copied or skipped on purpose, parents before children', async () => {
    const names = COPY_PLAN.map((p) => p.table);
    expect(new Set(names).size, 'a table listed twice').toBe(names.length);
    for (const p of COPY_PLAN) if (p.action !== 'copy') expect(p.why.length, p.table).toBeGreaterThan(10);

    const lite = openDb(':memory:');
    migrate(lite);
    const liteTables = (
      lite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all() as Array<{
        name: string;
      }>
    ).map((r) => r.name);
    const liteRefs = liteTables.flatMap((t) =>
      (lite.prepare('SELECT "table" AS parent, "from" AS col FROM pragma_foreign_key_list(?)').all(t) as Array<{ parent: string; col: string }>).map((r) => ({
        child: t,
        ...r,
      })),
    );
    lite.close();

    const { db } = await target();
    await migratePg(db.pool);
    const pgTables = (
      await db.all<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
    ).map((r) => r.t);
    const pgRefs = await db.all<{ child: string; parent: string; col: string }>(
      `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent, a.attname AS col
         FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`,
    );

    // A new table must be added to COPY_PLAN in server/data/copy.ts: copied, or skipped with a reason.
    const unlisted = [...new Set([...liteTables, ...pgTables])].filter((t) => !names.includes(t)).sort();
    expect(unlisted, 'tables neither copied nor skipped on purpose (COPY_PLAN in server/data/copy.ts)').toEqual([]);
    const stale = names.filter((t) => !liteTables.includes(t) && !pgTables.includes(t));
    expect(stale, 'COPY_PLAN names tables no schema has').toEqual([]);
    // what is copied exists on both engines (schema_migrations is PostgreSQL's own and skipped)
    for (const t of copiedTables) {
      expect(liteTables, t).toContain(t);
      expect(pgTables, t).toContain(t);
    }

    for (const r of [...liteRefs, ...pgRefs]) {
      const child = COPY_PLAN.find((p) => p.table === r.child);
      if (!child || child.action === 'skip') continue;
      if (r.parent === r.child) {
        expect(child.action === 'copy' ? (child.later ?? []) : [], `${r.child}.${r.col} references its own table: list it in later`).toContain(r.col);
        continue;
      }
      const parent = COPY_PLAN.findIndex((p) => p.table === r.parent);
      expect(parent, `${r.child} references ${r.parent}, which must be listed before it`).toBeGreaterThanOrEqual(0);
      expect(parent, `${r.child} references ${r.parent}, which must be listed before it`).toBeLessThan(names.indexOf(r.child));
      expect(COPY_PLAN[parent]?.action, `${r.child} is copied, so ${r.parent} must be too`).not.toBe('skip');
    }
  });

  it('refuses a source with a table the plan does not know', async () => {
    const file = join(dir, 'unknown-table.db');
    const raw = openDb(file);
    migrate(raw);
    raw.exec('CREATE TABLE feature_nobody_listed (id INTEGER PRIMARY KEY)');
    raw.close();
    const { db } = await target();
    const source = openCopySource(file);
    try {
      await expect(copySqliteToPostgres(source, db)).rejects.toThrow(
        /^The SQLite database has a table that db:copy does not know: feature_nobody_listed\. COPY_PLAN/,
      );
    } finally {
      source.close();
    }
    expect(await pgSchemaVersion(db.pool)).toBe(0); // refused before the target was touched
  });
});

describe('db:copy from SQLite to PostgreSQL', () => {
  let pg: PostgresDatabase;
  let result: CopyResult;
  const reported: TableResult[] = [];
  let sourceHash: string;
  let sourceMtime: number;

  beforeAll(async () => {
    sourceHash = sha256(sourceFile);
    sourceMtime = statSync(sourceFile).mtimeMs;
    ({ db: pg } = await target());
    // tiny chunks: many keyset steps, composite keys, and a unit whose parent comes in a later chunk
    result = await copyInto(pg, { chunkRows: 5, onTable: (t) => reported.push(t) });
  }, 120_000);

  it('copies every table row for row, field by field, ids and values as they are', async () => {
    const source = openCopySource(sourceFile);
    try {
      for (const table of copiedTables) {
        const want = sorted(source.prepare(`SELECT * FROM ${table}`).all() as Row[]);
        const got = sorted(await pg.all(`SELECT * FROM ${table}`));
        expect(want.length, `${table} should have rows in the test data`).toBeGreaterThan(0);
        expect(got.length, table).toBe(want.length);
        expect(got, table).toEqual(want);
      }
    } finally {
      source.close();
    }
    expect(await pg.value("SELECT question FROM element_texts WHERE element_code = 'WAKTU' AND lang = 'en'")).toBe('How quickly were you served? (reworded)');
    expect(await pg.value("SELECT parent_id FROM units WHERE code = 'dinas-b'")).toBe(await pg.value("SELECT id FROM units WHERE code = 'sekretariat'"));
  });

  it('reports each table in order, skips the ephemeral ones, and leaves the source unchanged', async () => {
    expect(reported.map((t) => t.table)).toEqual(COPY_PLAN.map((p) => p.table));
    expect(result.tables).toEqual(reported);
    const byName = Object.fromEntries(reported.map((t) => [t.table, t]));
    expect(byName.responses).toMatchObject({ action: 'copy', rows: RESPONSES });
    expect(byName.sessions).toMatchObject({ action: 'skip', rows: 1 });
    expect(byName.sign_in_failures).toMatchObject({ action: 'skip', rows: 1 });
    expect(byName.schema_migrations).toMatchObject({ action: 'skip', rows: null });
    expect(await pg.value('SELECT count(*) FROM sessions')).toBe(0);
    expect(await pg.value('SELECT count(*) FROM sign_in_failures')).toBe(0);
    expect(result.version).toBe(listMigrations().at(-1)?.version);
    expect(await pgSchemaVersion(pg.pool)).toBe(result.version);
    expect(sha256(sourceFile)).toBe(sourceHash);
    expect(statSync(sourceFile).mtimeMs).toBe(sourceMtime);
  });

  it('verifies row counts and running totals', async () => {
    const source = openCopySource(sourceFile);
    try {
      const want = Object.fromEntries(copiedTables.map((t) => [t, Number(source.prepare(`SELECT count(*) FROM ${t}`).pluck().get())]));
      expect(await counts(pg)).toEqual(want);
      expect(result.verified.tables).toBe(copiedTables.length);
      expect(result.verified.rows).toBe(Object.values(want).reduce((a, b) => a + b, 0));
    } finally {
      source.close();
    }
    const totals = result.verified.totals;
    expect(totals.responses).toBe(RESPONSES);
    expect(totals.span).toEqual({ from: '2025-11-03', to: '2026-02-27' });
    expect(totals.services).toBe(4);
    expect(totals.rows.totals_day).toBe(Number(await pg.value('SELECT count(*) FROM totals_day')));
    // independently: the app's read path against a scan of the copied responses
    const q = { serviceIds: null, from: '2025-11-01', to: '2026-02-27' };
    const [read, raw] = [await readTotalsByService(pg, q), await rawTotalsByService(pg, q)];
    expect([...read.keys()].sort()).toEqual([...raw.keys()].sort());
    for (const [id, t] of raw) {
      const r = read.get(id)!;
      expect({ ...r, meanSum: 0, meanSumSq: 0 }, `service ${id}`).toEqual({ ...t, meanSum: 0, meanSumSq: 0 });
      expect(Math.abs(r.meanSum - t.meanSum)).toBeLessThan(1e-9);
    }
  });

  it('refuses a second copy into the same database and changes nothing', async () => {
    const before = await counts(pg);
    const maxIds = await pg.get('SELECT (SELECT max(id) FROM responses) AS r, (SELECT max(id) FROM units) AS u');
    await expect(copyInto(pg)).rejects.toThrow(CopyRefusedError);
    await expect(copyInto(pg)).rejects.toThrow(/already holds data \(settings: 1, agencies: 1, units: 6.*never mixed/);
    expect(await counts(pg)).toEqual(before);
    expect(await pg.get('SELECT (SELECT max(id) FROM responses) AS r, (SELECT max(id) FROM units) AS u')).toEqual(maxIds);
  });

  it('resets every identity sequence: rows added after the copy get new ids', async () => {
    const identities = await pg.all<{ t: string; c: string }>(
      "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
    );
    // later migrations add tables with identities of their own: each is checked by the loop below
    expect(identities.map((r) => r.t)).toEqual(
      expect.arrayContaining(['agencies', 'api_tokens', 'audit_log', 'counters', 'extra_questions', 'kiosks', 'responses', 'services', 'units', 'users']),
    );
    for (const { t, c } of identities) {
      const max = Number(await pg.value(`SELECT COALESCE(max(${c}), 0) FROM ${t}`));
      expect(Number(await pg.value(`SELECT last_value FROM ${String(await pg.value('SELECT pg_get_serial_sequence(?, ?)', [t, c]))}`)), t).toBe(max + 1);
    }
    const agencyId = Number(await pg.value('SELECT id FROM agencies'));
    const maxUnit = Number(await pg.value('SELECT max(id) FROM units'));
    expect(await createUnit(pg, { agencyId, parentId: maxUnit, code: 'baru', nameId: 'Baru', nameEn: 'New' })).toBe(maxUnit + 1);
    const maxResponse = Number(await pg.value('SELECT max(id) FROM responses'));
    const serviceId = Number(await pg.value("SELECT id FROM services WHERE code = 'ktp'"));
    const submitted = await submitResponse(
      pg,
      {
        answers: { PERSYARATAN: 4, PROSEDUR: 3, WAKTU: 2, BIAYA: 4, PRODUK: 3, KOMPETENSI: 4, PERILAKU: 4, PENGADUAN: 1, SARANA: null },
        profile: { gender: 'L', education: 's1', occupation: 'swasta', disability: 'no' },
        age: 40,
        ageBand: '35_44',
        comment: 'setelah pindah',
        idempotencyKey: 'after-the-copy-0001',
      },
      { serviceId, channel: 'qr', lang: 'id', submittedAt: new Date('2026-03-01T02:00:00Z'), localDate: '2026-03-01' },
    );
    expect(submitted).toEqual({ id: maxResponse + 1, duplicate: false });
    const maxAudit = Number(await pg.value('SELECT max(id) FROM audit_log'));
    expect(await pg.transaction((tx) => recordAudit(tx, null, 'create', { kind: 'unit', code: 'baru' }))).toBe(maxAudit + 1);
  });
});

describe('db:copy refusals and failures', () => {
  it('leaves the target without data when the copy fails part-way, and it can be copied into afterwards', async () => {
    const { db } = await target();
    await expect(
      copyInto(db, {
        onTable: (t) => {
          if (t.table === 'response_extras') throw new Error('the network went away');
        },
      }),
    ).rejects.toThrow(/the network went away/);
    expect(Object.values(await counts(db)).reduce((a, b) => a + b, 0)).toBe(
      // only the migrations' seed rows of the elements remain
      Number(await db.value('SELECT count(*) FROM elements')) + Number(await db.value('SELECT count(*) FROM element_texts')),
    );
    expect(await db.value('SELECT count(*) FROM agencies')).toBe(0);
    expect(await db.value('SELECT count(*) FROM responses')).toBe(0);
    const again = await copyInto(db);
    expect(again.verified.totals.responses).toBe(RESPONSES);
    expect(again.migrated).toEqual([]); // migrated by the failed attempt already
  }, 60_000);

  it('fails loudly and rolls back when the copied totals differ from a recomputation', async () => {
    const file = join(dir, 'drifted.db');
    copyFileSync(sourceFile, file);
    const raw = openDb(file);
    const first = (t: string, keys: string) => `WHERE (${keys}) = (SELECT ${keys} FROM ${t} ORDER BY ${keys} LIMIT 1)`;
    raw.exec(`UPDATE totals_day SET n = n + 1 ${first('totals_day', 'service_id, day, channel')}`);
    raw.exec(`UPDATE totals_group_month SET mean_sum = mean_sum + 0.001 ${first('totals_group_month', 'service_id, month, dimension, grp')}`);
    // rounding noise far below 1e-9 is not a difference
    raw.exec('UPDATE totals_month SET mean_sq = mean_sq * (1 + 1e-13)');
    raw.close();
    const { db } = await target();
    const source = openCopySource(file);
    let error: unknown;
    try {
      await copySqliteToPostgres(source, db).catch((e: unknown) => (error = e));
    } finally {
      source.close();
    }
    expect(error).toBeInstanceOf(CopyVerificationError);
    const message = (error as Error).message;
    expect(message).toMatch(/^The copied running totals differ from a recomputation from the copied responses: totals_day differs at \(\d+ 2025-11-03 \w+\);/);
    expect(message).toMatch(/totals_group_month differs at \(\d+ 2025-11 \w+ \w+\)/);
    expect(message).not.toContain('totals_month');
    expect(await db.value('SELECT count(*) FROM agencies')).toBe(0);
    expect(await db.value('SELECT count(*) FROM totals_day')).toBe(0);
  });

  it('lets one of two copies started together into one database through, and refuses the other', async () => {
    const { db, url } = await target();
    const other = PostgresDatabase.connect(url, { max: 3 });
    cleanups.push(() => other.close());
    const [a, b] = await Promise.allSettled([copyInto(db), copyInto(other)]);
    const outcomes = [a, b].map((r) => r.status).sort();
    expect(outcomes).toEqual(['fulfilled', 'rejected']);
    const refused = [a, b].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(CopyRefusedError);
    expect((refused.reason as Error).message).toMatch(/already holds data/);
    expect(await db.value('SELECT count(*) FROM responses')).toBe(RESPONSES);
  }, 60_000);

  it('refuses, before migrating it, a target with data of an older version or tables of another application', async () => {
    const old = await target();
    await migratePg(old.db.pool, migrationsUpTo(5));
    await old.db.run("INSERT INTO agencies (code, name_id, name_en) VALUES ('lain', 'Lain', 'Other')");
    await expect(copyInto(old.db)).rejects.toThrow(/^The PostgreSQL database already holds data \(agencies: 1 rows\)/);
    expect(await pgSchemaVersion(old.db.pool)).toBe(5);

    const foreign = await target();
    await foreign.db.run('CREATE TABLE invoices (id integer)');
    await expect(copyInto(foreign.db)).rejects.toThrow(
      /^The PostgreSQL database has a table that db:copy does not know: invoices\. Mutu needs a database \(or schema\) of its own/,
    );
    expect(await pgSchemaVersion(foreign.db.pool)).toBe(0);
  });

  it('refuses a source that is not at the latest migration, and leaves the target untouched', async () => {
    const file = join(dir, 'old.db');
    const raw = openDb(file);
    migrate(
      raw,
      listMigrations().filter((m) => m.version <= 5),
    );
    raw.close();
    const { db } = await target();
    const source = openCopySource(file);
    try {
      await expect(copySqliteToPostgres(source, db)).rejects.toThrow(/at migration 5, this version of Mutu at \d+\. Start the app once on it/);
    } finally {
      source.close();
    }
    expect(await pgSchemaVersion(db.pool)).toBe(0);
  });

  it('refuses a missing path, a folder and a file that is not a database, creating nothing', () => {
    const missing = join(dir, 'nowhere', 'mutu.db');
    expect(() => openCopySource(missing)).toThrow(CopyRefusedError);
    expect(() => openCopySource(missing)).toThrow(/does not exist/);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
    mkdirSync(join(dir, 'a-folder'));
    expect(() => openCopySource(join(dir, 'a-folder'))).toThrow(/is not a file/);
    writeFileSync(join(dir, 'notes.txt'), 'these are not the tables you are looking for '.repeat(40));
    expect(() => openCopySource(join(dir, 'notes.txt'))).toThrow(/cannot be read as an SQLite database: file is not a database/);
  });
});

/** Runs the CLI as `npm run db:copy` would (through tsx), with its exit code and output. */
function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/db-copy.ts', ...args], { cwd: ROOT, env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, out, err }));
  });
}

describe('npm run db:copy', () => {
  it('answers bad arguments with the usage and exit code 2', async () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    for (const args of [
      [],
      ['--from', `sqlite:${sourceFile}`],
      ['--from', sourceFile, '--to', 'postgres://u@h/db'],
      ['--from', 'sqlite:', '--to', 'postgres://u@h/db'],
      ['--from', `sqlite:${sourceFile}`, '--to', 'mysql://u@h/db'],
      ['--from', `sqlite:${sourceFile}`, '--to', 'postgres://u@h/db', '--force'],
      ['--from', `sqlite:${sourceFile}`, '--to', 'postgres://u@h/db', 'extra'],
    ]) {
      lines.length = 0;
      expect(await main(args, io), args.join(' ')).toBe(2);
      expect(lines.join('\n'), args.join(' ')).toMatch(/Usage: npm run db:copy -- --from sqlite:PATH --to postgres:\/\//);
    }
    const run = await cli(['--to', 'postgres://u@h/db']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/both --from and --to are required\nUsage:/);
  }, 60_000);

  it('refuses a missing SQLite file with exit code 1, creating nothing', async () => {
    const missing = join(dir, 'missing', 'typo.db');
    const { url } = await target();
    const run = await cli(['--from', `sqlite:${missing}`, '--to', url]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`Refused: The SQLite database ${missing} does not exist. Nothing was created or changed.`);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  }, 60_000);

  it('refuses while an app process serves the SQLite file, and leaves its lock alone', async () => {
    const { db, url } = await target();
    const lock = `${sourceFile}.lock`;
    const held = JSON.stringify({ pid: process.ppid, host: hostname(), since: '2026-11-30T00:00:00.000Z' });
    writeFileSync(lock, held);
    try {
      const run = await cli(['--from', `sqlite:${sourceFile}`, '--to', url]);
      expect(run.code).toBe(1);
      expect(run.err).toContain(`Refused: Another Mutu process (pid ${process.ppid}`);
      expect(run.err).toContain('stop it before copying');
      expect(readFileSync(lock, 'utf8')).toBe(held);
      expect(await db.value("SELECT to_regclass('responses')::text")).toBeNull();
    } finally {
      rmSync(lock, { force: true });
    }
  }, 60_000);

  it('copies end to end, printing each table and the verification, then refuses a second run', async () => {
    const { db, url } = await target();
    const run = await cli(['--from', `sqlite:${sourceFile}`, '--to', url]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('The app must stay stopped');
    expect(run.out).toContain('read-only');
    expect(run.out).toMatch(/Both databases at migration \d+ \(\d+ migrations applied to the target\)\. Copying:/);
    for (const t of copiedTables) expect(run.out).toMatch(new RegExp(`^  ${t} +[\\d,]+ rows? +\\d+ ms`, 'm'));
    expect(run.out).toMatch(new RegExp(`^  responses +${RESPONSES} rows`, 'm'));
    expect(run.out).toMatch(/^ {2}sessions +skipped \(1 row\): ephemeral/m);
    expect(run.out).toMatch(/Verified: row counts equal the source in \d+ tables/);
    expect(run.out).toContain(`Verified: the running totals equal a recomputation from the ${RESPONSES} copied responses`);
    const password = new URL(url).password;
    if (password) expect(run.out).not.toContain(password);
    expect(await db.value('SELECT count(*) FROM responses')).toBe(RESPONSES);

    const second = await cli(['--from', `sqlite:${sourceFile}`, '--to', url]);
    expect(second.code).toBe(1);
    expect(second.err).toMatch(/^Refused: The PostgreSQL database already holds data/);
    expect(await db.value('SELECT count(*) FROM responses')).toBe(RESPONSES);
  }, 120_000);
});
