/**
 * Verifies the database the app is configured for (DATABASE_URL, else DATABASE_PATH), and repairs
 * the running totals (docs/operations.md, "Checking the database"):
 *
 *   npm run check               integrity, foreign keys, schema, totals = a recomputation (exit 0 all good, 1 not)
 *   npm run check -- --repair   also rebuilds the totals in one transaction when they differ, then checks again
 *
 * The check only reads, so it runs beside the app on either engine. --repair on SQLite refuses
 * while the app runs (its lock file): a rebuild holds the write lock for as long as it takes, and
 * submissions meanwhile would be answered 503. On PostgreSQL it runs beside the app: submissions
 * wait for the rebuild to commit.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { checkDatabase, checkTotals, repairTotals, type CheckItem } from '../data/check.js';
import { DatabaseLockedError } from '../data/engine/lock-file.js';
import type { CliIo } from './backup.js';
import { openExisting, type Opened } from './open-existing.js';

const USAGE = `Usage: npm run check               (verifies the database; exit 0 all good, 1 something is wrong)
       npm run check -- --repair   (also rebuilds the running totals when they differ)`;

function print(io: CliIo, items: CheckItem[]): void {
  for (const item of items) {
    io.out(`${item.ok ? 'ok     ' : 'WRONG  '} ${item.title}`);
    for (const line of item.lines) io.out(`          ${line}`);
  }
}

/** Runs the command; returns the process exit code (0 all good, 1 something wrong or refused, 2 bad usage). */
export async function main(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  let values: { repair?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { repair: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) return (io.out(USAGE), 0);
  let opened: Opened;
  try {
    opened = openExisting(env, { lock: values.repair === true });
  } catch (err) {
    if (err instanceof DatabaseLockedError) {
      io.err(`Refused: ${err.message}\nThe rebuild of the totals holds the write lock while it runs: stop the app, repair, start it again.`);
    } else io.err(`Failed: ${(err as Error).message}`);
    return 1;
  }
  try {
    io.out(`Checking ${opened.where}`);
    const items = await checkDatabase(opened.db);
    print(io, items);
    const totals = items.find((i) => i.name === 'totals');
    if (values.repair && totals && !totals.ok && items.find((i) => i.name === 'schema')?.ok) {
      const t0 = performance.now();
      await repairTotals(opened.db);
      io.out(`Rebuilt the running totals from the responses in one transaction (${Math.round(performance.now() - t0)} ms). Checking again:`);
      const again = await checkTotals(opened.db);
      print(io, [again]);
      Object.assign(totals, again);
    }
    const wrong = items.filter((i) => !i.ok);
    if (!wrong.length) return (io.out('All good.'), 0);
    io.err(`Something is wrong: ${wrong.map((i) => i.title).join('; ')}.`);
    if (wrong.some((i) => i.name === 'totals') && !values.repair) io.err('Rebuild the running totals with: npm run check -- --repair');
    if (wrong.some((i) => i.name === 'integrity' || i.name === 'foreign_keys')) io.err('Damaged data: restore the latest good backup (docs/operations.md).');
    return 1;
  } catch (err) {
    io.err(`Failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await opened.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) });
}
