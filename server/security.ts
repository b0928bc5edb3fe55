import { createHash, randomBytes } from 'node:crypto';
import helmet from 'helmet';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from './config.js';

/** Security headers with a strict CSP: no inline scripts or styles anywhere, nothing framed. */
export function securityHeaders(config: Config): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    strictTransportSecurity: config.env === 'production' ? { maxAge: 15552000 } : false,
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: 'deny' },
  });
}

/** Lets only the given origins frame this response (the embed view), replacing frame-ancestors 'none'. */
export function allowFraming(res: Response, origins: string[]): void {
  const csp = String(res.getHeader('Content-Security-Policy') ?? '');
  const ancestors = origins.length ? origins.join(' ') : "'none'";
  res.setHeader('Content-Security-Policy', csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${ancestors}`));
  if (origins.length) res.removeHeader('X-Frame-Options');
}

/**
 * A salted, rotating hash of the client address for rate limits: the salt changes every day and
 * lives only in memory, so raw or linkable addresses are never stored.
 */
export function clientKeyer(now: () => number = Date.now): (req: Request) => string {
  let day = -1;
  let salt = Buffer.alloc(0);
  return (req) => {
    const today = Math.floor(now() / 86_400_000);
    if (today !== day) {
      day = today;
      salt = randomBytes(16);
    }
    // ipKeyGenerator groups an IPv6 client's /56, so one client cannot dodge the limit by rotating addresses.
    return createHash('sha256').update(salt).update(ipKeyGenerator(req.ip ?? '')).digest('base64url').slice(0, 22);
  };
}
