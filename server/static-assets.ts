import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Request, Response, NextFunction } from 'express';
import { paths } from './paths.js';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.css', '.js', '.svg', '.txt']);

interface Asset {
  type: string;
  etag: string;
  raw: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

/** Files served under /static, read and compressed once at start-up (no per-request compression). */
export class StaticAssets {
  private readonly assets = new Map<string, Asset>();

  constructor(extra: Record<string, string> = {}) {
    for (const file of walk(paths.static)) this.add(relative(paths.static, file).split('\\').join('/'), file);
    for (const [name, file] of Object.entries(extra)) this.add(name, file);
  }

  private add(name: string, file: string): void {
    const ext = extname(file);
    const raw = readFileSync(file);
    const asset: Asset = {
      type: TYPES[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 16)}"`,
      raw,
    };
    if (COMPRESSIBLE.has(ext)) {
      asset.gzip = gzipSync(raw, { level: 9 });
      asset.br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    }
    this.assets.set(name, asset);
  }

  /** The URL of an asset, versioned by content so it can be cached for a year. */
  url(name: string): string {
    const asset = this.assets.get(name);
    if (!asset) throw new Error(`unknown static asset ${name}`);
    return `/static/${name}?v=${asset.etag.slice(1, 9)}`;
  }

  has(name: string): boolean {
    return this.assets.has(name);
  }

  middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const asset = this.assets.get(decodeURIComponent(req.path.replace(/^\//, '')));
    if (!asset) return next();
    res.setHeader('Content-Type', asset.type);
    res.setHeader('ETag', asset.etag);
    res.setHeader('Cache-Control', req.query.v ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === asset.etag) {
      res.status(304).end();
      return;
    }
    let body = asset.raw;
    const accepted = req.acceptsEncodings('br', 'gzip', 'identity');
    if (accepted === 'br' && asset.br) {
      body = asset.br;
      res.setHeader('Content-Encoding', 'br');
    } else if (accepted === 'gzip' && asset.gzip) {
      body = asset.gzip;
      res.setHeader('Content-Encoding', 'gzip');
    }
    res.setHeader('Content-Length', body.length);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) yield* walk(full);
    else yield full;
  }
}
