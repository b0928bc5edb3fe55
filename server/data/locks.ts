import type { Queryable } from './engine/index.js';

/**
 * Makes a one-time job (loading the demo into an empty database) run once when several processes
 * start together: call it first in the job's transaction. PostgreSQL takes a transaction-level
 * advisory lock, released at commit or rollback, so the second process waits and then sees the
 * first one's rows. SQLite needs nothing: its transactions take the write lock at BEGIN IMMEDIATE.
 * `key` is a fixed, arbitrary 64-bit number per job.
 */
export async function serializeAcrossProcesses(tx: Queryable, key: bigint): Promise<void> {
  if (tx.engine === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(?)', [key.toString()]);
}
