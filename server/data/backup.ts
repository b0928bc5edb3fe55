import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { BUSY_TIMEOUT_MS } from '../db.js';

// A consistent copy of the SQLite database while the app runs (issue 12, "Operations").
//
// SQLite's online backup copies the file in steps. Each step holds a read transaction only: in WAL
// mode a reader never blocks the writer, so a submission is not delayed by the backup, and between
// steps the writer may commit. A commit by another connection between two steps makes SQLite restart
// the copy from the first page; under a steady stream of submissions a small step could restart for
// ever. So the step starts small (a few MB, a few milliseconds of reading) and doubles after each
// restart: it always ends, at worst in one step holding one read snapshot, which in WAL mode still
// blocks no writer (it only keeps the checkpoint from passing it until it ends).

export interface BackupResult {
  /** the backup file, complete and checked */
  file: string;
  bytes: number;
  pages: number;
  /** steps taken, and how often another connection's commit made SQLite start over */
  steps: number;
  restarts: number;
  ms: number;
}

/** Pages per step to start with (4 KiB pages: 4 MiB). */
const FIRST_STEP_PAGES = 1024;

/**
 * Copies the SQLite database at `source` to `target` (written beside it under a temporary name, checked
 * with PRAGMA integrity_check, then renamed into place: a half-written backup never carries the
 * target's name). The source is opened read-only; the app's lock file is not needed.
 */
export async function backupSqlite(source: string, target: string, { firstStepPages = FIRST_STEP_PAGES } = {}): Promise<BackupResult> {
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  const started = performance.now();
  const temp = `${target}.partial-${process.pid}`;
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    let step = firstStepPages;
    let steps = 0;
    let restarts = 0;
    let lastRemaining = Infinity;
    let pages = 0;
    await db.backup(temp, {
      progress({ totalPages, remainingPages }) {
        steps++;
        pages = totalPages;
        // the copy started over: another connection committed between two steps
        if (remainingPages > lastRemaining) {
          restarts++;
          step *= 2;
        }
        lastRemaining = remainingPages;
        return step;
      },
    });
    checkFile(temp);
    renameSync(temp, target);
    return { file: target, bytes: statSync(target).size, pages, steps, restarts, ms: Math.round(performance.now() - started) };
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  } finally {
    db.close();
  }
}

/** Throws unless the file is a SQLite database that passes integrity_check and foreign_key_check. */
function checkFile(file: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${file} fails integrity_check: ${String(integrity)}`);
    const orphans = db.pragma('foreign_key_check') as unknown[];
    if (orphans.length) throw new Error(`${file} has ${orphans.length} rows whose foreign key points nowhere`);
  } finally {
    db.close();
  }
}

/**
 * Puts a backup in place of the database at `target` (the app must be stopped: the caller holds its
 * lock file). The backup is checked first, copied beside the target and renamed over it; the old
 * database's write-ahead log and shared-memory files go, as they belong to the replaced file.
 */
export async function restoreSqlite(backup: string, target: string): Promise<BackupResult> {
  checkFile(backup);
  const result = await backupSqlite(backup, `${target}.restoring`);
  // first the old log: a log left beside the restored file would be read as its own
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(`${target}.restoring`, target);
  return { ...result, file: target };
}
