import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.js';
import { testConfig } from '../server/config.js';
import { migrate, openDb } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { ELEMENT_CODES } from '../server/indicators/types.js';
import { seedSmall } from './helpers/app.js';
import { startApp } from './helpers/process.js';

// Issue 12, "Acknowledged means on disk": on SQLite every commit is synced (synchronous=FULL) and
// posts that arrive together share one commit (group commit). A 303 leaves only after its
// response's commit, so another connection already reads it; and strace counts the syncs.

const dir = mkdtempSync(join(tmpdir(), 'mutu-durable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A complete, valid post of the survey form with its own idempotency key (22 characters, as the page's). */
function post(): { key: string; body: string } {
  const key = randomBytes(16).toString('base64url');
  const answers = ELEMENT_CODES.map((c, i) => [c, String(1 + (i % 4))]);
  return { key, body: new URLSearchParams([['idem', key], ['website', ''], ...answers, ['gender', 'L'], ['age', '41']]).toString() };
}

let citizen = 0;
/** Posts as one more citizen: behind the proxy (TRUST_PROXY=1) each from an address of its own, as at a busy counter's network. */
const send = (url: string, body: string): Promise<Response> => {
  const ip = `10.${(++citizen >> 16) & 255}.${(citizen >> 8) & 255}.${citizen & 255}`;
  return fetch(url, { method: 'POST', body, redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip } });
};

/**
 * Posts every body at the same moment, as citizens' browsers do on kept-alive connections: a socket
 * per post is connected and has served one request first (Node accepts one new connection per turn
 * of its loop, so fresh connections would trickle in), then each writes its whole post in one go,
 * and the server finds them all waiting. Resolves with the status of each.
 */
async function allAtOnce(url: string, bodies: string[]): Promise<number[]> {
  const { hostname, port, pathname } = new URL(url);
  const host = `Host: ${hostname}:${port}\r\n`;
  const sockets = await Promise.all(
    bodies.map(
      () =>
        new Promise<Socket>((resolve, reject) => {
          const s = connect(Number(port), hostname, () => resolve(s));
          s.once('error', reject);
        }),
    ),
  );
  const status = (s: Socket): Promise<number> =>
    new Promise((resolve) => {
      let head = '';
      const on = (c: Buffer): void => {
        head += c.toString('latin1');
        const m = /^HTTP\/1\.1 (\d{3})[^]*?\r\n\r\n/.exec(head);
        if (!m) return;
        s.off('data', on);
        resolve(Number(m[1]));
      };
      s.on('data', on);
    });
  const warm = sockets.map(status);
  for (const s of sockets) s.write(`GET /healthz HTTP/1.1\r\n${host}\r\n`);
  await Promise.all(warm);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const answers = sockets.map(status);
  sockets.forEach((s, i) => {
    const body = bodies[i] as string;
    const ip = `10.${(++citizen >> 16) & 255}.${(citizen >> 8) & 255}.${citizen & 255}`;
    s.write(
      `POST ${pathname} HTTP/1.1\r\n${host}Content-Type: application/x-www-form-urlencoded\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Forwarded-For: ${ip}\r\n\r\n${body}`,
    );
  });
  const statuses = await Promise.all(answers);
  for (const s of sockets) s.destroy();
  return statuses;
}

describe('an acknowledged response is committed and synced', () => {
  it('sends each 303 only after the commit: another connection already reads the response when it arrives', async () => {
    const file = join(dir, 'ack.db');
    const raw = openDb(file);
    migrate(raw);
    const org = await seedSmall(SqliteDatabase.of(raw));
    const app = createApp({ db: raw, config: testConfig(), surveyLimits: { limit: 1e6 } });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const reader = new Database(file, { readonly: true });
    const find = reader.prepare('SELECT count(*) AS n FROM responses WHERE service_id = ? AND idem_key = ?');
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/s/ktp`;
      const seen = await Promise.all(
        Array.from({ length: 80 }, async () => {
          const p = post();
          const res = await send(url, p.body);
          // read at once, before anything else runs: a 303 sent ahead of its commit would find nothing
          const { n } = find.get(org.serviceId, p.key) as { n: number };
          return { status: res.status, n };
        }),
      );
      expect(seen.map((s) => s.status)).toEqual(seen.map(() => 303));
      expect(seen.filter((s) => s.n !== 1)).toEqual([]);
      expect((reader.prepare('SELECT count(*) AS n FROM responses').get() as { n: number }).n).toBe(80);
      expect(raw.pragma('synchronous', { simple: true })).toBe(2); // FULL
    } finally {
      reader.close();
      await new Promise((resolve) => server.close(resolve));
      raw.close();
    }
  });

  it('syncs the WAL at least once per acknowledged post sent alone, and far less than once per post sent together (strace)', async () => {
    expect(existsSync('/usr/bin/strace'), 'strace (Debian package strace) counts the syncs; .ci/run installs it').toBe(true);
    const file = join(dir, 'synced.db');
    const app = await startApp({ DATABASE_PATH: file, MUTU_DEMO: '1', LOG_LEVEL: 'warn', TRUST_PROXY: '1' });
    const log = join(dir, 'strace.txt');
    const tracer = spawn('strace', ['-f', '-y', '-e', 'trace=fsync,fdatasync', '-o', log, '-p', String(app.child.pid)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      // strace says on stderr when it is attached to every thread
      await new Promise<void>((resolve, reject) => {
        let said = '';
        tracer.stderr.on('data', (c: Buffer) => {
          said += c.toString();
          if (/attached/.test(said)) setTimeout(resolve, 300);
        });
        tracer.once('exit', () => reject(new Error(`strace ended: ${said}`)));
      });
      const url = `${app.url}/s/ktp-el`;
      const walSyncs = (): number =>
        readFileSync(log, 'utf8')
          .split('\n')
          .filter((l) => /f(data)?sync\(\d+<[^>]*-wal>\) = 0/.test(l)).length;

      // alone: each post waits for its own synced commit
      for (let i = 0; i < 5; i++) expect((await send(url, post().body)).status).toBe(303);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const alone = walSyncs();
      expect(alone).toBeGreaterThanOrEqual(5);

      // together: 200 posts arriving at once share commits
      const statuses = await allAtOnce(
        url,
        Array.from({ length: 200 }, () => post().body),
      );
      expect(statuses.filter((s) => s !== 303)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const together = walSyncs() - alone;
      expect(together).toBeGreaterThanOrEqual(1);
      expect(together).toBeLessThan(20); // a sync per batch, not per post
      console.log(`syncs of the WAL: ${alone} for 5 posts sent one by one, ${together} for 200 posts sent together`);
    } finally {
      // strace detaches first: a signal sent to a process while it is still traced can be swallowed
      if (tracer.exitCode === null && tracer.signalCode === null) {
        const detached = new Promise((resolve) => tracer.once('exit', resolve));
        tracer.kill('SIGINT');
        await Promise.race([detached, new Promise((resolve) => setTimeout(resolve, 5000))]);
      }
      await app.stop();
    }
  });
});
