import { Agent, request } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/** What came back: the status, the headers and the whole body; or the network error (a reset, a refused connection). */
export type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer } | { error: string };

export interface RawRequest {
  method: string;
  /** path and query as sent on the wire: already encoded (or deliberately badly) */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/**
 * A loopback HTTP client for load, crash and fuzz tests: one keep-alive agent (connections reused,
 * at most `sockets` at once) and requests that never throw: a network failure is a Reply too.
 */
export class LoadClient {
  readonly agent: Agent;

  constructor(sockets = 200) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  /**
   * Sends a request and reads the whole answer. A reset of a kept-alive connection before any
   * answer (the server closed it as idle just as it was reused: Node's documented race) is sent
   * once more on a fresh connection, as a browser does; any other failure is the reply.
   */
  async send(base: string, r: RawRequest, timeoutMs = 30_000): Promise<Reply> {
    const first = await this.once(base, r, timeoutMs);
    if (!('reusedReset' in first)) return first;
    const again = await this.once(base, r, timeoutMs);
    return 'reusedReset' in again ? { error: 'ECONNRESET' } : again;
  }

  private once(base: string, r: RawRequest, timeoutMs: number): Promise<Reply | { reusedReset: true }> {
    const url = new URL(base);
    const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
    const headers: Record<string, string> = { ...r.headers };
    if (body) headers['content-length'] = String(body.length);
    return new Promise((resolve) => {
      let done = false;
      const finish = (reply: Reply | { reusedReset: true }): void => {
        if (done) return;
        done = true;
        resolve(reply);
      };
      let req;
      try {
        req = request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers, agent: this.agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              finish({ status: res.statusCode ?? 0, headers: res.headers, body: decoded(Buffer.concat(chunks), res.headers['content-encoding']) });
            } catch (err) {
              finish({ error: `undecodable ${res.headers['content-encoding']} body: ${(err as Error).message}` });
            }
          });
          res.on('error', (err) => finish({ error: err.message }));
          res.on('aborted', () => finish({ error: 'aborted' }));
        });
      } catch (err) {
        // node refuses some paths or header values itself (control characters): nothing was sent
        return finish({ error: `not sent: ${(err as Error).message}` });
      }
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (req.reusedSocket && err.code === 'ECONNRESET') return finish({ reusedReset: true });
        finish({ error: err.code ?? err.message });
      });
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The body as sent before its Content-Encoding (the client asks for gzip or br as a browser does). */
function decoded(body: Buffer, encoding: string | undefined): Buffer {
  if (!body.length || !encoding || encoding === 'identity') return body;
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  throw new Error('unknown encoding');
}

export function isError(r: Reply): r is { error: string } {
  return 'error' in r;
}
