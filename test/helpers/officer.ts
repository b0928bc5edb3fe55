import { load } from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import { hashPasswordSync } from '../../server/auth/passwords.js';
import type { Queryable } from '../../server/data/engine/index.js';
import { addUser, type Role } from '../../server/data/users.js';

export type Agent = ReturnType<typeof request.agent>;

export interface NewOfficer {
  role: Role;
  /** An admin needs the root unit. */
  unitId: number;
  email?: string;
  name?: string;
  password?: string;
}

export interface OfficerAccount {
  userId: number;
  email: string;
  password: string;
}

export interface SignedIn extends OfficerAccount {
  /** Carries the session cookie on every request. */
  agent: Agent;
  /** The session's CSRF token, read from the `_csrf` field of a page with a form (default: the password page). */
  csrf: (url?: string) => Promise<string>;
}

let counter = 0;

/** Creates an officer directly in the database (default email `<role>-<n>@test.mutu.id`, password `correct horse battery`). */
export async function createOfficer(store: Queryable, o: NewOfficer): Promise<OfficerAccount> {
  const email = o.email ?? `${o.role}-${++counter}@test.mutu.id`;
  const password = o.password ?? 'correct horse battery';
  const userId = await addUser(store, { email, name: o.name ?? `Petugas ${o.role}`, role: o.role, unitId: o.unitId, passwordHash: hashPasswordSync(password) });
  return { userId, email, password };
}

/** The value of the first `_csrf` field on the page, read with the agent's cookies. */
export async function csrfFrom(agent: Agent, url: string): Promise<string> {
  const res = await agent.get(url);
  const token = load(res.text)('input[name=_csrf]').first().attr('value');
  if (!token) throw new Error(`no _csrf field on ${url} (status ${res.status})`);
  return token;
}

/** Signs in through the real /login form (with its CSRF token); throws unless it answers 303. */
export async function signIn(app: Express, email: string, password: string): Promise<{ agent: Agent; csrf: (url?: string) => Promise<string> }> {
  const agent = request.agent(app);
  const token = await csrfFrom(agent, '/login');
  const res = await agent.post('/login').type('form').send({ _csrf: token, email, password });
  if (res.status !== 303) throw new Error(`sign-in as ${email} answered ${res.status}`);
  return { agent, csrf: (url = '/account/password') => csrfFrom(agent, url) };
}

/** Creates an officer of a role on a unit and signs them in. */
export async function signInAs(app: Express, store: Queryable, o: NewOfficer): Promise<SignedIn> {
  const account = await createOfficer(store, o);
  return { ...account, ...(await signIn(app, account.email, account.password)) };
}

/** The fields of the last post form in `main` of a page, as a browser would send them back (checked boxes, selected options, values). */
export function postFormFields(html: string): Record<string, string> {
  const $ = load(html);
  const out: Record<string, string> = {};
  $('main form[method=post]')
    .last()
    .find('input, select')
    .each((_, el) => {
      const name = $(el).attr('name');
      const type = $(el).attr('type');
      if (!name) return;
      if (type === 'checkbox') {
        if ($(el).is('[checked]')) out[name] = $(el).attr('value') ?? '1';
      } else if (el.tagName === 'select') out[name] = $(el).find('option[selected]').attr('value') ?? '';
      else out[name] = $(el).attr('value') ?? '';
    });
  return out;
}
