import { cacheVersion } from '../data/cache-version.js';
import type { Queryable } from '../data/engine/index.js';

/**
 * Public results of completed periods, kept until something that changes them happens: a
 * management change or a republication (both write the audit log, which moves the cache version),
 * never a new response (the figures come from frozen months). One primary-key read of the cache
 * version per request tells whether the kept body is still good, so several app processes on one
 * database agree. (Not the audit log's last id: ids are taken in insert order, not commit order, so
 * a change committing after a later-numbered one would leave MAX(id) where it was.)
 */
export class PublicResultsCache<T = unknown> {
  private readonly bodies = new Map<string, { generation: number; body: T }>();

  constructor(
    private readonly q: Queryable,
    private readonly max = 2000,
  ) {}

  async get<B extends T>(key: string, compute: () => Promise<B>): Promise<B> {
    // read before the figures: a change committing while they are computed leaves the body under an older version
    const generation = await cacheVersion(this.q);
    const hit = this.bodies.get(key);
    if (hit && hit.generation === generation) return hit.body as B;
    const body = await compute();
    // a slower reader of an older version never replaces a newer body
    if ((this.bodies.get(key)?.generation ?? -1) > generation) return body;
    this.bodies.delete(key);
    if (this.bodies.size >= this.max) this.bodies.delete(this.bodies.keys().next().value as string);
    this.bodies.set(key, { generation, body });
    return body;
  }
}
