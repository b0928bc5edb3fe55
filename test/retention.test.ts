import Database from 'better-sqlite3';
import { load } from 'cheerio';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main as retentionCli } from '../server/cli/retention.js';
import { migrate, openDb } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { eraseOldComments, retentionCutoff, saveCommentRetention } from '../server/data/retention.js';
import { startRetention } from '../server/ops/retention-timer.js';
import { seedSmall, testApp, testDb } from './helpers/app.js';
import { signInAs } from './helpers/officer.js';
import { startApp } from './helpers/process.js';
import { addResponses } from './helpers/responses.js';
import { retentionContract } from './helpers/retention-contract.js';

// Comment retention on SQLite: the shared contract, the erased text gone from the database files,
// the setting on the agency page (validated, audited), the daily timer and `npm run retention`.

const dir = mkdtempSync(join(tmpdir(), 'mutu-retention-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function fileDb() {
  const file = join(dir, `r-${++n}.db`);
  const raw = openDb(file);
  migrate(raw);
  return { file, raw, db: SqliteDatabase.of(raw) };
}

/** The database file and its WAL, as bytes on disk. */
const onDisk = (file: string): Buffer => Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));

describe('comment retention (SQLite)', () => {
  retentionContract(() => Promise.resolve(SqliteDatabase.of(testDb())));

  it('counts whole months back from today, clamping the day to a shorter month', () => {
    expect(retentionCutoff('2026-11-30', 12)).toBe('2025-11-30');
    expect(retentionCutoff('2026-05-31', 3)).toBe('2026-02-28');
    expect(retentionCutoff('2024-03-31', 1)).toBe('2024-02-29');
    expect(retentionCutoff('2026-01-15', 1)).toBe('2025-12-15');
    expect(retentionCutoff('2026-01-15', 120)).toBe('2016-01-15');
  });

  it('leaves no trace of an erased comment in the database file or its WAL (secure delete, then a truncating checkpoint)', async () => {
    const secret = 'RAHASIA-Kx7Qp-nomor-KTP-3201';
    const kept = 'SIMPAN-Zr4Wm-pelayanan-cepat';
    const { file, raw, db } = fileDb();
    const { serviceId } = await seedSmall(db);
    await addResponses(db, serviceId, [
      { date: '2025-01-10', answers: 3, comment: `${secret} ${'pelayanan lambat '.repeat(20)}` },
      { date: '2026-11-01', answers: 4, comment: kept },
    ]);
    // a busy database: the page holding the comment is rewritten a few times before the erasure
    await addResponses(
      db,
      serviceId,
      Array.from({ length: 40 }, (_, i) => ({ date: '2025-01-10', answers: (i % 4) + 1 })),
    );
    raw.pragma('wal_checkpoint(TRUNCATE)');
    expect(onDisk(file).includes(secret)).toBe(true); // the test can fail: the text is there before

    const r = await eraseOldComments(db, { months: 6, today: '2026-11-30' });
    expect(r).toMatchObject({ erased: 1, walTruncated: true });
    expect(raw.pragma('secure_delete', { simple: true })).toBe(0); // the connection's setting is back
    const bytes = onDisk(file);
    expect(bytes.includes(secret)).toBe(false);
    expect(bytes.includes(kept)).toBe(true);
    await db.close();
  });

  it('without secure delete the text would stay in the file (the check above is not vacuous)', async () => {
    const secret = 'RAHASIA-tanpa-secure-delete-88';
    const { file, raw, db } = fileDb();
    const { serviceId } = await seedSmall(db);
    await addResponses(db, serviceId, [{ date: '2025-01-10', answers: 3, comment: `${secret} ${'pelayanan lambat '.repeat(20)}` }]);
    await addResponses(
      db,
      serviceId,
      Array.from({ length: 40 }, (_, i) => ({ date: '2025-01-10', answers: (i % 4) + 1 })),
    );
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.prepare('UPDATE responses SET comment = NULL').run();
    raw.pragma('wal_checkpoint(TRUNCATE)');
    expect(onDisk(file).includes(secret)).toBe(true);
    await db.close();
  });

  it('is set on the agency page by an admin: validated 1..120 (422, value kept), audited, empty keeps forever', async () => {
    const raw = testDb();
    const store = SqliteDatabase.of(raw);
    const org = await seedSmall(store);
    const app = testApp(raw);
    const admin = await signInAs(app, store, { role: 'admin', unitId: org.rootId });
    const page = await admin.agent.get('/manage/agency?lang=en');
    const $ = load(page.text);
    expect($('label[for=f-comment_retention_months]').text()).toBe('Erase comments older than (months)');
    expect($('#f-comment_retention_months').attr('inputmode')).toBe('numeric');
    expect($('#h-retention').text()).toBe('Keeping comments');
    const save = async (value: string) =>
      admin.agent
        .post('/manage/agency?lang=en')
        .type('form')
        .send({ _csrf: await admin.csrf('/manage/agency'), comment_retention_months: value });
    for (const bad of ['0', '121', 'abc', '1.5', '-3']) {
      const res = await save(bad);
      expect(res.status, bad).toBe(422);
      const $bad = load(res.text);
      expect($bad('#f-comment_retention_months').attr('value'), bad).toBe(bad);
      expect($bad('#f-comment_retention_months').attr('aria-invalid')).toBe('true');
      expect($bad('#e-comment_retention_months').text()).toContain('Enter a whole number of months from 1 to 120');
      expect($bad('a[href="#f-comment_retention_months"]').length).toBe(1); // the error summary links to the field
    }
    expect(raw.prepare("SELECT count(*) FROM settings WHERE key = 'comment_retention_months'").pluck().get()).toBe(0);
    const ok = await save(' 24 ');
    expect(ok.status).toBe(303);
    expect(raw.prepare("SELECT value FROM settings WHERE key = 'comment_retention_months'").pluck().get()).toBe('24');
    expect(load((await admin.agent.get('/manage/agency')).text)('#f-comment_retention_months').attr('value')).toBe('24');
    expect((await save('')).status).toBe(303);
    expect(raw.prepare("SELECT count(*) FROM settings WHERE key = 'comment_retention_months'").pluck().get()).toBe(0);
    const audits = raw.prepare("SELECT user_email, details FROM audit_log WHERE entity_kind = 'agency' ORDER BY id").all() as Array<{
      user_email: string;
      details: string;
    }>;
    expect(audits.map((a) => JSON.parse(a.details) as unknown)).toEqual([
      { before: { comment_retention_months: null }, after: { comment_retention_months: 24 } },
      { before: { comment_retention_months: 24 }, after: { comment_retention_months: null } },
    ]);
    expect(audits[0]?.user_email).toBe(admin.email);
    // the audit log reads the change, and an erasure by the system, in words
    await addResponses(store, org.serviceId, [{ date: '2020-03-01', answers: 3, comment: 'lama' }]);
    await eraseOldComments(store, { months: 24, today: '2026-11-30' });
    const log = load((await admin.agent.get('/manage/audit?lang=en')).text)('main')
      .text()
      .replace(/\s+/g, ' ');
    expect(log).toContain('Erase comments after (months)');
    expect(log).toContain('old comments erased');
    expect(log).toContain('Comments erased: 1');
    expect(log).toContain('Comments dated before: 2024-11-30');
    expect(log).toContain('Kept for (months): 24');
  });

  it('runs at start from the timer, and from npm run retention', async () => {
    const { file, db } = fileDb();
    const { serviceId } = await seedSmall(db);
    await addResponses(db, serviceId, [
      { date: '2020-01-01', answers: 3, comment: 'sangat lama' },
      { date: '2020-01-02', answers: 3, comment: 'juga lama' },
    ]);
    await saveCommentRetention(db, 3);
    const logger = pino({ level: 'silent' });
    const stop = startRetention(db, logger);
    await vi.waitFor(async () => expect(await db.value("SELECT count(*) FROM responses WHERE comment IS NOT NULL AND local_date = '2020-01-01'")).toBe(0));
    stop();
    await db.run("UPDATE responses SET comment = 'ditulis lagi' WHERE local_date = '2020-01-02'");
    const out: string[] = [];
    expect(await retentionCli([], { DATABASE_PATH: file, NODE_ENV: 'test' }, { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(0);
    expect(out.join('\n')).toMatch(/erased 1 comment\(s\) dated before \d{4}-\d{2}-\d{2} \(kept for 3 months\)/);
    expect(out.join('\n')).toContain('Backups keep erased comments until they are rotated.');
    expect(await db.value('SELECT count(*) FROM responses WHERE comment IS NOT NULL')).toBe(0);
    await db.close();
  });

  it('is applied by the app itself when it starts (server/main.ts)', async () => {
    const { file, db } = fileDb();
    const { serviceId } = await seedSmall(db);
    await addResponses(db, serviceId, [
      { date: '2019-05-01', answers: 3, comment: 'dari 2019' },
      { date: '2019-05-02', answers: 4, comment: 'juga dari 2019' },
    ]);
    await saveCommentRetention(db, 12);
    await db.close();
    const app = await startApp({ DATABASE_PATH: file, MUTU_DEMO: '0', LOG_LEVEL: 'info' });
    try {
      expect(app.url).not.toBe('');
      await vi.waitFor(() => expect(app.output()).toMatch(/retention: erased 2 comment\(s\) dated before \d{4}-\d{2}-\d{2} \(kept for 12 months\)/), {
        timeout: 20_000,
        interval: 100,
      });
    } finally {
      await app.stop();
    }
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM responses WHERE comment IS NOT NULL').pluck().get()).toBe(0);
    raw.close();
  }, 60_000);
});
