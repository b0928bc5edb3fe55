/**
 * The demo agency: a fictional regency (Kabupaten Mekarsari) with its units, services, targets and
 * about a year of realistic responses. Deterministic for a given seed and end date.
 */
import type { Db } from '../../server/db.js';
import { createAgency, createService, createUnit } from '../../server/data/org.js';
import { rebuildTotals } from '../../server/data/totals.js';
import { DEFAULT_TIME_ZONE, isValidTimeZone, localDate } from '../../server/indicators/timezone.js';
import { DEMO_AGENCY, DEMO_SERVICES, DEMO_UNITS, type DemoService } from './org.js';
import { Random } from './random.js';
import { INSERT_COLUMNS, generateResponses, type ResponseValues } from './responses.js';
import { formatDay, parseDay, spanStart } from './time.js';
import { seedPlanning } from './planning.js';
import { seedDemoUsers } from './users.js';

export interface DemoOptions {
  /** Last day of data, agency-local YYYY-MM-DD; default: today in the time zone. */
  endDate?: string;
  /** Default 20261124. */
  seed?: number;
  /** Default 'Asia/Jakarta'. */
  timeZone?: string;
  /** Months of responses ending at endDate; default 12. */
  months?: number;
}

export interface DemoSummary {
  agencyId: number;
  units: number;
  services: number;
  responses: number;
  /** First and last local date of the span (inclusive). */
  from: string;
  to: string;
}

const DEFAULT_SEED = 20261124;
const BATCH = 50;

/**
 * Loads the demo agency into a migrated database that holds no agency yet, all in one transaction:
 * organisation, responses, populations served, the target profile, and the running totals.
 * @throws Error when the database already has an agency; RangeError on bad options.
 */
export function loadDemo(db: Db, options: DemoOptions = {}): DemoSummary {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone: ${timeZone}`);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new RangeError('seed must be an integer');
  const months = options.months ?? 12;
  if (!Number.isInteger(months) || months < 1 || months > 120) throw new RangeError('months must be an integer from 1 to 120');
  const now = options.endDate === undefined ? Date.now() : undefined;
  const endDay = parseDay(options.endDate ?? localDate(new Date(now ?? 0), timeZone));
  const startDay = spanStart(endDay, months);

  return db.transaction((): DemoSummary => {
    if (db.prepare('SELECT 1 FROM agencies LIMIT 1').get()) throw new Error('loadDemo: the database already has an agency');
    const agencyId = createAgency(db, { ...DEMO_AGENCY, time_zone: timeZone });

    const unitIds = new Map<string, number>();
    DEMO_UNITS.forEach((u, position) => {
      const parentId = u.parent === null ? null : unitIds.get(u.parent);
      if (parentId === undefined) throw new Error(`demo unit ${u.code}: parent ${u.parent} not defined before it`);
      unitIds.set(
        u.code,
        createUnit(db, { agencyId, parentId, code: u.code, nameId: u.nameId, nameEn: u.nameEn, published: u.published, targetIkm: u.targetIkm, position }),
      );
    });

    const services: Array<{ id: number; def: DemoService }> = DEMO_SERVICES.map((s, position) => {
      const unitId = unitIds.get(s.unit);
      if (unitId === undefined) throw new Error(`demo service ${s.code}: unknown unit ${s.unit}`);
      const id = createService(db, {
        unitId,
        code: s.code,
        nameId: s.nameId,
        nameEn: s.nameEn,
        active: s.active ?? true,
        published: s.published,
        targetIkm: s.targetIkm ?? null,
        embedOrigins: s.embedOrigins ?? '',
        position,
      });
      return { id, def: s };
    });

    const responses = insertResponses(db, services, { startDay, endDay, timeZone, notAfterMs: now }, new Random(seed));
    const span = { from: formatDay(startDay), to: formatDay(endDay) };
    seedPlanning(db, unitIds.get(DEMO_UNITS[0]!.code)!, span);
    rebuildTotals(db);
    seedDemoUsers(db, unitIds);
    return { agencyId, units: unitIds.size, services: services.length, responses, ...span };
  })();
}

/** Inserts the generated responses in batches of BATCH rows through two prepared statements. */
function insertResponses(db: Db, services: Array<{ id: number; def: DemoService }>, span: Parameters<typeof generateResponses>[1], rng: Random): number {
  const one = `(${INSERT_COLUMNS.map(() => '?').join(', ')})`;
  const sql = (rows: number): string => `INSERT INTO responses (${INSERT_COLUMNS.join(', ')}) VALUES ${Array(rows).fill(one).join(', ')}`;
  const batch = db.prepare(sql(BATCH));
  const single = db.prepare(sql(1));
  let pending: ResponseValues = [];
  let rows = 0;
  let count = 0;
  generateResponses(services, span, rng, (values) => {
    pending.push(...values);
    count += 1;
    if (++rows === BATCH) {
      batch.run(pending);
      pending = [];
      rows = 0;
    }
  });
  for (let i = 0; i < rows; i++) single.run(pending.slice(i * INSERT_COLUMNS.length, (i + 1) * INSERT_COLUMNS.length));
  return count;
}
