/**
 * The results benchmark's database: one agency, a unit tree, 200 services and N responses over
 * 2026 (agency-local dates), built through the async data layer on either engine: the organisation
 * by the data functions, the responses by insertResponseRows (multi-row INSERTs, as the demo) in
 * 100k-row transactions, then the totals rebuild (recomputeTotals). Deterministic for a seed.
 */
import { statSync } from 'node:fs';
import { migrate, openDb } from '../server/db.js';
import { createAgency } from '../server/data/agency.js';
import { SqliteDatabase, type Database } from '../server/data/engine/index.js';
import { insertResponseRows, type ResponseRow } from '../server/data/response-rows.js';
import { createService, subtreeServiceIds } from '../server/data/services.js';
import { recomputeTotals } from '../server/data/totals.js';
import { createUnit } from '../server/data/units.js';
import { ageBand, CHANNELS } from '../server/vocabulary/profile.js';
import { once } from './measure.js';

/** mulberry32: a small, fast, seeded PRNG in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from weighted values with one random number (cumulative table, linear: lists are short). */
function picker<T>(entries: ReadonlyArray<readonly [T, number]>): (u: number) => T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const cuts = entries.map(([v, w]) => [v, (acc += w / total)] as const);
  const last = entries[entries.length - 1]![0];
  return (u) => {
    for (const [v, c] of cuts) if (u < c) return v;
    return last;
  };
}

export const YEAR = 2026;
const ROWS_PER_TRANSACTION = 100_000;

/** Units under the root (parent: index in this list, or -1 for the root); some nested two levels deep. */
const UNITS: ReadonlyArray<{ code: string; parent: number }> = [
  { code: 'disdukcapil', parent: -1 },
  { code: 'dpmptsp', parent: -1 },
  { code: 'dinkes', parent: -1 },
  { code: 'puskesmas-utara', parent: 2 },
  { code: 'puskesmas-selatan', parent: 2 },
  { code: 'rsud', parent: 2 },
  { code: 'dishub', parent: -1 },
  { code: 'uptd-terminal', parent: 6 },
];
/** Indexes into UNITS, cycled over the services: the timed unit's subtree holds about a third of them. */
const SERVICE_SPREAD = [0, 0, 0, 1, 1, 1, 2, 3, 4, 5, 5, 6, 6, 7];
/** The unit timed in the benchmark: a subtree with three child units. */
const BENCH_UNIT = 'dinkes';

export interface DatasetOptions {
  responses: number;
  services: number;
  seed: number;
  /** run ANALYZE after the build (the app never does) */
  analyze: boolean;
}

export interface Dataset {
  responses: number;
  services: number;
  units: number;
  insertMs: number;
  totalsMs: number;
  analyzeMs: number | null;
  /** a service of typical (median) volume */
  serviceCode: string;
  serviceResponses: number;
  unitCode: string;
  unitServices: number;
  unitResponses: number;
}

/** A dataset built into a SQLite file. */
export interface SqliteDataset extends Dataset {
  file: string;
  fileBytes: number;
}

/** Every day of the year as YYYY-MM-DD, with its weekday (0 = Sunday). */
function days(year: number): Array<{ date: string; weekday: number }> {
  const out: Array<{ date: string; weekday: number }> = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const d = new Date(t);
    out.push({ date: d.toISOString().slice(0, 10), weekday: d.getUTCDay() });
  }
  return out;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Takes up to n items from an iterator, leaving the rest in it. */
function* take<T>(items: Iterator<T>, n: number): Generator<T> {
  for (let i = 0; i < n; i++) {
    const next = items.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * Builds the dataset into a migrated database that holds no agency, on either engine (only its own
 * data functions and engine-neutral SQL). @public: the SQLite build calls it; a PostgreSQL one may.
 */
export async function buildDataset(db: Database, o: DatasetOptions): Promise<Dataset> {
  const rnd = prng(o.seed);

  // Organisation: agency, root, 8 units (some nested), services spread unevenly over all nine.
  const unitIds: number[] = [];
  const serviceIds: number[] = [];
  await db.transaction(async (tx) => {
    const agencyId = await createAgency(tx, { code: 'bench', name_id: 'Kabupaten Bench', name_en: 'Bench Regency', time_zone: 'Asia/Jakarta' });
    const rootId = await createUnit(tx, {
      agencyId,
      parentId: null,
      code: 'pemkab',
      nameId: 'Pemerintah Kabupaten Bench',
      nameEn: 'Bench Regency Government',
      published: true,
      targetIkm: 82,
    });
    for (const [i, u] of UNITS.entries()) {
      const parentId = u.parent < 0 ? rootId : (unitIds[u.parent] as number);
      unitIds.push(
        await createUnit(tx, {
          agencyId,
          parentId,
          code: u.code,
          nameId: `Unit ${u.code}`,
          nameEn: `Unit ${u.code}`,
          published: true,
          targetIkm: i % 3 === 0 ? 85 : null,
          position: i,
        }),
      );
    }
    for (let s = 0; s < o.services; s++) {
      // the root holds a few services; the rest go round the units, some units holding more
      const unitId = s < 5 ? rootId : (unitIds[SERVICE_SPREAD[s % SERVICE_SPREAD.length] as number] as number);
      serviceIds.push(
        await createService(tx, {
          unitId,
          code: `layanan-${String(s + 1).padStart(3, '0')}`,
          nameId: `Layanan ${s + 1}`,
          nameEn: `Service ${s + 1}`,
          published: s % 10 !== 9,
          targetIkm: s % 4 === 0 ? 80 : null,
          position: s,
        }),
      );
    }
  });

  // Service volumes: log-normal weights (a few busy counters, a long tail); quality per service.
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const serviceWeights = serviceIds.map(() => Math.exp(0.9 * normal()));
  const serviceMean = serviceIds.map(() => 2.6 + rnd() * 0.9);
  const pickService = picker(serviceIds.map((id, i) => [i, serviceWeights[i] as number] as const));
  const elementOffset = [0.1, 0, -0.25, 0.3, 0.05, 0.1, 0.2, -0.35, -0.1];
  const elementMissing = [0.02, 0.02, 0.03, 0.1, 0.03, 0.02, 0.02, 0.08, 0.03];

  const pickChannel = picker<string>([
    [CHANNELS[0], 35],
    [CHANNELS[1], 30],
    [CHANNELS[2], 20],
    [CHANNELS[3], 10],
    [CHANNELS[4], 5],
  ]);
  const pickGender = picker<string | null>([
    ['L', 47],
    ['P', 47],
    ['na', 2],
    [null, 4],
  ]);
  const pickEducation = picker<string | null>([
    ['sd', 8],
    ['smp', 12],
    ['sma', 35],
    ['d3', 10],
    ['s1', 25],
    ['s2', 4],
    ['s3', 1],
    ['na', 2],
    [null, 3],
  ]);
  const pickOccupation = picker<string | null>([
    ['pns', 10],
    ['tni', 2],
    ['polri', 2],
    ['swasta', 30],
    ['wirausaha', 25],
    ['pelajar', 12],
    ['lainnya', 14],
    ['na', 2],
    [null, 3],
  ]);
  const pickDisability = picker<string | null>([
    ['yes', 5],
    ['no', 85],
    ['na', 3],
    [null, 7],
  ]);

  // Responses per day: Sundays nearly closed, Saturdays half, a few holidays.
  const calendar = days(YEAR);
  const holidays = new Set([`${YEAR}-01-01`, `${YEAR}-05-01`, `${YEAR}-06-01`, `${YEAR}-08-17`, `${YEAR}-12-25`]);
  const dayWeights = calendar.map((d) => (holidays.has(d.date) ? 0.05 : d.weekday === 0 ? 0.1 : d.weekday === 6 ? 0.5 : d.weekday === 1 ? 1.25 : 1));
  const weightSum = dayWeights.reduce((a, b) => a + b, 0);
  const perDay = dayWeights.map((w) => Math.floor((o.responses * w) / weightSum));
  let short = o.responses - perDay.reduce((a, b) => a + b, 0);
  for (let i = 0; short > 0; i = (i + 1) % perDay.length, short--) perDay[i] = (perDay[i] as number) + 1;

  /** The responses in time order, each drawn as it is read. */
  function* responses(): Generator<ResponseRow> {
    let dayIndex = 0;
    let leftToday = perDay[0] as number;
    for (let written = 0; written < o.responses; written++) {
      while (leftToday === 0) leftToday = perDay[++dayIndex] as number;
      leftToday--;
      const day = calendar[dayIndex] as { date: string };
      const s = pickService(rnd());
      // 07:30-16:00 in Jakarta (UTC+7) is 00:30-09:00 UTC: the same calendar date
      const minute = 30 + Math.floor(rnd() * 510);
      const submitted = `${day.date}T${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}:${pad2(Math.floor(rnd() * 60))}.000Z`;
      const r = rnd();
      const age = r < 0.08 ? null : 17 + Math.floor(rnd() * 64);
      const band = age === null ? (r < 0.02 ? 'na' : null) : ageBand(age);
      const mu = (serviceMean[s] as number) + (rnd() - 0.5) * 0.8;
      const answers: Array<number | null> = [];
      let given = 0;
      for (let e = 0; e < 9; e++) {
        if (rnd() < (elementMissing[e] as number)) answers.push(null);
        else {
          const v = Math.round(mu + (elementOffset[e] as number) + (rnd() - 0.5) * 1.8);
          answers.push(v < 1 ? 1 : v > 4 ? 4 : v);
          given++;
        }
      }
      if (given === 0) answers[0] = 3;
      // in RESPONSE_ROW_COLUMNS order; the draws in this order keep the data of a seed unchanged
      yield [
        serviceIds[s] as number,
        submitted,
        day.date,
        pickChannel(rnd()),
        rnd() < 0.9 ? 'id' : 'en',
        pickGender(rnd()),
        age,
        band,
        pickEducation(rnd()),
        pickOccupation(rnd()),
        pickDisability(rnd()),
        ...answers,
        null, // no comment
      ];
    }
  }

  const insert = await once(async () => {
    const rows = responses();
    let written = 0;
    while (written < o.responses) {
      const n = await db.transaction((tx) => insertResponseRows(tx, take(rows, ROWS_PER_TRANSACTION)));
      if (n === 0) break;
      written += n;
    }
  });

  const totals = await once(() => recomputeTotals(db));
  const analyzeMs = o.analyze ? (await once(() => db.run('ANALYZE'))).ms : null;

  // The timed service: median volume; the timed unit: a subtree.
  const counts = await db.all<{ id: number; n: number }>('SELECT service_id AS id, count(*) AS n FROM responses GROUP BY service_id ORDER BY n, service_id');
  const mid = counts[Math.floor(counts.length / 2)] as { id: number; n: number };
  const serviceCode = (await db.value<string>('SELECT code FROM services WHERE id = ?', [mid.id])) as string;
  const unitId = unitIds[UNITS.findIndex((u) => u.code === BENCH_UNIT)] as number;
  const unitServiceIds = await subtreeServiceIds(db, unitId);
  const unitResponses = counts.filter((c) => unitServiceIds.includes(c.id)).reduce((a, c) => a + c.n, 0);

  return {
    responses: o.responses,
    services: serviceIds.length,
    units: unitIds.length + 1,
    insertMs: insert.ms,
    totalsMs: totals.ms,
    analyzeMs,
    serviceCode,
    serviceResponses: mid.n,
    unitCode: BENCH_UNIT,
    unitServices: unitServiceIds.length,
    unitResponses,
  };
}

/**
 * buildDataset into a new SQLite file, with a big page cache for the bulk load and the rebuild's
 * GROUP BYs (setup only: the caller reopens the file with openDb's defaults before timing anything).
 */
export async function buildSqliteDataset(file: string, o: DatasetOptions): Promise<SqliteDataset> {
  const raw = openDb(file);
  migrate(raw);
  raw.pragma('cache_size = -262144');
  const store = SqliteDatabase.of(raw);
  try {
    const d = await buildDataset(store, o);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    await store.close();
    return { ...d, file, fileBytes: statSync(file).size };
  } finally {
    if (raw.open) raw.close();
  }
}
