/**
 * Moves an installation whole from its SQLite file to an empty PostgreSQL database, and verifies it:
 *
 *   npm run db:copy -- --from sqlite:data/mutu.db --to postgres://user:pass@host:5432/mutu
 *
 * Stop the app first: what it stores after the copy has started is not copied. The SQLite file is
 * opened read-only and never changed; the PostgreSQL database is migrated to the same version, then
 * filled in one transaction, so a failed copy leaves it without data. Afterwards, start the app with
 * DATABASE_URL set to the target. Officers sign in again (sessions are not copied).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { DatabaseLockedError, lockDatabaseFile, type FileLock } from '../data/engine/lock-file.js';
import { copySqliteToPostgres, CopyRefusedError, CopyVerificationError, openCopySource, type TableResult } from '../data/copy.js';
import { PostgresDatabase } from '../data/engine/index.js';
import { describeUrl } from '../data/open.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const USAGE = `Usage: npm run db:copy -- --from sqlite:PATH --to postgres://USER:PASSWORD@HOST:PORT/DATABASE
Copies every table of the SQLite database at PATH into the PostgreSQL database, which must hold no
data yet, then verifies row counts and running totals. Stop the app before copying.`;

/** Runs the command; returns the process exit code (0 copied and verified, 1 refused or failed, 2 bad usage). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let values: { from?: string; to?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return usage(io, (e as Error).message);
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (!values.from || !values.to) return usage(io, 'both --from and --to are required');
  if (!values.from.startsWith('sqlite:') || values.from.length === 'sqlite:'.length) return usage(io, '--from must be sqlite:PATH (the SQLite database file)');
  if (!/^postgres(ql)?:\/\/./.test(values.to)) return usage(io, '--to must be a postgres:// URL');
  const path = values.from.slice('sqlite:'.length);
  const file = resolve(path.startsWith('~/') ? join(homedir(), path.slice(2)) : path);
  const url = values.to;

  let source;
  try {
    source = openCopySource(file);
  } catch (err) {
    io.err(`Refused: ${(err as Error).message} Nothing was created or changed.`);
    return 1;
  }
  // the app's lock file: refused while the app serves the file, and the app cannot start during the copy
  let lock: FileLock;
  try {
    lock = lockDatabaseFile(file);
  } catch (err) {
    source.close();
    if (!(err instanceof DatabaseLockedError)) throw err;
    io.err(`Refused: ${err.message.replace('stop the other one first', 'stop it before copying')} Nothing was copied.`);
    return 1;
  }
  const target = PostgresDatabase.connect(url, { max: 2 });
  try {
    io.out(`Copying SQLite ${file} to PostgreSQL ${describeUrl(url)}.`);
    io.out('The app must stay stopped (every process, on either database): responses stored after the copy starts would be lost.');
    io.out('The SQLite file is opened read-only: the copy never changes it.');
    const started = new Map<string, number>();
    const result = await copySqliteToPostgres(source, target, {
      onStart: ({ version, migrated }) =>
        io.out(`Both databases at migration ${version}${migrated.length ? ` (${migrated.length} migrations applied to the target)` : ''}. Copying:`),
      onRows: (table, rows) => {
        const shown = started.get(table) ?? 0;
        if (rows - shown >= 100_000) {
          started.set(table, rows);
          io.out(`  ${table.padEnd(30)} ${rows.toLocaleString('en')} rows so far`);
        }
      },
      onTable: (t) => io.out(tableLine(t)),
    });
    const v = result.verified;
    const t = v.totals;
    io.out(`Verified: row counts equal the source in ${v.tables} tables (${v.rows.toLocaleString('en')} rows).`);
    io.out(
      `Verified: the running totals equal a recomputation from the ${t.responses.toLocaleString('en')} copied responses ` +
        `(${t.rows.totals_day} day, ${t.rows.totals_month} month and ${t.rows.totals_group_month} group rows)` +
        (t.span ? `, and the totals read for ${t.span.from}..${t.span.to} match the responses of ${t.services} services.` : '.'),
    );
    io.out(`Done in ${(result.ms / 1000).toFixed(1)} s. Start the app with DATABASE_URL set to the target; officers sign in again.`);
    return 0;
  } catch (err) {
    if (err instanceof CopyRefusedError) io.err(`Refused: ${err.message}`);
    else if (err instanceof CopyVerificationError) io.err(`Verification failed, the copy was rolled back: ${err.message}`);
    else io.err(`The copy failed, and the target holds no copied row: ${reason(err)}`);
    return 1;
  } finally {
    source.close();
    lock.release();
    await target.close();
  }
}

function usage(io: CliIo, message: string): number {
  io.err(`${message}\n${USAGE}`);
  return 2;
}

function tableLine(t: TableResult): string {
  const name = `  ${t.table.padEnd(30)}`;
  if (t.action === 'skip') return `${name} skipped${t.rows === null ? '' : ` (${rowsText(t.rows)})`}: ${t.why}`;
  const rows = rowsText(t.rows ?? 0);
  const time = t.ms < 10_000 ? `${t.ms} ms` : `${(t.ms / 1000).toFixed(1)} s`;
  return `${name} ${rows.padStart(14)} ${time.padStart(10)}${t.action === 'replace' ? `  (replaces the seed rows: ${t.why})` : ''}`;
}

/** An error's message; a failed connection may come as an AggregateError without one (one error per address tried). */
function reason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  if (err.message) return err.message;
  if (err instanceof AggregateError && err.errors.length) return (err.errors as unknown[]).map(reason).join('; ');
  return typeof code === 'string' ? code : err.name;
}

const rowsText = (n: number): string => `${n.toLocaleString('en')} ${n === 1 ? 'row' : 'rows'}`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const io: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };
  main(process.argv.slice(2), io).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
