import { createHash, randomBytes } from 'node:crypto';
import helmet from 'helmet';
import { ipKeyGenerator, type Store } from 'express-rate-limit';
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from './config.js';
import { countersOf, type Queryable } from './data/engine/index.js';
import { clientSalt, DatabaseRateLimitStore, forgetClientSalts } from './data/rate-limits.js';

/**
 * The Content-Security-Policy of every response: no inline scripts or styles anywhere, nothing
 * framed. Kept as data so the header is built from parts, never by editing a header string.
 */
const CSP_DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'"]],
  ['img-src', ["'self'", 'data:']],
  ['font-src', ["'self'"]],
  ['connect-src', ["'self'"]],
  ['form-action', ["'self'"]],
  ['frame-ancestors', ["'none'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
];

/** The CSP header value, with frame-ancestors set to the given sources (default 'none'). */
function cspHeader(frameAncestors: readonly string[] = ["'none'"]): string {
  return CSP_DIRECTIVES.map(([name, values]) => `${name} ${(name === 'frame-ancestors' ? frameAncestors : values).join(' ')}`).join(';');
}

const DEFAULT_CSP = cspHeader();

/** Security headers with a strict CSP: no inline scripts or styles anywhere, nothing framed. */
export function securityHeaders(config: Config): RequestHandler {
  const others = helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: config.env === 'production' ? { maxAge: 15552000 } : false,
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: 'deny' },
  });
  return (req, res, next) => {
    res.setHeader('Content-Security-Policy', DEFAULT_CSP);
    others(req, res, next);
  };
}

// A DNS host name as a CSP host-source can name it: letters, digits and hyphens in dot-separated
// labels (IDNs arrive here in their xn-- form). Anything else (";", "'", "$", ",", "*", "_") is refused.
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * The canonical form `scheme://host[:port]` of an origin allowed to frame the embed view, or null
 * when the text is anything else: https only (http only for localhost and 127.0.0.1), no
 * credentials, path, query, fragment or wildcard, and equal to its own origin as `new URL` parses
 * it (case and one trailing "/" aside). Used where origins are entered and again where they are read.
 */
export function canonicalOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const scheme = url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
  if (!scheme || url.username || url.password || url.pathname !== '/' || url.search || url.hash || !HOST.test(url.hostname)) return null;
  const origin = url.origin;
  return text.replace(/\/$/, '').toLowerCase() === origin.toLowerCase() ? origin : null;
}

/** The canonical origins in a stored space-separated list, anything else dropped, each once. */
export function canonicalOrigins(stored: string): string[] {
  const out: string[] = [];
  for (const part of stored.split(/\s+/)) {
    const origin = part ? canonicalOrigin(part) : null;
    if (origin && !out.includes(origin)) out.push(origin);
  }
  return out;
}

/**
 * Lets only the given origins frame this response (the embed view): the CSP is rebuilt with
 * frame-ancestors set to the canonical ones among them ('none' when there are none), so a stored
 * value can never add a directive or change another one.
 */
export function allowFraming(res: Response, origins: string[]): void {
  const allowed = canonicalOrigins(origins.join(' '));
  res.setHeader('Content-Security-Policy', cspHeader(allowed.length ? allowed : ["'none'"]));
  if (allowed.length) res.removeHeader('X-Frame-Options');
  else res.setHeader('X-Frame-Options', 'DENY');
}

/** An officer's preview of the embed view (server/survey/preview.ts): framed by Mutu's own pages only, such as the reach page's live preview. */
export function allowFramingBySelf(res: Response): void {
  res.setHeader('Content-Security-Policy', cspHeader(["'self'"]));
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
}

/**
 * Lets other origins load this response as a subresource (Cross-Origin-Resource-Policy: cross-origin):
 * only for what other sites are meant to include (embed.js, QR images); everything else stays same-origin.
 */
export function loadableCrossOrigin(res: Response): void {
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
}

/**
 * A salted hash of the client address for rate limits. The salt changes every UTC day; it lives in
 * the database (settings, `client_salt:<day>`), so that every process on one database keys a client
 * alike, and each process keeps the day's salt in memory. Earlier days' salts are deleted when a
 * day's salt is first read, so a key cannot be traced back to an address once its day has passed.
 * Keying never fails a request: while the salt cannot be read or made (SQLite locked by a backup),
 * this process keys on a salt of its own and asks the database again a second later.
 */
export function clientKeyer(q: Queryable, now: () => number = Date.now): (req: Request) => Promise<string> {
  let day = -1;
  let salt: Promise<string> | undefined;
  let provisional: { salt: string; retryAt: number } | undefined;
  const make = () => randomBytes(16).toString('base64url');

  async function load(today: number): Promise<string> {
    const text = new Date(today * 86_400_000).toISOString().slice(0, 10);
    try {
      const found = await clientSalt(q, text, make);
      provisional = undefined;
      await forgetClientSalts(q, text).catch(() => undefined); // best effort: the next day's first read tries again
      return found;
    } catch {
      provisional = { salt: provisional?.salt ?? make(), retryAt: now() + 1000 };
      return provisional.salt;
    }
  }

  // a request is keyed once: the survey's limiter and its flood check ask for the same key
  const keyed = new WeakMap<Request, { day: number; key: string }>();
  return async (req) => {
    const today = Math.floor(now() / 86_400_000);
    const known = keyed.get(req);
    if (known?.day === today && !provisional) return known.key;
    if (today !== day || !salt || (provisional && now() >= provisional.retryAt)) {
      if (today !== day) provisional = undefined;
      day = today;
      salt = load(today);
      if (provisional) provisional.retryAt = Infinity; // one retry at a time
    }
    // ipKeyGenerator groups an IPv6 client's /56, so one client cannot dodge the limit by rotating addresses.
    const key = createHash('sha256')
      .update(await salt)
      .update(ipKeyGenerator(req.ip ?? ''))
      .digest('base64url')
      .slice(0, 22);
    keyed.set(req, { day: today, key });
    return key;
  };
}

/** What a limiter needs besides its numbers: how it keys a client and where it counts. */
export interface ClientLimiting {
  /** rateLimit options for the limiter called `name`: one key generator shared by all, a store of its own */
  limiter(name: string): { keyGenerator: (req: Request) => Promise<string>; store?: Store };
}

/**
 * Rate limiting per client for one database: decided here, once, from the engine. On PostgreSQL,
 * where several processes may serve one database, every limiter counts in the database
 * (server/data/rate-limits.ts). On SQLite (one process by design) the counts stay in
 * express-rate-limit's memory store: counting in the file measured about 0.08 ms per post (20k
 * increments, WAL), some 9% of a survey post's server CPU, for nothing another process could use.
 * The salted key is the same on both (its salt is in the database either way).
 */
export function clientLimiting(
  q: Queryable,
  { now = Date.now, store = q.engine === 'postgres' ? 'database' : 'memory' }: { now?: () => number; store?: 'database' | 'memory' } = {},
): ClientLimiting {
  const keyGenerator = clientKeyer(q, now);
  return {
    limiter: (name) => (store === 'database' ? { keyGenerator, store: new DatabaseRateLimitStore(countersOf(q), `${name}:`, now) } : { keyGenerator }),
  };
}
