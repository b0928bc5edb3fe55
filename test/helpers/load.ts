import { expect } from 'vitest';
import { createAgency } from '../../server/data/agency.js';
import type { Database, Queryable } from '../../server/data/engine/index.js';
import { createService } from '../../server/data/services.js';
import { recomputeTotalsIn } from '../../server/data/totals.js';
import { createUnit } from '../../server/data/units.js';
import { ELEMENT_CODES } from '../../server/indicators/types.js';
import { PROFILE_OPTIONS } from '../../server/vocabulary/profile.js';
import { isError, type LoadClient, type Reply } from './load-client.js';
import { expectSameTotals } from './totals-compare.js';

// Load and crash tests (issue 12, "In the suite"): many citizens at once, each loading the form (its
// idempotency key) and posting it, through real HTTP on loopback. Only what HTTP promises is checked:
// a 303 means stored, exactly once; anything else may be sent again with the same key.

const LOAD_SERVICES = ['ktp', 'kk', 'akta', 'pindah'] as const;

/** An agency, one unit and the LOAD_SERVICES (published); returns the unit's id and the services' ids by code. */
export async function seedLoadOrg(store: Database): Promise<{ unitId: number; services: Map<string, number> }> {
  return store.transaction(async (tx) => {
    const agencyId = await createAgency(tx, { code: 'uji', name_id: 'Kabupaten Uji', name_en: 'Uji Regency', time_zone: 'Asia/Jakarta' });
    const rootId = await createUnit(tx, { agencyId, parentId: null, code: 'pemkab', nameId: 'Pemkab Uji', nameEn: 'Uji Regency Government' });
    const unitId = await createUnit(tx, { agencyId, parentId: rootId, code: 'dukcapil', nameId: 'Dinas Dukcapil', nameEn: 'Population Registry' });
    const services = new Map<string, number>();
    for (const code of LOAD_SERVICES) {
      services.set(code, await createService(tx, { unitId, code, nameId: `Layanan ${code}`, nameEn: `Service ${code}`, published: true }));
    }
    return { unitId, services };
  });
}

/** One citizen: a form loaded from `base` and posted back with its key, from an address of its own (X-Forwarded-For). */
export interface Job {
  i: number;
  base: string;
  service: string;
  /** the form's idempotency key, once the form was loaded */
  key?: string;
  /** the last answer to the post: a status, or a network error */
  status?: number;
  error?: string;
  /** posts sent with this key */
  posts: number;
}

export function makeJobs(total: number, bases: readonly string[]): Job[] {
  return Array.from({ length: total }, (_, i) => ({ i, base: bases[i % bases.length]!, service: LOAD_SERVICES[i % LOAD_SERVICES.length]!, posts: 0 }));
}

/** A distinct client address per job (the app runs with TRUST_PROXY=1): each citizen is limited on its own, as behind a real proxy. */
export function clientAddress(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

/** A valid, fully varied answer: every element 1-4, some left empty, a profile, sometimes an age and a (unicode) comment. */
export function formBody(i: number, key: string): string {
  const f = new URLSearchParams();
  ELEMENT_CODES.forEach((c, j) => f.set(c, (i + j) % 7 === 6 ? '' : String(((i * 7 + j * 3) % 4) + 1)));
  f.set('gender', PROFILE_OPTIONS.gender[i % 2]!);
  f.set('education', PROFILE_OPTIONS.education[i % PROFILE_OPTIONS.education.length]!);
  f.set('occupation', i % 5 === 0 ? '' : PROFILE_OPTIONS.occupation[i % PROFILE_OPTIONS.occupation.length]!);
  f.set('disability', i % 3 === 0 ? 'na' : PROFILE_OPTIONS.disability[i % 2]!);
  if (i % 4 === 0) f.set('age_na', 'na');
  else f.set('age', String(17 + (i % 70)));
  f.set('comment', i % 3 === 0 ? `Pelayanan ke-${i} cukup baik, terima kasih 👍 ñ` : '');
  f.set('website', '');
  f.set('idem', key);
  return f.toString();
}

const KEY = /name="idem" value="([A-Za-z0-9_-]{16,64})"/;

async function loadForm(client: LoadClient, job: Job): Promise<Reply> {
  const reply = await client.send(job.base, { method: 'GET', path: `/s/${job.service}`, headers: { 'x-forwarded-for': clientAddress(job.i) } });
  if (!isError(reply) && reply.status === 200) job.key = KEY.exec(reply.body.toString())?.[1];
  return reply;
}

/** Posts the job's form (again, for a replay) to `base`, and records the answer. */
export async function post(client: LoadClient, job: Job, base = job.base): Promise<void> {
  job.posts++;
  const reply = await client.send(base, {
    method: 'POST',
    path: `/s/${job.service}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': clientAddress(job.i) },
    body: formBody(job.i, job.key!),
  });
  if (isError(reply)) [job.status, job.error] = [undefined, reply.error];
  else [job.status, job.error] = [reply.status, undefined];
}

export interface LoadOptions {
  /** posts in flight at once */
  concurrency: number;
  /** asked before each new job: true stops starting jobs (a crash test, once it killed the app) */
  stop?: () => boolean;
  /** called after each post's answer */
  posted?: (job: Job) => void;
}

/** Runs the jobs, `concurrency` at a time: each loads its form and posts it. Jobs not started have no key and were never sent. */
export async function runLoad(client: LoadClient, jobs: Job[], { concurrency, stop = () => false, posted }: LoadOptions): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length && !stop()) {
      const job = jobs[next++]!;
      const form = await loadForm(client, job);
      if (!job.key) {
        job.error = isError(form) ? form.error : `form answered ${form.status}`;
        continue;
      }
      await post(client, job);
      posted?.(job);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Posts each job again with its own key, `concurrency` at a time, to bases[i % bases.length] (a client's replay, through any process). */
export async function replay(client: LoadClient, jobs: Job[], bases: readonly string[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      await post(client, job, bases[job.i % bases.length]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export const acked = (jobs: Job[]): Job[] => jobs.filter((j) => j.status === 303);
export const sent = (jobs: Job[]): Job[] => jobs.filter((j) => j.key !== undefined && j.posts > 0);

/** Responses per idempotency key, as stored. */
async function storedKeys(q: Queryable): Promise<Map<string, number>> {
  const rows = await q.all<{ idem_key: string; n: number | string }>(
    'SELECT idem_key, count(*) AS n FROM responses WHERE idem_key IS NOT NULL GROUP BY idem_key',
  );
  return new Map(rows.map((r) => [r.idem_key, Number(r.n)]));
}

/** Every acknowledged job is stored exactly once; nothing is stored twice, nor anything that was never sent. Returns the stored count. */
export async function expectAckedStoredOnce(q: Queryable, jobs: Job[]): Promise<number> {
  const stored = await storedKeys(q);
  const missing = acked(jobs).filter((j) => stored.get(j.key!) !== 1);
  expect(missing.map((j) => `${j.key}: ${stored.get(j.key!) ?? 0} rows`)).toEqual([]);
  expect([...stored.values()].filter((n) => n !== 1)).toEqual([]);
  const keys = new Set(sent(jobs).map((j) => j.key));
  expect([...stored.keys()].filter((k) => !keys.has(k))).toEqual([]);
  expect(await q.value('SELECT count(*) FROM responses WHERE idem_key IS NULL')).toSatisfy((n) => Number(n) === 0);
  return stored.size;
}

const TOTALS = ['totals_day ORDER BY 1, 2, 3', 'totals_month ORDER BY 1, 2, 3', 'totals_group_month ORDER BY 1, 2, 3, 4'];

class Rollback extends Error {}

/**
 * The running totals equal a recomputation from the stored responses (so no response is stored
 * without its totals, nor totals without their response). The recomputation runs in a transaction
 * that is rolled back: the database is left as it was. Returns the responses the totals count.
 */
export async function expectTotalsRecomputable(store: Database): Promise<number> {
  // one query at a time: a transaction's connection runs one statement at a time
  const read = async (q: Queryable) => {
    const out: unknown[][] = [];
    for (const t of TOTALS) out.push(await q.all(`SELECT * FROM ${t}`));
    return out;
  };
  let kept: unknown[][] = [];
  let recomputed: unknown[][] = [];
  await store
    .transaction(async (tx) => {
      kept = await read(tx);
      await recomputeTotalsIn(tx);
      recomputed = await read(tx);
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  expectSameTotals(kept, recomputed);
  return (kept[1] as Array<{ n: number | string }>).reduce((s, r) => s + Number(r.n), 0);
}

/** How the jobs ended, counted: `{ 303: 2400 }`, or with the statuses and errors that came instead. */
export function outcomes(jobs: Job[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const j of jobs) {
    const k = j.status !== undefined ? String(j.status) : (j.error ?? 'not sent');
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
