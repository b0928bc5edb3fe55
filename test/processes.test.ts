import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { DatabaseLockedError, lockDatabaseFile } from '../server/data/engine/lock-file.js';
import { main as createAdmin } from '../server/cli/create-admin.js';
import { startApp } from './helpers/process.js';

// One app process serves a SQLite database: a second is refused by a lock file beside it, while
// tools (create-admin, later backup and check) still open the database. WEB_CONCURRENCY needs PostgreSQL.

const dir = mkdtempSync(join(tmpdir(), 'mutu-proc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one app process per SQLite database', () => {
  it('refuses a second app on the same file with a clear message; create-admin still works beside the first', async () => {
    const file = join(dir, 'one.db');
    const env = { DATABASE_PATH: file, MUTU_DEMO: '0' };
    const first = await startApp(env);
    try {
      expect(first.url).toMatch(/^http:\/\/localhost:\d+$/);
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      expect(existsSync(`${file}.lock`)).toBe(true);

      const second = await startApp(env);
      expect(second.url).toBe('');
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`Another Mutu process (pid ${first.child.pid}`);
      expect(second.output()).toContain('One app process serves a SQLite database');
      expect(second.output()).toContain('PostgreSQL');

      // the database itself is not locked: a tool opens it, writes, and the app sees the account
      const out: string[] = [];
      const code = await createAdmin(
        ['--email', 'admin@uji.go.id', '--name', 'Admin Uji', '--agency-code', 'uji', '--agency-name', 'Kabupaten Uji'],
        { DATABASE_PATH: file, MUTU_ADMIN_PASSWORD: 'a long enough password', LOG_LEVEL: 'silent' },
        { out: (l) => out.push(l), err: (l) => out.push(l) },
      );
      expect(out.join('\n')).toContain('Created the agency admin admin@uji.go.id');
      expect(code).toBe(0);
      expect((await fetch(`${first.url}/login`)).status).toBe(200);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    // a clean stop gives the lock up: the next start works
    expect(existsSync(`${file}.lock`)).toBe(false);
    const again = await startApp(env);
    expect(again.url).not.toBe('');
    expect(await again.stop()).toBe(0);
  });

  it('takes over a lock left by a process that died, and never one held by a live process or another host', () => {
    const file = join(dir, 'stale.db');
    const lock = `${file}.lock`;
    // a pid that does not run (pids are below 2^22 on Linux)
    writeFileSync(lock, JSON.stringify({ pid: 4_194_304 + 17, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const taken = lockDatabaseFile(file);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    taken.release();
    expect(existsSync(lock)).toBe(false);
    // a lock with our own pid was left by an earlier life of this pid (a container restarted as pid 1)
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    lockDatabaseFile(file).release();
    expect(existsSync(lock)).toBe(false);

    // ...but a live process (our parent) on this host holds it
    writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    expect(() => lockDatabaseFile(file)).toThrow(DatabaseLockedError);
    expect(() => lockDatabaseFile(file)).toThrow(`pid ${process.ppid} on ${hostname()}`);
    // another host's lock is never guessed stale
    writeFileSync(lock, JSON.stringify({ pid: 4_194_304 + 17, host: 'other-host', since: '2026-01-01T00:00:00.000Z' }));
    expect(() => lockDatabaseFile(file)).toThrow(`If no Mutu process runs any more, delete ${lock}`);
    // a release never removes someone else's lock
    rmSync(lock);
    const mine = lockDatabaseFile(file);
    writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: hostname(), since: 'later' }));
    mine.release();
    expect(existsSync(lock)).toBe(true);
    rmSync(lock);
  });

  it('refuses WEB_CONCURRENCY above 1 without PostgreSQL, and a DATABASE_URL that is not postgres://', () => {
    expect(() => loadConfig({ WEB_CONCURRENCY: '2' })).toThrow('several app processes need PostgreSQL');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x@y/z' })).toThrow('DATABASE_URL must be a postgres:// URL');
    expect(loadConfig({ WEB_CONCURRENCY: '2', DATABASE_URL: 'postgres://u@h/db' })).toMatchObject({ webConcurrency: 2, databaseUrl: 'postgres://u@h/db' });
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });
});
