import type { Officer } from '../auth/index.js';
import type { Queryable } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import type { Publication, PublicationScope } from '../data/publications.js';
import { listServices } from '../data/services.js';
import { buildTree, flatten } from '../data/tree.js';
import { listUnits, subtreeUnitIds } from '../data/units.js';
import { HttpError } from '../errors.js';

// The scopes whose publication log an officer keeps: the agency (its root unit) for an admin, and
// every unit and service in the officer's subtree. Named in forms and URLs as `agency`,
// `unit:CODE`, `service:CODE`; never trusted from the request without checking the subtree.

export interface LogScope {
  key: string;
  label: string;
  kind: 'agency' | 'unit' | 'service';
  code: string;
  published: boolean;
  store: PublicationScope;
}

/** Every scope the officer may keep a log for, in tree order (the officer's own unit first). */
export async function officerLogScopes(q: Queryable, officer: Officer, lang: string): Promise<LogScope[]> {
  const mine = new Set(await subtreeUnitIds(q, officer.unitId));
  const units = (await listUnits(q)).filter((u) => mine.has(u.id));
  const services = (await listServices(q)).filter((s) => mine.has(s.unit_id));
  const out: LogScope[] = [];
  for (const n of flatten(buildTree(units, services))) {
    const u = n.unit;
    const agency = u.parent_id === null;
    const indent = '\u00a0\u00a0'.repeat(Math.max(0, n.depth));
    out.push({
      key: agency ? 'agency' : `unit:${u.code}`,
      label: `${indent}${nameIn(u, lang)}`,
      kind: agency ? 'agency' : 'unit',
      code: u.code,
      published: u.published === 1,
      store: { unitId: u.id },
    });
    for (const s of n.services) {
      out.push({
        key: `service:${s.code}`,
        label: `${indent}\u00a0\u00a0${nameIn(s, lang)}`,
        kind: 'service',
        code: s.code,
        published: s.published === 1,
        store: { serviceId: s.id },
      });
    }
  }
  return out;
}

/** The scope named by `key` among the officer's: 404 when no such unit or service exists, 403 when it is outside the subtree. */
export async function logScopeOf(q: Queryable, scopes: readonly LogScope[], key: string): Promise<LogScope> {
  const found = scopes.find((s) => s.key === key);
  if (found) return found;
  const [kind, code] = key.split(':');
  const exists =
    kind === 'agency'
      ? true
      : kind === 'unit'
        ? (await listUnits(q)).some((u) => u.code === code)
        : kind === 'service' && (await listServices(q)).some((s) => s.code === code);
  throw new HttpError(exists ? 403 : 404);
}

/** Whether an entry belongs to one of the officer's scopes. */
export function entryInScopes(p: Publication, scopes: readonly LogScope[]): LogScope | undefined {
  return scopes.find((s) => ('unitId' in s.store ? s.store.unitId === p.unit_id : s.store.serviceId === p.service_id));
}
