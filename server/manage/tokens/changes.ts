import type { AuditActor } from '../../data/audit.js';
import type { Database } from '../../data/engine/index.js';
import { addApiToken, revokeToken, type TokenRow } from '../../data/tokens.js';
import { audited } from '../audited.js';
import { unitCodeOf } from '../org-fields.js';

// Changes to API tokens, through the one audited-change helper (../audited.ts).

/** Creates a token; the secret is returned once and never stored (server/data/tokens.ts keeps its hash). */
export function createTokenAudited(store: Database, actor: AuditActor, unitId: number, name: string): Promise<{ id: number; token: string }> {
  return audited(store, actor, async (tx) => {
    const created = await addApiToken(tx, unitId, name);
    const details = { after: { name, unit: await unitCodeOf(tx, unitId) } };
    return { result: created, audit: [{ action: 'create', entity: { kind: 'token', id: created.id, code: name }, details }] };
  });
}

/** Revokes a live token with its audit row; false when it was revoked already (also by a concurrent request). */
export async function revokeTokenAudited(store: Database, actor: AuditActor, token: TokenRow): Promise<boolean> {
  if (token.revoked_at) return false;
  return audited(store, actor, async (tx) => {
    if (!(await revokeToken(tx, token.id))) return { result: false, audit: [] };
    const details = { before: { revoked: false }, after: { revoked: true }, unit: await unitCodeOf(tx, token.unit_id) };
    return { result: true, audit: [{ action: 'revoke', entity: { kind: 'token', id: token.id, code: token.name }, details }] };
  });
}
