import type { SurveySubmission } from '../vocabulary/submission.js';
import { isDbBusy } from '../errors.js';
import type { Database, Queryable } from './engine/index.js';
import { storeKeyedResponsesIn, type ResponseMeta } from './responses.js';
import { TotalsBatch } from './totals-batch.js';
import { isUnrated, storeSubmissionIn, type StoredSubmission } from './unrated-visits.js';

// Group commit (issue 12, "Acknowledged means on disk"). Citizens' posts that arrive together are
// validated one by one by their requests, then written here in ONE transaction: each row inserted,
// the running totals of the whole batch summed in memory and upserted once per totals row, one
// commit, so one sync to disk (SQLite synchronous=FULL; PostgreSQL synchronous_commit=on) for the
// whole batch. Each post's promise settles only after that commit: its 303 never leaves before the
// response is on disk.
//
// When idle, a batch starts on the turn of the event loop after its first post arrives
// (setImmediate): a lone post waits for nothing but its own commit. Under load (the last batch
// ended moments ago) the next one waits about as long as a commit takes before it starts, as
// PostgreSQL's commit_delay does: Node accepts one new connection per turn of its loop, so posts
// on fresh connections (a proxy that does not keep them alive) would otherwise each get a commit of
// their own. While a batch is being written (PostgreSQL: waiting for the server), newcomers wait
// for the next one. One batch at a time per process. Should a batch fail for a reason other than a lock held elsewhere, each of its posts is
// tried again alone, so one bad post never costs the others their answer.

/** Posts in one transaction at most: bounds how long one commit holds the write lock. */
const MAX_BATCH = 256;
/** A batch that ended less than this long ago means posts are arriving steadily: gather before writing. */
const BUSY_WITHIN_MS = 20;
/** The most a post waits for others to join its batch. */
const MAX_GATHER_MS = 4;

interface Job {
  s: SurveySubmission;
  meta: ResponseMeta;
  resolve(r: StoredSubmission): void;
  reject(err: unknown): void;
}

export interface GroupCommitStats {
  /** transactions committed (each one sync) */
  batches: number;
  /** posts written in them, duplicates included */
  posts: number;
  /** the most posts one batch held */
  largest: number;
  /** batches that failed and were retried one post at a time */
  retried: number;
}

export class SubmissionQueue {
  private static readonly queues = new WeakMap<Database, SubmissionQueue>();

  /** The one queue of a database: the survey, counter links and kiosks share it. */
  static for(db: Database): SubmissionQueue {
    let q = SubmissionQueue.queues.get(db);
    if (!q) SubmissionQueue.queues.set(db, (q = new SubmissionQueue(db)));
    return q;
  }

  private waiting: Job[] = [];
  private writing = false;
  private scheduled = false;
  /** when the last batch ended, and how long its transaction took (ms, performance.now()) */
  private lastEnded = -Infinity;
  private lastTook = 0;
  /** PostgreSQL: whether the sessions' commits do not wait for the disk (read at the first batch) */
  private asyncSessions: Promise<boolean> | undefined;
  readonly stats: GroupCommitStats = { batches: 0, posts: 0, largest: 0, retried: 0 };

  private constructor(private readonly db: Database) {}

  /** Posts waiting for the next batch (not those of the batch being written). */
  get depth(): number {
    return this.waiting.length;
  }

  /**
   * Stores a valid submission with the others of its batch; resolves after the commit. Rejects with
   * the database's error when the batch could not be written (SQLITE_BUSY: a lock held elsewhere,
   * nothing of the batch stored, the same key may be sent again).
   */
  submit(s: SurveySubmission, meta: ResponseMeta): Promise<StoredSubmission> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ s, meta, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    const start = (): void => {
      this.scheduled = false;
      void this.writeNext();
    };
    const busy = performance.now() - this.lastEnded < BUSY_WITHIN_MS;
    if (busy && this.waiting.length < MAX_BATCH) setTimeout(start, Math.min(MAX_GATHER_MS, Math.max(1, this.lastTook)));
    else setImmediate(start);
  }

  private async writeNext(): Promise<void> {
    if (this.writing || this.waiting.length === 0) return;
    this.writing = true;
    const batch = this.waiting.splice(0, MAX_BATCH);
    const began = performance.now();
    try {
      const results = await this.write(batch);
      this.count(batch.length);
      batch.forEach((job, i) => job.resolve(results[i] as StoredSubmission));
    } catch (err) {
      if (batch.length === 1 || isDbBusy(err)) batch.forEach((job) => job.reject(err));
      else await this.oneByOne(batch);
    } finally {
      this.writing = false;
      this.lastEnded = performance.now();
      this.lastTook = this.lastEnded - began;
      if (this.waiting.length) this.schedule();
    }
  }

  /** Writes jobs in one transaction whose commit waits for the disk; their results, in order. */
  private async write(jobs: readonly Job[]): Promise<StoredSubmission[]> {
    const turnSyncOn = this.db.engine === 'postgres' && (await this.sessionsCommitAsync());
    return this.db.transaction((tx) => storeBatchIn(tx, jobs, turnSyncOn));
  }

  /** PostgreSQL: read once (again after a failed read) whether the sessions' commits skip the wait for the disk. */
  private sessionsCommitAsync(): Promise<boolean> {
    this.asyncSessions ??= this.db.value<boolean>(SESSIONS_COMMIT_ASYNC).then(Boolean, (err: unknown) => {
      this.asyncSessions = undefined;
      throw err;
    });
    return this.asyncSessions;
  }

  /** A failed batch: each post alone, in its own transaction, so only a post that truly fails fails. */
  private async oneByOne(batch: readonly Job[]): Promise<void> {
    this.stats.retried++;
    for (const job of batch) {
      try {
        job.resolve((await this.write([job]))[0] as StoredSubmission);
        this.count(1);
      } catch (err) {
        job.reject(err);
      }
    }
  }

  private count(posts: number): void {
    this.stats.batches++;
    this.stats.posts += posts;
    this.stats.largest = Math.max(this.stats.largest, posts);
  }
}

/**
 * Writes a batch in the caller's transaction and returns each job's result, in the batch's order.
 * Rows are inserted in the order of their (service, key), so that two processes writing batches
 * that share keys (a retry sent to the other process) wait for each other in one order and never
 * deadlock; the totals rows likewise (TotalsBatch).
 */
/**
 * PostgreSQL: whether the app's sessions run with synchronous_commit=off (a role's or the server's
 * default; every connection of the pool has the same), read once. A batch then turns it on for its
 * own transaction, so its commit waits for the WAL to reach the disk; otherwise a batch sends nothing
 * more (a stronger setting, such as remote_apply, is kept).
 */
const SESSIONS_COMMIT_ASYNC = "SELECT current_setting('synchronous_commit') = 'off'";

async function storeBatchIn(tx: Queryable, batch: readonly Job[], turnSyncOn: boolean): Promise<StoredSubmission[]> {
  if (turnSyncOn) await tx.run('SET LOCAL synchronous_commit = on');
  const order = batch.map((_, i) => i).sort((a, b) => compareJobs(batch[a] as Job, batch[b] as Job));
  const totals = new TotalsBatch();
  const results: StoredSubmission[] = [];
  // PostgreSQL: the keyed IKM responses in one statement (a round trip saved per post); SQLite runs
  // cached one-row statements, cheaper there than one long statement
  const together = tx.engine === 'postgres' ? order.filter((i) => isKeyedRated(batch[i] as Job)) : [];
  if (together.length) {
    const stored = await storeKeyedResponsesIn(tx, together.map((i) => batch[i] as Job), totals);
    together.forEach((i, k) => (results[i] = { ...(stored[k] as { id: number; duplicate: boolean }), unrated: false }));
  }
  for (const i of order) {
    if (results[i]) continue;
    const { s, meta } = batch[i] as Job;
    results[i] = await storeSubmissionIn(tx, s, meta, totals);
  }
  await totals.writeTo(tx);
  return results;
}

/** A post with an idempotency key that rates at least one element: an IKM response that the multi-row insert takes. */
function isKeyedRated(job: Job): boolean {
  return job.s.idempotencyKey !== null && !isUnrated(job.s);
}

function compareJobs(a: Job, b: Job): number {
  if (a.meta.serviceId !== b.meta.serviceId) return a.meta.serviceId - b.meta.serviceId;
  const ka = a.s.idempotencyKey ?? '';
  const kb = b.s.idempotencyKey ?? '';
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
