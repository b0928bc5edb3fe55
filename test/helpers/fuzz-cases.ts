import { randomUUID } from 'node:crypto';
import { load } from 'cheerio';
import { expect } from 'vitest';
import type { Queryable } from '../../server/data/engine/index.js';
import { isError, type LoadClient, type RawRequest } from './load-client.js';
import { formBody } from './load.js';

// What fuzzing found (issue 12), kept as plain cases on both engines:
// - a NUL in a comment was stored on SQLite, and failed the post with a 500 on PostgreSQL;
// - a NUL in a unit or service code of a results page or the results API: 500 on PostgreSQL;
// - a NUL in the sign-in e-mail: 500 on PostgreSQL;
// - an officer page with a very long address redirected to /login?next=<all of it>: a Location
//   header too large for a client or a proxy's buffer;
// - an address or headers too large for Node's parser: a 431 without a word of explanation;
// - a body in a charset the parsers do not read: 415 with "something went wrong on our side".

async function answer(client: LoadClient, base: string, r: RawRequest) {
  const reply = await client.send(base, r);
  if (isError(reply)) throw new Error(`${r.method} ${r.path}: no answer (${reply.error})`);
  return { ...reply, text: reply.body.toString() };
}

export async function expectFoundCasesFixed(client: LoadClient, base: string, store: Queryable): Promise<void> {
  const from = { 'x-forwarded-for': '10.251.0.1' };
  // a comment keeps its text, bidi controls included, without NUL or other control characters
  const key = randomUUID();
  const fields = new URLSearchParams(formBody(3, key));
  fields.set('comment', 'Antre\u0000 lama\u0007 \u202Ebaik\u202C');
  const posted = await answer(client, base, {
    method: 'POST',
    path: '/s/ktp',
    headers: { ...from, 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
  });
  expect(posted.status).toBe(303);
  expect(await store.value('SELECT comment FROM responses WHERE idem_key = ?', [key])).toBe('Antre lama \u202Ebaik\u202C');

  for (const path of ['/results/units/%00', '/results/services/k%00tp', '/api/v1/units/%00/results', '/api/v1/services/ktp%00/results?period=2026']) {
    const res = await answer(client, base, { method: 'GET', path, headers: from });
    expect(res.status, path).toBe(404);
    expect(res.text.length, path).toBeGreaterThan(0);
  }

  // sign-in: a NUL in the address is a wrong address, said as such
  const page = await answer(client, base, { method: 'GET', path: '/login?lang=en', headers: from });
  const cookie = ([] as string[])
    .concat(page.headers['set-cookie'] ?? [])
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = load(page.text)('input[name=_csrf]').attr('value') ?? '';
  const login = new URLSearchParams({ _csrf: csrf, email: 'admin\u0000@uji.go.id', password: 'a long enough password' });
  const refused = await answer(client, base, {
    method: 'POST',
    path: '/login?lang=en',
    headers: { ...from, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: login.toString(),
  });
  expect(refused.status).toBe(401);
  expect(load(refused.text)('.error-summary').text()).toContain('email or password is incorrect');

  // an officer page at a very long address: to /login, without the address to come back to
  const long = await answer(client, base, { method: 'GET', path: `/dashboard?note=${'x'.repeat(3000)}`, headers: from });
  expect(long.status).toBe(303);
  expect(String(long.headers.location)).toMatch(/^\/login(\?lang=\w+)?$/);

  // a charset no body parser reads: the request's fault, said as such
  const charset = await answer(client, base, {
    method: 'POST',
    path: '/s/ktp?lang=en',
    headers: { ...from, 'content-type': 'application/x-www-form-urlencoded; charset=utf-16' },
    body: formBody(4, randomUUID()),
  });
  expect(charset.status).toBe(415);
  expect(charset.text).toContain('The request is not valid.');
  expect(charset.text).not.toContain('on our side');

  // an address too large for the parser: 431 with a text that says why, in both languages
  const huge = await answer(client, base, { method: 'GET', path: `/s/ktp?x=${'y'.repeat(20_000)}`, headers: from });
  expect(huge.status).toBe(431);
  expect(huge.text).toContain('The data sent is too large.');
  expect(huge.text).toContain('Data yang dikirim terlalu besar.');
}
