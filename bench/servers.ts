/** Benchmark servers in child processes, and a raw HTTP client that keeps the bytes as sent. */
import { fork, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../server/paths.js';

export interface Child {
  port: number;
  url: string;
  process: ChildProcess;
  /** CPU time (user + system) the server process has used so far, µs */
  cpu(): Promise<number>;
  /** the app's group commit so far: transactions committed and the posts they held (0 for bare Express) */
  commits(): Promise<{ batches: number; posts: number }>;
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./server.ts', import.meta.url));

/**
 * Forks bench/server.ts under tsx with the given arguments (and `env` added to the environment: a
 * database URL goes there, not on the command line where `ps` shows it); resolves once it listens.
 */
export function startServer(args: string[], env: Record<string, string> = {}): Promise<Child> {
  const child = fork(SCRIPT, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`server ${args.join(' ')} did not start within 30 s`));
    }, 30_000);
    child.once('message', (m: unknown) => {
      clearTimeout(timer);
      const port = (m as { port?: number }).port;
      if (typeof port !== 'number') return reject(new Error(`server ${args.join(' ')}: unexpected message ${JSON.stringify(m)}`));
      const ask = (): Promise<{ cpu: number; batches?: number; posts?: number }> =>
        new Promise((res) => {
          const on = (msg: unknown): void => {
            const m = msg as { cpu?: number; batches?: number; posts?: number };
            if (typeof m.cpu !== 'number') return;
            child.off('message', on);
            res(m as { cpu: number });
          };
          child.on('message', on);
          child.send('cpu');
        });
      const cpu = async (): Promise<number> => (await ask()).cpu;
      const commits = async (): Promise<{ batches: number; posts: number }> => {
        const m = await ask();
        return { batches: m.batches ?? 0, posts: m.posts ?? 0 };
      };
      resolve({ port, url: `http://127.0.0.1:${port}`, process: child, cpu, commits, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server ${args.join(' ')} exited with ${code}`));
    });
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** the body exactly as received (still compressed) */
  body: Buffer;
}

/** One HTTP request on 127.0.0.1, no decompression. */
export function rawRequest(url: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: o.method ?? 'GET', headers: o.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}
