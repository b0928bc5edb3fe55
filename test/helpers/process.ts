import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { ROOT } from '../../server/paths.js';

/** An app started as its own process (`node --import tsx server/main.ts`), as an operator starts it. */
export interface AppProcess {
  child: ChildProcess;
  /** http://localhost:PORT (no trailing slash); empty when it never listened. */
  url: string;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** Sends a signal and waits for the exit; resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code once it ends by itself. */
  exited: Promise<number | null>;
}

const LISTENING = /Mutu is listening on (http:\/\/localhost:\d+)\//;

/**
 * Starts the app with `env` added to a clean environment (PORT=0: a free port), and waits until it
 * says it listens, or ends. `waitFor` also waits for that many matches of a pattern (workers).
 */
export async function startApp(env: Record<string, string>, { timeoutMs = 60_000 }: { timeoutMs?: number } = {}): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const listening = new Promise<string>((resolve) => {
    const onData = (chunk: Buffer): void => {
      text += chunk.toString();
      const m = LISTENING.exec(text);
      if (m) resolve(m[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  let timer: NodeJS.Timeout | undefined;
  const url = await Promise.race([
    listening,
    exited.then(() => ''),
    new Promise<string>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the app did not start in ${timeoutMs} ms:\n${text}`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  return {
    child,
    url,
    output: () => text,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
