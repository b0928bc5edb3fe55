import { createHash, randomBytes } from 'node:crypto';
import { inList, type Queryable } from './engine/index.js';

// API tokens: high-entropy random secrets, shown once; only their SHA-256 is stored
// (a slow password hash adds nothing for 256-bit random values).

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');
const newSecret = (): string => `mutu_${randomBytes(32).toString('base64url')}`;
/** Now, as the table stores instants (the same text as SQLite's strftime('%Y-%m-%dT%H:%M:%fZ')). */
const nowText = (): string => new Date().toISOString();

/** Creates a token for a unit's subtree: the secret is returned once and never stored. */
export async function addApiToken(q: Queryable, unitId: number, name: string): Promise<{ id: number; token: string }> {
  const token = newSecret();
  const id = await q.value<number>('INSERT INTO api_tokens (unit_id, name, token_hash) VALUES (?, ?, ?) RETURNING id', [unitId, name, hash(token)]);
  return { id: Number(id), token };
}

/** The live token with this secret, noting its use (one statement), or undefined. */
export function findApiToken(q: Queryable, token: string): Promise<{ id: number; unit_id: number } | undefined> {
  return q.get<{ id: number; unit_id: number }>('UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ? AND revoked_at IS NULL RETURNING id, unit_id', [
    nowText(),
    hash(token),
  ]);
}

/** Revokes a live token; false when it was revoked already (or does not exist). */
export async function revokeToken(q: Queryable, id: number): Promise<boolean> {
  return (await q.run('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [nowText(), id])).changes > 0;
}

export interface TokenRow {
  id: number;
  unit_id: number;
  name: string;
  revoked_at: string | null;
}

export function getApiToken(q: Queryable, id: number): Promise<TokenRow | undefined> {
  return q.get<TokenRow>('SELECT id, unit_id, name, revoked_at FROM api_tokens WHERE id = ?', [id]);
}

export interface ApiTokenRow {
  id: number;
  unit_id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Tokens of these units, newest first. */
export function listApiTokens(q: Queryable, unitIds: readonly number[]): Promise<ApiTokenRow[]> {
  return q.all<ApiTokenRow>(
    `SELECT id, unit_id, name, created_at, last_used_at, revoked_at FROM api_tokens
      WHERE ${inList(q.engine, 'unit_id')} ORDER BY created_at DESC, id DESC`,
    [JSON.stringify(unitIds)],
  );
}
