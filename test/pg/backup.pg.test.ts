import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../db/demo/index.js';
import { PostgresDatabase } from '../../server/data/engine/index.js';
import { migratePg } from '../../server/data/engine/migrate-pg.js';
import { submitResponse } from '../../server/data/responses.js';
import { recomputeTotals } from '../../server/data/totals.js';
import { databaseUrl, pgSchema } from '../helpers/pg.js';
import { expectSameTotals } from '../helpers/totals-compare.js';

// Backups on PostgreSQL are PostgreSQL's own (README "Backups and restoring"): the documented
// pg_dump --format=custom and pg_restore --no-owner bring back every row, the totals and the
// sequences, and the app works on the restored database. Here the dump is of one test schema,
// restored after the original is renamed aside.

const bin = (name: string): string => {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [];
  const found = versions
    .sort((a, b) => Number(a) - Number(b))
    .map((v) => `/usr/lib/postgresql/${v}/bin/${name}`)
    .filter((f) => existsSync(f));
  if (!found.length) throw new Error(`${name} not found: install Debian's postgresql (.ci/run does)`);
  return found[found.length - 1]!;
};

const dir = mkdtempSync(join(tmpdir(), 'mutu-pgdump-'));
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
  rmSync(dir, { recursive: true, force: true });
});

const TOTALS = ['totals_day', 'totals_month', 'totals_group_month'];

async function tableCounts(store: PostgresDatabase): Promise<Record<string, number>> {
  const tables = await store.all<{ t: string }>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const out: Record<string, number> = {};
  for (const { t } of tables) out[t] = Number(await store.value(`SELECT count(*) FROM ${t}`));
  return out;
}

describe('pg_dump and pg_restore as the README says', () => {
  it('restore every row, the totals and the sequences; the app writes on the restored database', async () => {
    const s = await pgSchema();
    cleanups.push(s.drop);
    await migratePg(s.pool);
    const options = `-c search_path=${s.schema}`;
    const original = PostgresDatabase.connect(s.url, { options, max: 3 });
    await loadDemo(original, { endDate: '2026-03-31', months: 2, seed: 5 });
    const counts = await tableCounts(original);
    expect(counts.responses).toBeGreaterThan(1000);
    const totals = await Promise.all(TOTALS.map((t) => original.all(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`)));
    await original.close();

    const file = join(dir, 'mutu.dump');
    const base = databaseUrl();
    execFileSync(bin('pg_dump'), ['--format=custom', `--schema=${s.schema}`, `--file=${file}`, base]);
    // the original steps aside (dropped at the end); the restore recreates the schema under its name
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`ALTER SCHEMA "${s.schema}" RENAME TO "${s.schema}_orig"`);
    cleanups.push(async () => void (await admin.query(`DROP SCHEMA IF EXISTS "${s.schema}_orig" CASCADE`), await admin.end()));
    execFileSync(bin('pg_restore'), ['--no-owner', `--dbname=${base}`, file]);

    const restored = PostgresDatabase.connect(s.url, { options, max: 3 });
    try {
      expect(await tableCounts(restored)).toEqual(counts);
      const back = await Promise.all(TOTALS.map((t) => restored.all(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`)));
      expectSameTotals(back, totals);
      await recomputeTotals(restored);
      expectSameTotals(await Promise.all(TOTALS.map((t) => restored.all(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`))), totals);
      // nothing left to migrate, and a new response takes a new id (the sequences came back too)
      const pool = new pg.Pool({ connectionString: base, options, max: 1 });
      expect(await migratePg(pool)).toEqual([]);
      await pool.end();
      const maxId = Number(await restored.value('SELECT max(id) FROM responses'));
      const serviceId = Number(await restored.value('SELECT min(id) FROM services WHERE active = 1'));
      const { id } = await submitResponse(
        restored,
        {
          answers: { PERSYARATAN: 4, PROSEDUR: 3, WAKTU: 3, BIAYA: 4, PRODUK: 3, KOMPETENSI: 4, PERILAKU: 4, PENGADUAN: 3, SARANA: 2 },
          profile: { gender: 'P', education: 's1', occupation: 'swasta', disability: 'no' },
          age: 33,
          ageBand: '25_34',
          comment: null,
          idempotencyKey: 'after-restore-0001',
        },
        { serviceId, channel: 'link', lang: 'id', submittedAt: new Date('2026-04-01T02:00:00Z'), localDate: '2026-04-01' },
      );
      expect(id).toBe(maxId + 1);
    } finally {
      await restored.close();
    }
  }, 120_000);
});
