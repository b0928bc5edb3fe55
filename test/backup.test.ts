import Database from 'better-sqlite3';
import { load } from 'cheerio';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { main as backup } from '../server/cli/backup.js';
import { backupSqlite } from '../server/data/backup.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { recomputeTotals } from '../server/data/totals.js';
import { ELEMENT_CODES } from '../server/indicators/types.js';
import { startApp } from './helpers/process.js';
import { expectSameTotals } from './helpers/totals-compare.js';

// `npm run backup`: a consistent copy while the app takes submissions, and a restore that refuses
// while the app runs (issue 12, "Operations").

const dir = mkdtempSync(join(tmpdir(), 'mutu-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOTALS = ['totals_day', 'totals_month', 'totals_group_month'];

async function filledForm(base: string, seed: number): Promise<Record<string, string>> {
  const $ = load((await request(base).get('/s/ktp-el')).text);
  const fields: Record<string, string> = {};
  $('form input[type=hidden]').each((_, el) => void (fields[$(el).attr('name')!] = $(el).attr('value') ?? ''));
  ELEMENT_CODES.forEach((c, j) => (fields[c] = String(((seed + j) % 4) + 1)));
  return fields;
}

function count(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM responses').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('backups while the app runs (SQLite)', () => {
  it('copies a consistent database while submissions go on, none of them delayed into a 503; restore waits for the app to stop', async () => {
    const live = join(dir, 'live.db');
    const app = await startApp({ DATABASE_PATH: live, MUTU_DEMO: '1', LOG_LEVEL: 'warn' });
    const copy = join(dir, 'copy.db');
    try {
      expect(app.url).not.toBe('');
      const before = count(live);
      expect(before).toBeGreaterThan(10_000); // the demo: a database of some size

      // submissions in waves of 5 for as long as the backup runs (small steps: many of them)
      const forms = await Promise.all(Array.from({ length: 50 }, (_, i) => filledForm(app.url, i)));
      let done = false;
      const result = backupSqlite(live, copy, { firstStepPages: 16 }).finally(() => (done = true));
      const statuses: number[] = [];
      for (let i = 0; i < forms.length && !done; i += 5) {
        const wave = await Promise.all(forms.slice(i, i + 5).map((f) => request(app.url).post('/s/ktp-el').type('form').send(f)));
        statuses.push(...wave.map((r) => r.status));
      }
      const r = await result;
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.every((s) => s === 303)).toBe(true);
      expect(r.steps).toBeGreaterThan(10);
      expect(r.bytes).toBeGreaterThan(1_000_000);

      // the copy is one moment of the database: its totals equal a recomputation from its responses
      const n = count(copy);
      expect(n).toBeGreaterThanOrEqual(before);
      expect(n).toBeLessThanOrEqual(before + statuses.length);
      const db = new Database(copy);
      const kept = TOTALS.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).all());
      await recomputeTotals(SqliteDatabase.of(db));
      expectSameTotals(
        TOTALS.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).all()),
        kept,
      );
      db.close();

      // restoring over a database the app serves is refused
      const lines: string[] = [];
      const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
      expect(await backup(['--restore', copy], { DATABASE_PATH: live, LOG_LEVEL: 'silent' }, io)).toBe(1);
      expect(lines.join('\n')).toContain('Stop the app before restoring');
    } finally {
      expect(await app.stop()).toBe(0);
    }
    const after = count(live);
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    expect(await backup(['--restore', copy], { DATABASE_PATH: live, LOG_LEVEL: 'silent' }, io)).toBe(0);
    expect(lines.join('\n')).toContain(`Restored ${live}`);
    expect(existsSync(`${live}-wal`)).toBe(false);
    const restored = count(live);
    expect(restored).toBe(count(copy));
    expect(restored).toBeLessThanOrEqual(after);
    // the app starts on the restored file and serves it
    const again = await startApp({ DATABASE_PATH: live, MUTU_DEMO: '1', LOG_LEVEL: 'warn' });
    try {
      expect((await fetch(`${again.url}/s/ktp-el`)).status).toBe(200);
    } finally {
      expect(await again.stop()).toBe(0);
    }
    expect(count(live)).toBe(restored);
  }, 120_000);

  it('writes nothing under the target name when the source is not a database, and answers usage errors', async () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const target = join(dir, 'never.db');
    expect(await backup([target], { DATABASE_PATH: join(dir, 'missing.db'), LOG_LEVEL: 'silent' }, io)).toBe(1);
    expect(existsSync(target)).toBe(false);
    expect(lines.join('\n')).toContain('no database at');
    expect(await backup([], { LOG_LEVEL: 'silent' }, io)).toBe(2);
    // PostgreSQL: PostgreSQL's own tools, with the commands spelled out
    lines.length = 0;
    expect(await backup([target], { DATABASE_URL: 'postgres://u:secret@db.example:5432/mutu', LOG_LEVEL: 'silent' }, io)).toBe(1);
    expect(lines.join('\n')).toContain('pg_dump --format=custom');
    expect(lines.join('\n')).not.toContain('secret');
  });
});
