import type { Queryable } from './engine/index.js';

// The cache version stamp (010): one row whose version moves with every audited change. Caches of
// pages and public results remember the version they were built under; a newer one makes them stale.

/**
 * Moves the version on by one. Call it with the transaction of the change (recordAudit does): the
 * row stays locked until that transaction ends, so concurrent writers take turns and the version
 * grows in the order the changes commit. (The audit log's MAX(id) does not: ids are handed out when
 * rows are inserted, not when they commit.)
 */
export async function bumpCacheVersion(tx: Queryable): Promise<void> {
  await tx.run('UPDATE cache_version SET version = version + 1 WHERE id = 1');
}

/** The current version: one primary-key read. */
export async function cacheVersion(q: Queryable): Promise<number> {
  return Number((await q.value<number>('SELECT version FROM cache_version WHERE id = 1')) ?? 0);
}
