/**
 * The demo agency: a fictional regency (Kabupaten Mekarsari) with its units, services, targets and
 * about a year of realistic responses. Deterministic for a given seed and end date.
 */
import { createAgency, getAgency } from '../../server/data/agency.js';
import type { Database } from '../../server/data/engine/index.js';
import { serializeAcrossProcesses } from '../../server/data/locks.js';
import { insertResponseRows } from '../../server/data/response-rows.js';
import { createService } from '../../server/data/services.js';
import { recomputeTotalsIn } from '../../server/data/totals.js';
import { createUnit } from '../../server/data/units.js';
import { DEFAULT_TIME_ZONE, isValidTimeZone, localDate } from '../../server/indicators/timezone.js';
import { DEMO_AGENCY, DEMO_SERVICES, DEMO_UNITS, type DemoService } from './org.js';
import { seedFollowUp } from './followup.js';
import { seedPlanning } from './planning.js';
import { Random } from './random.js';
import { generateResponses, type Span } from './responses.js';
import { formatDay, parseDay, spanStart } from './time.js';
import { demoPasswordHashes, seedDemoUsers } from './users.js';

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
/**
 * Key of the transaction-level advisory lock a PostgreSQL load takes first: app processes starting
 * together on one database load the demo once (the second waits, then finds the agency). Fixed and
 * arbitrary ("mutu-dem" in ASCII); it locks the whole database, whatever the schema.
 */
const DEMO_LOCK_KEY = 0x6d7574752d64656dn;

/**
 * Loads the demo agency into a migrated database that holds no agency yet, all in one transaction:
 * organisation, responses, populations served, the target profile, the running totals and the demo
 * accounts.
 * @throws Error when the database already has an agency (nothing is written); RangeError on bad options.
 */
export async function loadDemo(db: Database, options: DemoOptions = {}): Promise<DemoSummary> {
  const summary = await loadDemoIfEmpty(db, options);
  if (!summary) throw new Error('loadDemo: the database already has an agency');
  return summary;
}

/**
 * loadDemo, but null (with nothing written) when the database already has an agency: another process
 * starting on the same database may have loaded the demo first. On PostgreSQL the check runs under
 * an advisory lock, so of processes loading at once one loads and the others wait and get null; on
 * SQLite the transaction holds the write lock from its start (BEGIN IMMEDIATE), to the same effect.
 * @throws RangeError on bad options.
 */
export async function loadDemoIfEmpty(db: Database, options: DemoOptions = {}): Promise<DemoSummary | null> {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone: ${timeZone}`);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new RangeError('seed must be an integer');
  const months = options.months ?? 12;
  if (!Number.isInteger(months) || months < 1 || months > 120) throw new RangeError('months must be an integer from 1 to 120');
  const now = options.endDate === undefined ? Date.now() : undefined;
  const endDay = parseDay(options.endDate ?? localDate(new Date(now ?? 0), timeZone));
  const startDay = spanStart(endDay, months);
  const passwordHashes = await demoPasswordHashes();

  return db.transaction(async (tx): Promise<DemoSummary | null> => {
    await serializeAcrossProcesses(tx, DEMO_LOCK_KEY);
    if (await getAgency(tx)) return null;
    const agencyId = await createAgency(tx, { ...DEMO_AGENCY, time_zone: timeZone });

    const unitIds = new Map<string, number>();
    for (const [position, u] of DEMO_UNITS.entries()) {
      const parentId = u.parent === null ? null : unitIds.get(u.parent);
      if (parentId === undefined) throw new Error(`demo unit ${u.code}: parent ${u.parent} not defined before it`);
      unitIds.set(
        u.code,
        await createUnit(tx, {
          agencyId,
          parentId,
          code: u.code,
          nameId: u.nameId,
          nameEn: u.nameEn,
          published: u.published,
          targetIkm: u.targetIkm,
          position,
        }),
      );
    }

    const services: Array<{ id: number; def: DemoService }> = [];
    for (const [position, s] of DEMO_SERVICES.entries()) {
      const unitId = unitIds.get(s.unit);
      if (unitId === undefined) throw new Error(`demo service ${s.code}: unknown unit ${s.unit}`);
      const id = await createService(tx, {
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
      services.push({ id, def: s });
    }

    const span: Span = { startDay, endDay, timeZone, notAfterMs: now };
    const responses = await insertResponseRows(tx, generateResponses(services, span, new Random(seed)));
    const dates = { from: formatDay(startDay), to: formatDay(endDay) };
    await seedPlanning(tx, unitIds.get(DEMO_UNITS[0]!.code)!, dates);
    await recomputeTotalsIn(tx);
    await seedDemoUsers(tx, unitIds, passwordHashes);
    await seedFollowUp(tx, dates, new Map(services.map((s) => [s.def.code, s.id])), unitIds);
    return { agencyId, units: unitIds.size, services: services.length, responses, ...dates };
  });
}
