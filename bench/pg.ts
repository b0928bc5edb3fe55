/**
 * Where the PostgreSQL part of the bench gets its database: DATABASE_URL when set, else a throwaway
 * cluster of its own (`.ci/pg-cluster start`, with a state file of its own so that stopping it never
 * touches another cluster of this checkout), else nothing (the part is skipped, with the reason).
 * Within that server the bench works in fresh schemas of its own, dropped at the end. Also reads the
 * CPU time of a local cluster's processes from /proc, for PostgreSQL's own CPU per request.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Queryable } from '../server/data/engine/index.js';
import { ROOT } from '../server/paths.js';
import { PG_SCHEMAS_FILE, PG_STATE_FILE } from './cleanups.js';
import { describeUrl } from '../server/data/open.js';

const CLUSTER_SCRIPT = join(ROOT, '.ci', 'pg-cluster');

export interface PgServer {
  /** the postgres:// URL of the database the schemas are made in */
  base: string;
  /** where it comes from, for the report (never the password) */
  source: string;
  /** the postmaster's process id when the server runs on this machine and /proc shows it, else null */
  postmaster: number | null;
  /** stops the cluster the bench started (synchronous, so that a signal handler can call it); no-op for DATABASE_URL */
  stop(): void;
  /** where benchSchema lists the schemas it makes, for the guard (cleanups.ts) */
  schemasFile: string;
}

/** Why the PostgreSQL part cannot run, or null when server binaries exist for a cluster of its own. */
function noBinaries(): string | null {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? null : `PG_BIN=${process.env.PG_BIN} holds no initdb`;
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [];
  if (versions.some((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'initdb')))) return null;
  return 'no DATABASE_URL and no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb) to start a cluster (set DATABASE_URL=postgres://..., or install the postgresql package)';
}

function runCluster(command: 'start', stateFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(CLUSTER_SCRIPT, [command], { cwd: ROOT, env: { ...process.env, PG_CLUSTER_STATE: stateFile } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`.ci/pg-cluster start failed: ${stderr.trim().split('\n').slice(-5).join(' | ') || err.message}`));
      else resolve(stdout);
    });
  });
}

/**
 * The PostgreSQL server the bench uses, or the reason it has none. A cluster it starts is recorded
 * in a state file in the bench's temp dir `dir` (PG_CLUSTER_STATE), so `stop()` stops that cluster
 * only; `onStarting` receives the stop before the cluster exists, so that Ctrl-C during the start
 * cleans up too.
 */
export async function acquirePostgres(dir: string, onStarting: (stop: () => void) => void): Promise<PgServer | { skipped: string }> {
  const stateFile = join(dir, PG_STATE_FILE);
  const schemasFile = join(dir, PG_SCHEMAS_FILE);
  const given = process.env.DATABASE_URL;
  if (given) {
    if (!/^postgres(ql)?:\/\//.test(given)) return { skipped: 'DATABASE_URL is set but is not a postgres:// URL' };
    try {
      await admin(given, (c) => c.query('SELECT 1'));
    } catch (err) {
      return { skipped: `DATABASE_URL (${describeUrl(given)}) cannot be reached: ${(err as Error).message || String(err)}` };
    }
    return { base: given, source: `DATABASE_URL (${describeUrl(given)})`, postmaster: await postmasterOf(given), stop: () => undefined, schemasFile };
  }
  const why = noBinaries();
  if (why) return { skipped: why };
  let stopped = false;
  const stop = (): void => {
    if (stopped || !existsSync(stateFile)) return;
    stopped = true;
    const r = spawnSync(CLUSTER_SCRIPT, ['stop'], { cwd: ROOT, env: { ...process.env, PG_CLUSTER_STATE: stateFile }, encoding: 'utf8' });
    if (r.status !== 0) console.error(`.ci/pg-cluster stop failed (${r.status}): ${r.stderr}`);
  };
  onStarting(stop);
  let out: string;
  try {
    out = await runCluster('start', stateFile);
  } catch (err) {
    stop();
    return { skipped: (err as Error).message };
  }
  const url = /^DATABASE_URL=(.+)$/m.exec(out)?.[1]?.trim();
  if (!url) {
    stop();
    throw new Error(`.ci/pg-cluster start printed no DATABASE_URL: ${out}`);
  }
  const clusterDir = readFileSync(stateFile, 'utf8').trim().split('\n').at(-1) ?? '';
  const pidFile = join(clusterDir, 'data', 'postmaster.pid');
  const postmaster = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : null;
  return {
    base: url,
    source: `a throwaway cluster started by the bench (.ci/pg-cluster, ${describeUrl(url)}, ${process.env.PG_CLUSTER_DURABLE === '1' ? 'fsync on, as in production' : 'fsync off; PG_CLUSTER_DURABLE=1 for a durable one'})`,
    postmaster,
    stop,
    schemasFile,
  };
}

async function admin<T>(base: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The postmaster of a server on this machine: the parent of our own backend process, when /proc
 * shows a process `postgres` there (a server elsewhere, or in another pid namespace, gives null).
 */
async function postmasterOf(base: string): Promise<number | null> {
  try {
    const host = new URL(base).hostname;
    if (!['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(host)) return null;
    // read while the connection is open: its backend process exits with it
    return await admin(base, async (c) => {
      const backend = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      if (!backend || readFileSync(`/proc/${backend}/comm`, 'utf8').trim() !== 'postgres') return null;
      const ppid = Number(/^PPid:\s*(\d+)/m.exec(readFileSync(`/proc/${backend}/status`, 'utf8'))?.[1]);
      return ppid && readFileSync(`/proc/${ppid}/comm`, 'utf8').trim() === 'postgres' ? ppid : null;
    });
  } catch {
    return null;
  }
}

export interface BenchSchema {
  /** the base URL with `options=-c search_path=<schema>`: a pool or a child process made from it lands in the schema */
  url: string;
  schema: string;
  /** drops the schema with everything in it (once) */
  readonly drop: () => Promise<void>;
}

/** A fresh, uniquely named schema in the server's database (as test/helpers/pg.ts pgSchema does for the tests). */
export async function benchSchema(server: PgServer, name: string): Promise<BenchSchema> {
  const base = server.base;
  const schema = `bench_${name}_${process.pid}_${randomBytes(4).toString('hex')}`;
  appendFileSync(server.schemasFile, `${schema}\n`); // first: the guard drops it should the bench be killed
  await admin(base, (c) => c.query(`CREATE SCHEMA "${schema}"`));
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  let dropped = false;
  return {
    url: url.toString(),
    schema,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      // a connection left behind (a child killed mid-transaction) must not hold the drop for long
      await admin(base, async (c) => {
        await c.query("SET lock_timeout = '10s'");
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      });
      // dropped: off the guard's list (a schema left on it keeps the temp dir for the guard, see run.ts)
      const left = readFileSync(server.schemasFile, 'utf8')
        .split('\n')
        .filter((line) => line && line !== schema);
      writeFileSync(server.schemasFile, left.map((line) => `${line}\n`).join(''));
    },
  };
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime + cutime + cstime of a process (ticks), and its parent; null when it is gone. */
function procTimes(pid: number): { ticks: number; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // after "pid (comm) ": state ppid ... utime(14) stime(15) cutime(16) cstime(17), counted from 1
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}

/**
 * CPU time (ms) the whole cluster has used: the postmaster (with its exited children, which it
 * reaps: cutime/cstime) and every live child (backends, walwriter, checkpointer, autovacuum...).
 * Null when the postmaster is unknown. 10 ms resolution per process.
 */
export function clusterCpuMs(postmaster: number | null): number | null {
  if (postmaster === null) return null;
  const own = procTimes(postmaster);
  if (!own) return null;
  let ticks = own.ticks;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const t = procTimes(Number(entry));
    if (t && t.ppid === postmaster) ticks += t.ticks;
  }
  return (ticks * 1000) / ticksPerSecond();
}

/**
 * VACUUM (ANALYZE) of every table of the pool's schema (never the whole database, which may hold other
 * schemas): what autovacuum does in production soon after a bulk load (autoanalyze, and since
 * PostgreSQL 13 a vacuum after many inserts). Done here, it also keeps autovacuum from starting on
 * these tables in the middle of a measurement.
 */
export async function vacuumAnalyze(db: Queryable): Promise<void> {
  const tables = await db.all<{ t: string }>('SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename');
  if (tables.length) await db.run(`VACUUM (ANALYZE) ${tables.map((r) => `"${r.t}"`).join(', ')}`);
}
