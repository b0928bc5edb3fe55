import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { ROOT } from '../../server/paths.js';
import { isError, type LoadClient, type RawRequest, type Reply } from './load-client.js';
import { fuzzRequest, type FuzzTargets } from './fuzz-requests.js';
import { clientAddress } from './load.js';

// Runs the generated requests (fuzz-requests.ts) against listening apps, a few at once, seeded:
// FUZZ_SEED=<n> replays a run (the seed is printed), FUZZ_RUNS=<n> changes how many requests it
// sends. A request fails the property when the answer is a 5xx, a network error, an error without
// a clear body, or a 4xx that says the server failed.

const DEFAULT_FUZZ_SEED = 20261130;

function fuzzSeed(): number {
  const given = Number(process.env.FUZZ_SEED);
  return Number.isSafeInteger(given) && process.env.FUZZ_SEED !== '' ? given : DEFAULT_FUZZ_SEED;
}

export function fuzzRuns(fallback: number): number {
  const given = Number(process.env.FUZZ_RUNS);
  return Number.isSafeInteger(given) && given > 0 ? given : fallback;
}

/** The "our fault" message of a 500 in every language: a 4xx must never say it. */
const SERVER_FAULT = ['en', 'id'].map(
  (lang) => (JSON.parse(readFileSync(join(ROOT, 'locales', `${lang}.json`), 'utf8')) as { errors: { http_500: string } }).errors.http_500,
);

/** What is wrong with an answer, or null when it is a clear one. */
function replyProblem(r: RawRequest, reply: Reply): string | null {
  if (isError(reply)) return `no answer: ${reply.error}`;
  const { status, headers, body } = reply;
  if (status >= 500) return `${status}: ${body.toString().slice(0, 300)}`;
  if (status < 200) return `status ${status}`;
  if (status >= 300 && status < 400 && status !== 304 && !headers.location) return `${status} without a Location`;
  if (status >= 200 && status < 300 && r.method !== 'HEAD' && r.method !== 'OPTIONS' && body.length === 0) return `${status} with an empty body`;
  if (status >= 400 && r.method !== 'HEAD') {
    if (body.length === 0) return `${status} with an empty body`;
    const type = String(headers['content-type'] ?? '');
    if (SERVER_FAULT.some((m) => body.includes(m))) return `${status} that says the server failed`;
    if (!/^(text\/html|application\/json|text\/plain)/.test(type)) return `${status} as ${type || 'no content type'}`;
    if (type.startsWith('application/json')) {
      const parsed = JSON.parse(body.toString()) as { error?: unknown; errors?: unknown };
      if (typeof parsed.error !== 'string' && typeof parsed.errors !== 'object') return `${status} JSON without error(s): ${body.toString().slice(0, 200)}`;
    }
  }
  return null;
}

export interface FuzzResult {
  seed: number;
  runs: number;
  /** answers counted by status */
  statuses: Record<number, number>;
  /** the paths answered 429 */
  limited: string[];
}

/** Requests sent at once in each property run: the server meets them concurrently, and the run takes a quarter of the time. */
const BATCH = 4;

/**
 * Sends `requests` generated requests, BATCH at a time, spread over `bases`, and checks every
 * answer; `distinctClients`: each from an address of its own (X-Forwarded-For), for apps whose
 * limits stay on. On a failure the error names the seed and the request (FUZZ_SHRINK=1: the
 * smallest failing batch fast-check finds).
 */
export async function fuzzEndpoints(
  client: LoadClient,
  bases: readonly string[],
  targets: FuzzTargets,
  requests: number,
  { distinctClients = false }: { distinctClients?: boolean } = {},
): Promise<FuzzResult> {
  const seed = fuzzSeed();
  const runs = Math.ceil(requests / BATCH);
  console.log(`fuzz: seed ${seed}, ${runs * BATCH} requests (replay with FUZZ_SEED=${seed})`);
  const statuses: Record<number, number> = {};
  const limited: string[] = [];
  let k = 0;
  const one = async (generated: RawRequest): Promise<void> => {
    const n = k++;
    // app processes keep their rate limits: each request then comes from an address of its own (TRUST_PROXY=1)
    const r = distinctClients ? { ...generated, headers: { ...generated.headers, 'x-forwarded-for': clientAddress(100_000 + n) } } : generated;
    const reply = await client.send(bases[n % bases.length]!, r);
    if (!isError(reply)) statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
    if (!isError(reply) && reply.status === 429) limited.push(r.path);
    if (process.env.FUZZ_TRACE) console.log(r.method, r.path.slice(0, 80), isError(reply) ? reply.error : reply.status);
    const problem = replyProblem(r, reply);
    if (problem) throw new Error(`${r.method} ${r.path.slice(0, 200)} -> ${problem.slice(0, 400)}`);
  };
  await fc.assert(
    fc.asyncProperty(fc.array(fuzzRequest(targets), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      await Promise.all(batch.map(one));
    }),
    { seed, numRuns: runs, endOnFailure: process.env.FUZZ_SHRINK !== '1' },
  );
  expect(Object.values(statuses).reduce((a, b) => a + b, 0)).toBe(runs * BATCH);
  return { seed, runs: runs * BATCH, statuses, limited };
}
