/**
 * Applies the agency's comment retention now (docs/operations.md, "Retention"): erases the comments
 * older than the months set on the agency settings page. The app does the same at start and daily;
 * this is for a schedule of one's own or to see the effect at once. Runs beside the app on both
 * engines (the erasure is one short transaction).
 *
 *   npm run retention
 */
import { pathToFileURL } from 'node:url';
import { applyRetention } from '../ops/retention-timer.js';
import type { CliIo } from './backup.js';
import { openExisting, type Opened } from './open-existing.js';

/** Runs the command; returns the process exit code (0 done or nothing to do, 1 failed, 2 bad usage). */
export async function main(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  if (argv.length) return (io.err('Usage: npm run retention   (no arguments: the retention is set on the agency settings page)'), argv[0] === '--help' ? 0 : 2);
  let opened: Opened;
  try {
    opened = openExisting(env);
  } catch (err) {
    io.err(`Failed: ${(err as Error).message}`);
    return 1;
  }
  try {
    const r = await applyRetention(opened.db);
    if (!r) io.out(`${opened.where}: no comment retention is set (comments are kept); set it on the agency settings page.`);
    else if (!r.ran) io.out(`${opened.where}: another process is erasing old comments right now; nothing done here.`);
    else {
      io.out(`${opened.where}: erased ${r.erased} comment(s) dated before ${r.cutoff} (kept for ${r.months} months).`);
      if (r.walTruncated === false) io.out('The write-ahead log could not be truncated now (a reader held it): the next run or checkpoint does it.');
      io.out('Backups keep erased comments until they are rotated.');
    }
    return 0;
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
