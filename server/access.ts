import type { Request, Response } from 'express';
import type { Queryable } from './data/engine/index.js';
import { findApiToken } from './data/tokens.js';
import { subtreeUnitIds } from './data/units.js';
import type { Scope } from './results/scope.js';

/** Who is asking: a signed-in officer (set on res.locals.officer by the session layer) or an API token, both scoped to a unit's subtree. */
export interface Principal {
  kind: 'officer' | 'token';
  unitId: number;
}

async function principalOf(q: Queryable, req: Request, res: Response): Promise<Principal | null> {
  const officer = res.locals.officer;
  if (officer) return { kind: 'officer', unitId: officer.unitId };
  const auth = req.get('authorization');
  const m = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  if (!m) return null;
  const token = await findApiToken(q, m[1] as string);
  return token ? { kind: 'token', unitId: token.unit_id } : null;
}

/** Whether the principal's subtree holds the scope (the agency needs the root unit). */
export async function covers(q: Queryable, who: Principal, scope: Scope): Promise<boolean> {
  if (scope.kind === 'agency') return scope.unitId === who.unitId;
  return (await subtreeUnitIds(q, who.unitId)).includes(scope.unitId);
}

export type Access = { ok: true; principal: Principal | null } | { ok: false; status: 401 | 403; invalidToken: boolean };

/**
 * Published scopes are public; others need an officer or token whose subtree holds them.
 * No credentials, or a token that is unknown or revoked: 401 (RFC 6750); valid but elsewhere: 403.
 */
export async function scopeAccess(q: Queryable, req: Request, res: Response, scope: Scope): Promise<Access> {
  const who = await principalOf(q, req, res);
  if (who && (await covers(q, who, scope))) return { ok: true, principal: who };
  if (scope.published) return { ok: true, principal: null };
  return who ? { ok: false, status: 403, invalidToken: false } : { ok: false, status: 401, invalidToken: req.get('authorization') !== undefined };
}
