/**
 * Backups while the app runs, and restoring one (README "Backups"):
 *
 *   npm run backup -- FILE             a consistent copy of the SQLite database (DATABASE_PATH) to FILE
 *   npm run backup -- --restore FILE   puts FILE in place of the database (the app must be stopped)
 *
 * On PostgreSQL (DATABASE_URL set) backups are PostgreSQL's own: this prints the pg_dump and
 * pg_restore commands instead.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config.js';
import { backupSqlite, restoreSqlite } from '../data/backup.js';
import { DatabaseLockedError, lockDatabaseFile } from '../data/engine/lock-file.js';
import { describeUrl } from '../data/open.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const USAGE = `Usage: npm run backup -- FILE            (a consistent copy while the app runs)
       npm run backup -- --restore FILE  (the app must be stopped)`;

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** Runs the command; returns the process exit code (0 done, 1 refused or failed, 2 bad usage). */
export async function main(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  let parsed: { values: { restore?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { restore: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) return (io.out(USAGE), 0);
  if (positionals.length !== 1) return (io.err(USAGE), 2);
  const file = resolve(positionals[0]!);
  const config = loadConfig(env);
  if (config.databaseUrl) {
    const where = describeUrl(config.databaseUrl);
    io.err(
      [
        `The database is PostgreSQL (${where}): back it up with PostgreSQL's own tools, for example`,
        `  pg_dump --format=custom --file=${file} "$DATABASE_URL"`,
        'and restore into an empty database with',
        `  pg_restore --no-owner --dbname="$DATABASE_URL" ${file}`,
        '(README, "Backups and restoring").',
      ].join('\n'),
    );
    return 1;
  }
  const database = resolve(config.databasePath);
  try {
    if (!values.restore) {
      const r = await backupSqlite(database, file);
      io.out(`Backed up ${database} to ${r.file}: ${mb(r.bytes)}, ${r.steps} steps, ${r.restarts} restarts, ${r.ms} ms; integrity checked.`);
      return 0;
    }
    // the app must not be serving the file we replace: its lock says whether it runs
    const lock = lockDatabaseFile(database);
    try {
      const r = await restoreSqlite(file, database);
      io.out(`Restored ${database} from ${file}: ${mb(r.bytes)}; integrity checked. Start the app again.`);
      return 0;
    } finally {
      lock.release();
    }
  } catch (err) {
    if (err instanceof DatabaseLockedError) io.err(`Refused: ${err.message}\nStop the app before restoring.`);
    else io.err(`Failed: ${(err as Error).message}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) });
}
