import type { Server } from 'node:http';

// Stopping on SIGTERM or SIGINT without waiting for ever on a slow or stuck client.

export const SHUTDOWN_DEADLINE_MS = 10_000;

export interface ShutdownOptions {
  /** connections still open after this are cut */
  deadlineMs?: number;
  /** how often keep-alive connections that have gone idle meanwhile are closed */
  sweepMs?: number;
}

/**
 * Stops the server: it accepts no new connection, idle keep-alive connections close at once (and as
 * soon as the requests in flight on the others finish), and at the deadline every connection left
 * is closed. Resolves once the server has closed: 'drained' when every request finished in time,
 * 'forced' when some were cut at the deadline.
 */
export function shutdown(server: Server, { deadlineMs = SHUTDOWN_DEADLINE_MS, sweepMs = 250 }: ShutdownOptions = {}): Promise<'drained' | 'forced'> {
  return new Promise((resolve) => {
    let forced = false;
    const sweep = setInterval(() => server.closeIdleConnections(), sweepMs);
    const deadline = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, deadlineMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve(forced ? 'forced' : 'drained');
    });
    server.closeIdleConnections();
  });
}
