import { changes, recordAudit, type AuditActor, type AuditEntity } from '../data/audit.js';
import type { Database, Queryable } from '../data/engine/index.js';

// The one way management changes anything: the change and its audit rows in one transaction, both
// or neither. Inside the transaction only its handle (tx) is used and nothing but database calls is
// awaited (hashing and other slow work happen before). Audit rows never hold a password, a hash or a
// token: only that one was set.

export interface AuditEntry {
  action: string;
  entity: AuditEntity;
  details: object;
}

/** Runs `change` in a transaction and records the audit entries it returns (none: nothing is recorded). */
export function audited<T>(store: Database, actor: AuditActor, change: (tx: Queryable) => Promise<{ result: T; audit: AuditEntry[] }>): Promise<T> {
  return store.transaction(async (tx) => {
    const { result, audit } = await change(tx);
    for (const e of audit) await recordAudit(tx, actor, e.action, e.entity, e.details);
    return result;
  });
}

export interface AuditedUpdate<S extends object> {
  action?: string;
  entity: AuditEntity;
  /** snapshots for the audit row (codes, not ids: the row must read on its own) */
  before: (tx: Queryable) => Promise<S>;
  after: (tx: Queryable) => Promise<S>;
  write: (tx: Queryable) => Promise<void>;
}

/** Writes only when a snapshot field differs, and records { before, after } of those fields; returns whether anything changed. */
export function auditedUpdate<S extends object>(store: Database, actor: AuditActor, u: AuditedUpdate<S>): Promise<boolean> {
  return audited(store, actor, async (tx) => {
    const diff = changes(await u.before(tx), await u.after(tx));
    if (!diff) return { result: false, audit: [] };
    await u.write(tx);
    return { result: true, audit: [{ action: u.action ?? 'update', entity: u.entity, details: diff }] };
  });
}

export interface AuditedCreate {
  kind: string;
  code: string;
  insert: (tx: Queryable) => Promise<number>;
  /** the snapshot of what was made, for the audit row */
  after: (tx: Queryable) => Promise<object>;
}

/** Inserts a row and records its 'create' entry with the snapshot; returns the new id. */
export function auditedCreate(store: Database, actor: AuditActor, c: AuditedCreate): Promise<number> {
  return audited(store, actor, async (tx) => {
    const id = await c.insert(tx);
    return { result: id, audit: [{ action: 'create', entity: { kind: c.kind, id, code: c.code }, details: { after: await c.after(tx) } }] };
  });
}
