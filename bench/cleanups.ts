import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the bench must undo however it ends (normally, on an error, on Ctrl-C): temp files, schemas
 * it made in a PostgreSQL database, a cluster it started. Steps run once each, the last added first
 * (a schema is dropped before its cluster stops, the cluster before the temp dir holding its state
 * file is deleted); a step that fails is reported and the others still run.
 */
export class Cleanups {
  private readonly steps: Array<{ name: string; run: () => void | Promise<void> }> = [];
  private running: Promise<void> | undefined;

  add(name: string, run: () => void | Promise<void>): void {
    this.steps.push({ name, run });
  }

  /** Runs every step not yet run, last added first; each async step may take up to `timeoutMs`. */
  run(timeoutMs = 15_000): Promise<void> {
    this.running ??= (async () => {
      while (this.steps.length) {
        const step = this.steps.pop() as { name: string; run: () => void | Promise<void> };
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            step.run(),
            new Promise<void>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs / 1000} s`)), timeoutMs);
            }),
          ]);
        } catch (err) {
          console.error(`cleanup "${step.name}" failed: ${(err as Error).message}`);
        } finally {
          clearTimeout(timer);
        }
      }
      this.running = undefined;
    })();
    return this.running;
  }
}

/** In the bench's temp dir: the state file of a PostgreSQL cluster it started (PG_CLUSTER_STATE). */
export const PG_STATE_FILE = 'pg-cluster.state';
/** In the bench's temp dir: the schemas it made in DATABASE_URL's database, one a line. */
export const PG_SCHEMAS_FILE = 'pg-schemas';

/** The guard, as plain CommonJS for `node -e` (argv: bench pid, temp dir, cluster script). */
const GUARD = `
const fs = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const [pid, dir, script] = process.argv.slice(1);
const alive = () => { try { process.kill(Number(pid), 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const timer = setInterval(async () => {
  if (alive()) return;
  clearInterval(timer);
  let schemas = [];
  try { schemas = fs.readFileSync(join(dir, '${PG_SCHEMAS_FILE}'), 'utf8').split('\\n').filter(Boolean); } catch {}
  const base = process.env.BENCH_GUARD_URL;
  if (base && schemas.length) {
    try {
      const c = new (require('pg').Client)({ connectionString: base });
      await c.connect();
      for (const s of schemas) await c.query('DROP SCHEMA IF EXISTS "' + s.replace(/"/g, '""') + '" CASCADE');
      await c.end();
    } catch {}
  }
  const state = join(dir, '${PG_STATE_FILE}');
  if (fs.existsSync(state)) spawnSync(script, ['stop'], { env: { ...process.env, PG_CLUSTER_STATE: state }, stdio: 'ignore' });
  fs.rmSync(dir, { recursive: true, force: true });
}, 1000);
`;

/**
 * A detached watcher that cleans up after the bench if it dies without doing so itself (SIGKILL:
 * tsx kills its child when the child does not acknowledge a Ctrl-C within a few tens of ms, as happens on
 * a loaded machine): it drops the schemas listed in PG_SCHEMAS_FILE, stops the cluster of
 * PG_STATE_FILE and deletes the temp dir. After a normal end it finds nothing left and exits.
 * It polls once a second, in its own session (a Ctrl-C does not reach it).
 */
export function guardAgainstKill(dir: string, root: string): void {
  const url = process.env.DATABASE_URL ?? '';
  const child = spawn(process.execPath, ['-e', GUARD, String(process.pid), dir, join(root, '.ci', 'pg-cluster')], {
    cwd: root, // require('pg') from the project's node_modules
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, BENCH_GUARD_URL: /^postgres(ql)?:\/\//.test(url) ? url : '' },
  });
  child.unref();
}

/** Does the temp dir still list a schema that was made and not dropped? */
export function schemasLeft(dir: string): boolean {
  const file = join(dir, PG_SCHEMAS_FILE);
  return existsSync(file) && readFileSync(file, 'utf8').trim() !== '';
}
