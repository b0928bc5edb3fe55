import { constants, crc32, deflateRawSync } from 'node:zlib';
import { cacheVersion } from '../data/cache-version.js';
import type { Queryable } from '../data/engine/index.js';

/**
 * Survey pages change rarely but carry one per-visit value (the idempotency key). A page is
 * rendered and gzip-compressed once around a placeholder; each request splices its key in as a
 * stored (uncompressed) deflate block between the precompressed halves, so serving costs a
 * checksum and a copy instead of a render and a compression (performance.md).
 */
export const PLACEHOLDER = 'IDEMPOTENCYKEYPLACEHOLD'; // any length: the spliced value carries its own
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);

export interface CachedPage {
  prefix: Buffer;
  suffix: Buffer;
  /** gzip header + prefix deflated up to a byte-aligned sync flush (not final) */
  gzHead: Buffer;
  /** suffix deflated independently, ending with the final block */
  gzTail: Buffer;
  crcPrefix: number;
  expires: number;
}

export function buildPage(html: string, ttlMs: number, now = Date.now()): CachedPage {
  const at = html.indexOf(PLACEHOLDER);
  if (at < 0 || html.indexOf(PLACEHOLDER, at + 1) >= 0) throw new Error('a cached page needs exactly one placeholder');
  const prefix = Buffer.from(html.slice(0, at));
  const suffix = Buffer.from(html.slice(at + PLACEHOLDER.length));
  return {
    prefix,
    suffix,
    gzHead: Buffer.concat([GZIP_HEADER, deflateRawSync(prefix, { level: 9, finishFlush: constants.Z_SYNC_FLUSH })]),
    gzTail: deflateRawSync(suffix, { level: 9 }),
    crcPrefix: crc32(prefix),
    expires: now + ttlMs,
  };
}

/** The page with `value` in place of the placeholder, gzip-encoded or plain. */
export function pageBody(page: CachedPage, value: string, gzip: boolean): Buffer {
  const middle = Buffer.from(value);
  if (!gzip) return Buffer.concat([page.prefix, middle, page.suffix]);
  // stored block: BFINAL=0 BTYPE=00 (byte-aligned after the sync flush), LEN, NLEN, bytes
  const stored = Buffer.alloc(5);
  stored.writeUInt16LE(middle.length, 1);
  stored.writeUInt16LE(~middle.length & 0xffff, 3);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(page.suffix, crc32(middle, page.crcPrefix)) >>> 0, 0);
  trailer.writeUInt32LE((page.prefix.length + middle.length + page.suffix.length) >>> 0, 4);
  return Buffer.concat([page.gzHead, stored, middle, page.gzTail, trailer]);
}

interface KeptPage extends CachedPage {
  /** the cache version read before the page's data (0 in one process) */
  version: number;
}

/**
 * Pages by key, each kept for a while (ttlMs) and until what they show changes.
 *
 * In one process (SQLite), management calls clear() after a change, and serving a page reads
 * nothing from the database. When several processes share the database (PostgreSQL), a change made
 * through another process cannot clear this one's pages: then `readVersion` reads the cache version
 * stamp (server/data/cache-version.ts, moved by every audited change) once per request through
 * check(), and a page built under an older version is built again.
 */
export class PageCache {
  private readonly pages = new Map<string, KeptPage>();
  /** values read from the same data as the pages (a service's surroundings), kept and dropped with them */
  private readonly values = new Map<string, { value: unknown; version: number; expires: number }>();
  /** the newest cache version read so far */
  private version = 0;

  constructor(
    private readonly ttlMs = 60_000,
    private readonly readVersion?: () => Promise<number>,
  ) {}

  /** The cache for an app on `store`: version-checked where several processes may share the database. */
  static for(store: Queryable, ttlMs?: number): PageCache {
    return new PageCache(ttlMs, store.engine === 'postgres' ? () => cacheVersion(store) : undefined);
  }

  /**
   * Reads the cache version (only where the database is shared; undefined otherwise, with nothing to
   * wait for) and forgets pages built under an older one. Call it before get(), and pass what it
   * gave to set(), so a page always carries the version read before its data.
   */
  check(): Promise<number> | undefined {
    return this.readVersion?.().then((version) => {
      // reads on several connections may finish out of order: the version only moves forward
      if (version > this.version) {
        this.version = version;
        this.clear();
      }
      return version;
    });
  }

  get(key: string, now = Date.now()): CachedPage | undefined {
    const page = this.pages.get(key);
    return page && page.expires > now && page.version === this.version ? page : undefined;
  }

  /** Builds and keeps the page; `version`: what check() gave before the page's data was read. */
  set(key: string, html: string, version = this.version): CachedPage {
    const page = { ...buildPage(html, this.ttlMs), version };
    if (this.pages.size > 5000) this.pages.clear(); // bounded: keys come from URLs
    // a page built from data read before a newer version would be stale: served once, never kept
    if (version === this.version) this.pages.set(key, page);
    return page;
  }

  /**
   * A value read from the data the pages show (the service, its unit, the agency), kept like a page:
   * for ttlMs, until clear(), and under the version check() gave before it was read. Nothing is kept
   * for undefined (an unknown code stays unknown only until it exists).
   */
  async keep<T>(key: string, version: number | undefined, read: () => Promise<T | undefined>, now = Date.now()): Promise<T | undefined> {
    const hit = this.values.get(key);
    if (hit && hit.expires > now && hit.version === this.version) return hit.value as T;
    const value = await read();
    if (value !== undefined && (version ?? this.version) === this.version) {
      if (this.values.size > 5000) this.values.clear(); // bounded: keys come from URLs
      this.values.set(key, { value, version: this.version, expires: now + this.ttlMs });
    }
    return value;
  }

  clear(): void {
    this.pages.clear();
    this.values.clear();
  }
}
