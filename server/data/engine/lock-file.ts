import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

/**
 * One app process serves a SQLite database (one writer is the design; PostgreSQL serves several).
 * The app takes this advisory lock beside the database file at start and a second app on the same
 * file is refused. It is only a file: the database itself stays unlocked, so a backup, a check or
 * create-admin can still open it while the app runs (never `locking_mode=EXCLUSIVE`).
 *
 * The file holds the holder's pid, host and start time. A lock left by a process that died (a
 * crash, a kill -9) is taken over: on the same host a pid that no longer runs, or our own pid (a
 * container restarted with the same pid 1) is stale. A lock from another host (a shared disk) is
 * never guessed stale.
 */
export class DatabaseLockedError extends Error {}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

export interface FileLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

/** Takes the lock file `${databasePath}.lock`; throws DatabaseLockedError, saying who holds it and what to do. */
export function lockDatabaseFile(databasePath: string, now: () => Date = () => new Date()): FileLock {
  const path = `${databasePath}.lock`;
  const me: Holder = { pid: process.pid, host: hostname(), since: now().toISOString() };
  const mine = JSON.stringify(me);
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder = readHolder(path);
      if (!holder) {
        // another process may be between creating and writing it: look again shortly
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        holder = readHolder(path);
      }
      if (holder && !isStale(holder, me)) throw new DatabaseLockedError(lockedMessage(databasePath, path, holder));
      removeIfUnchanged(path, holder); // stale or unreadable: take it over
      continue;
    }
    try {
      writeSync(fd, mine);
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      path,
      release() {
        if (released) return;
        released = true;
        if (readRaw(path) === mine) unlinkQuietly(path);
      },
    };
  }
  throw new DatabaseLockedError(`Could not take the lock file ${path}: other processes keep creating it.`);
}

function lockedMessage(databasePath: string, path: string, h: Holder): string {
  return (
    `Another Mutu process (pid ${h.pid} on ${h.host}, since ${h.since}) is serving the SQLite database ${databasePath}. ` +
    'One app process serves a SQLite database: stop the other one first, or move to PostgreSQL (DATABASE_URL, README "Several processes") to run several. ' +
    `If no Mutu process runs any more, delete ${path}.`
  );
}

function isStale(h: Holder, me: Holder): boolean {
  if (h.host !== me.host) return false;
  if (h.pid === me.pid) return true;
  return !isRunning(h.pid);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // it runs, as another user
  }
}

function readRaw(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function readHolder(path: string): Holder | null {
  const raw = readRaw(path);
  try {
    const h = JSON.parse(raw ?? '') as Partial<Holder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.since === 'string') return h as Holder;
  } catch {
    // half-written or foreign: treated as stale below
  }
  return null;
}

function removeIfUnchanged(path: string, seen: Holder | null): void {
  const now = readHolder(path);
  if (JSON.stringify(now) === JSON.stringify(seen)) unlinkQuietly(path);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
