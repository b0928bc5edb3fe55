import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { LANGUAGES, localize } from './i18n.js';

// Requests that Node's HTTP parser refuses before the app sees them (an address or headers too
// large, a malformed request line, a request that took too long) are answered with a body that
// says why, in every language (no language can be read from a request that did not parse), instead
// of Node's bare status line.

const STATUS_OF: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};
const MESSAGE_OF: Record<number, string> = { 400: 'errors.http_400', 408: 'errors.title_other', 431: 'errors.http_413' };

/** The answer; for a HEAD request without its body (the client reads none). */
function answer(status: number, head: boolean): string {
  const text = `${LANGUAGES.map((lang) => localize(lang).t(MESSAGE_OF[status]!)).join('\n')}\n`;
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(text)}`,
    'Connection: close',
  ];
  return `${lines.join('\r\n')}\r\n\r\n${head ? '' : text}`;
}

/** Answers the parser's refusals (400, 408, 431) with a short text in every language, then closes the connection. */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    // a reset, or a response already under way: nothing more can be said on this connection
    const started = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (err.code === 'ECONNRESET' || !socket.writable || started) return void socket.destroy();
    socket.end(answer(STATUS_OF[err.code ?? ''] ?? 400, err.rawPacket?.toString('latin1', 0, 5) === 'HEAD '));
  });
}
