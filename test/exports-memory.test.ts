import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { migrate, openDb } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { insertResponseRows, type ResponseRow } from '../server/data/response-rows.js';
import { ELEMENT_CODES } from '../server/indicators/types.js';
import { ageBand } from '../server/vocabulary/profile.js';
import { seedSmall } from './helpers/app.js';
import { createOfficer } from './helpers/officer.js';
import { startApp, type AppProcess } from './helpers/process.js';

// A large export streams: 200,000 responses exported as CSV and as XLSX by the app running as its
// own process (as an operator starts it), while the test reads the server's resident memory from
// /proc: its peak during the export may exceed what it held before by less than 100 MB, and the
// file must be complete (every row, and values that add up to what was stored).
//
// What is measured is the memory the export holds, not how lazily V8 collects its garbage: the
// server runs with a collection every second (a preloaded one-line module), so that garbage a later
// collection would free does not count, while rows held in memory (a file built whole, or a
// client slower than the file) would, whatever the timing. Without it, measured on this machine:
// CSV +10 MB, XLSX +84 MB at the peak for 200,000 rows, mostly garbage not yet collected.

const N = 200_000;
const LIMIT = 100 * 1024 * 1024;
const Q3 = 'period=2026-Q3';
/** A module, preloaded into the server, that collects garbage every second. */
const COLLECTING = 'data:text/javascript,setInterval(()=>globalThis.gc(),1000).unref()';

/** Response i, deterministic: a date in Q3 2026, a profile, answers 1-4 (BIAYA left empty on every 10th). */
function row(serviceId: number, i: number): ResponseRow {
  const day = 1 + (i % 92);
  const date = new Date(Date.UTC(2026, 6, day)).toISOString().slice(0, 10);
  const age = 18 + (i % 60);
  const answers = ELEMENT_CODES.map((code, j) => (code === 'BIAYA' && i % 10 === 0 ? null : ((i + j) % 4) + 1));
  return [
    serviceId,
    `${date}T03:00:00.000Z`,
    date,
    i % 3 === 0 ? 'qr' : 'link',
    'id',
    i % 2 ? 'L' : 'P',
    age,
    ageBand(age),
    'sma',
    'swasta',
    'no',
    ...answers,
    null,
  ];
}

/** The stored sum of U1 (PERSYARATAN, the first element in the default order) over all rows. */
const expectedU1 = Array.from({ length: N }, (_, i) => (i % 4) + 1).reduce((s, v) => s + v, 0);

/** The server's resident memory now and at its peak since the last reset, in bytes (Linux /proc). */
function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Resets the peak (VmHWM) to the current RSS; false where the kernel does not allow it. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

describe('exporting 200,000 responses', () => {
  let dir = '';
  let app: AppProcess;
  let cookie = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mutu-export-'));
    const file = join(dir, 'mutu.db');
    const db = openDb(file);
    migrate(db);
    const store = SqliteDatabase.of(db);
    const org = await seedSmall(store);
    const officer = await createOfficer(store, { role: 'admin', unitId: org.rootId, email: 'admin@export.test' });
    await store.transaction((tx) =>
      insertResponseRows(
        tx,
        (function* () {
          for (let i = 0; i < N; i++) yield row(org.serviceId, i);
        })(),
      ),
    );
    db.close();
    app = await startApp(
      { DATABASE_PATH: file, MUTU_DEMO: '0', SESSION_SECRET: 'x'.repeat(48), LOG_LEVEL: 'warn', NODE_OPTIONS: `--expose-gc --import=${COLLECTING}` },
      { timeoutMs: 180_000 },
    );
    expect(app.url, app.output()).not.toBe('');
    // sign in as a browser would: the form's CSRF token and cookie, then the session cookie
    const login = await fetch(`${app.url}/login`);
    const loginCookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())?.[1] ?? '';
    const res = await fetch(`${app.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
      body: new URLSearchParams({ _csrf: csrf, email: officer.email, password: officer.password }).toString(),
    });
    expect(res.status).toBe(303);
    cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  }, 400_000);

  afterAll(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Downloads `path` into `sink`, sampling the server's memory; returns its growth at the peak over the memory before. */
  async function measured(path: string, sink: (body: Readable) => Promise<void>): Promise<number> {
    const pid = app.child.pid as number;
    // warm up the code paths with a one-day file, then take the memory before
    const warm = await fetch(`${app.url}${path.replace(Q3, 'from=2026-07-01&to=2026-07-01')}`, { headers: { cookie } });
    expect(warm.status).toBe(200);
    await warm.arrayBuffer();
    const before = memory(pid).rss;
    const canReset = resetPeak(pid);
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, memory(pid).rss)), 20);
    try {
      const res = await fetch(`${app.url}${path}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      await sink(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream));
    } finally {
      clearInterval(timer);
    }
    if (canReset) peak = Math.max(peak, memory(pid).hwm);
    expect(Number.isFinite(before) && before > 0, 'the server memory could not be read').toBe(true);
    return peak - before;
  }

  it('streams the CSV in bounded memory, every row there', async () => {
    let records = 0;
    let u1 = 0;
    let header: string[] = [];
    const growth = await measured(`/exports/services/ktp/responses.csv?${Q3}`, async (body) => {
      await pipeline(
        body,
        parse({ bom: true, record_delimiter: '\r\n' }),
        new Transform({
          objectMode: true,
          transform(rec: string[], _enc, done) {
            if (records++ === 0) header = rec;
            else u1 += Number(rec[header.length - 9]);
            done();
          },
        }),
      );
    });
    expect(records - 1).toBe(N);
    expect(u1).toBe(expectedU1);
    expect(header.at(-9)?.startsWith('U1')).toBe(true);
    console.info(`exporting ${N} responses: the server grew by ${Math.round(growth / 1048576)} MB at its peak`);
    expect(growth, `the server grew by ${Math.round(growth / 1048576)} MB`).toBeLessThan(LIMIT);
  }, 600_000);

  it('streams the XLSX in bounded memory, every row there', async () => {
    const file = join(dir, 'responses.xlsx');
    const growth = await measured(`/exports/services/ktp/responses.xlsx?${Q3}`, (body) => pipeline(body, createWriteStream(file)));
    // read it back row by row (exceljs's streaming reader): the whole sheet would not fit in a test's memory
    let rows = 0;
    let u1 = 0;
    let u1At = 0;
    let dates = 0;
    for await (const sheet of new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache' })) {
      for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
        if (r.number === 1) {
          u1At = (r.values as ExcelJS.CellValue[]).findIndex((v) => typeof v === 'string' && v.startsWith('U1'));
          continue;
        }
        rows++;
        u1 += Number(r.getCell(u1At).value);
        if (r.getCell(2).value instanceof Date) dates++;
      }
    }
    expect(rows).toBe(N);
    expect(dates).toBe(N);
    expect(u1).toBe(expectedU1);
    console.info(`exporting ${N} responses: the server grew by ${Math.round(growth / 1048576)} MB at its peak`);
    expect(growth, `the server grew by ${Math.round(growth / 1048576)} MB`).toBeLessThan(LIMIT);
  }, 900_000);
});
