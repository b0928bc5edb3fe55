import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db.js';

// API tokens: high-entropy random secrets, shown once; only their SHA-256 is stored
// (a slow password hash adds nothing for 256-bit random values).

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

export function createApiToken(db: Db, unitId: number, name: string): { id: number; token: string } {
  const token = `mutu_${randomBytes(32).toString('base64url')}`;
  const id = Number(db.prepare('INSERT INTO api_tokens (unit_id, name, token_hash) VALUES (?, ?, ?)').run(unitId, name, hash(token)).lastInsertRowid);
  return { id, token };
}

/** The live token with this secret (and notes its use), or undefined. */
export function findApiToken(db: Db, token: string): { id: number; unit_id: number } | undefined {
  const row = db.prepare('SELECT id, unit_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL').get(hash(token)) as
    | { id: number; unit_id: number }
    | undefined;
  if (row) db.prepare("UPDATE api_tokens SET last_used_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?").run(row.id);
  return row;
}

export function revokeApiToken(db: Db, id: number): void {
  db.prepare("UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND revoked_at IS NULL").run(id);
}

export interface ApiTokenRow {
  id: number;
  unit_id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function listApiTokens(db: Db, unitIds: number[]): ApiTokenRow[] {
  return db
    .prepare(
      `SELECT id, unit_id, name, created_at, last_used_at, revoked_at FROM api_tokens
        WHERE unit_id IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, id DESC`,
    )
    .all(JSON.stringify(unitIds)) as ApiTokenRow[];
}
