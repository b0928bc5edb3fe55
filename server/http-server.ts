import { createServer, type RequestListener, type Server } from 'node:http';
import { answerClientErrors } from './client-errors.js';

// Time limits for the HTTP server: a client that sends its headers or its body slowly (slow loris)
// is answered 408 and cut off instead of holding a connection for ever. Node's defaults check for
// late requests only every 30 s; here every second, so a limit holds within about a second.

export interface ServerTimeouts {
  /** the whole request line and headers must arrive within this */
  headersMs: number;
  /** the whole request, body included, must arrive within this (handlers then take their own time) */
  requestMs: number;
  /** an idle keep-alive connection is closed after this */
  keepAliveMs: number;
  /** how often late requests are looked for */
  checkEveryMs: number;
}

export const SERVER_TIMEOUTS: ServerTimeouts = { headersMs: 15_000, requestMs: 30_000, keepAliveMs: 5_000, checkEveryMs: 1_000 };

/** An HTTP server for the app with the time limits set (listen on it yourself). */
export function createHttpServer(app: RequestListener, timeouts: Partial<ServerTimeouts> = {}): Server {
  const t = { ...SERVER_TIMEOUTS, ...timeouts };
  const server = createServer({ headersTimeout: t.headersMs, requestTimeout: t.requestMs, connectionsCheckingInterval: t.checkEveryMs }, app);
  server.keepAliveTimeout = t.keepAliveMs;
  answerClientErrors(server); // a body that says why, for requests the parser refuses
  return server;
}
