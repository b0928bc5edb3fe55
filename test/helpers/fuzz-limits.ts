import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { isError, type LoadClient, type Reply } from './load-client.js';
import type { FuzzTargets } from './fuzz-requests.js';
import { formBody } from './load.js';

// The fuzz lifts the rate limits so that 429 masks nothing; this shows, with the limits on, that a
// client over a limit gets a clean 429: a page (or JSON for a kiosk and the API) that says so.

type Answer = Exclude<Reply, { error: string }>;

/** Sends `make(k)` to bases in turn until one answers 429 (at most `max` tries); returns that answer. */
async function until429(client: LoadClient, bases: readonly string[], max: number, make: (k: number) => Parameters<LoadClient['send']>[1]): Promise<Answer> {
  for (let k = 0; k < max; k++) {
    const reply = await client.send(bases[k % bases.length]!, make(k));
    if (isError(reply)) throw new Error(`no answer: ${reply.error}`);
    if (reply.status === 429) return reply;
    expect(reply.status, reply.body.toString().slice(0, 200)).toBeLessThan(400);
  }
  throw new Error(`no 429 after ${max} requests`);
}

export async function expectCleanTooMany(
  client: LoadClient,
  bases: string | readonly string[],
  t: FuzzTargets,
  max = { survey: 80, kiosk: 320, api: 160 },
): Promise<void> {
  const all = typeof bases === 'string' ? [bases] : bases;
  const from = { 'x-forwarded-for': '10.250.0.1' };
  const page = await until429(client, all, max.survey, (k) => ({
    method: 'POST',
    path: '/s/ktp?lang=en',
    headers: { ...from, 'content-type': 'application/x-www-form-urlencoded' },
    body: formBody(k, randomUUID()),
  }));
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  expect(page.headers.ratelimit ?? page.headers['retry-after']).toBeTruthy();
  expect(page.body.toString()).toContain('Too many');

  const kiosk = await until429(client, all, max.kiosk, (k) => ({
    method: 'POST',
    path: `/kiosk/${t.kiosks[0]}/responses`,
    headers: { ...from, 'content-type': 'application/json' },
    body: JSON.stringify({ ...Object.fromEntries(new URLSearchParams(formBody(k, randomUUID()))), service: 'ktp', lang: 'id' }),
  }));
  expect(kiosk.headers['content-type']).toMatch(/^application\/json/);
  expect((JSON.parse(kiosk.body.toString()) as { error: string }).error).toBeTruthy();

  const api = await until429(client, all, max.api, () => ({ method: 'GET', path: '/api/v1/services', headers: from }));
  expect(api.headers['content-type']).toMatch(/^application\/json/);
  expect((JSON.parse(api.body.toString()) as { error: string }).error).toBeTruthy();
}
