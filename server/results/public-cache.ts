import { lastAuditId } from '../data/audit.js';
import type { Queryable } from '../data/engine/index.js';

/**
 * Public results of completed periods, kept until something that changes them happens: a
 * management change or a republication (both write the audit log), never a new response (the
 * figures come from frozen months). One indexed read of the audit log's last id per request tells
 * whether the kept body is still good, so several app processes on one database agree.
 */
export class PublicResultsCache<T = unknown> {
  private readonly bodies = new Map<string, { generation: number; body: T }>();

  constructor(
    private readonly q: Queryable,
    private readonly max = 2000,
  ) {}

  async get<B extends T>(key: string, compute: () => Promise<B>): Promise<B> {
    const generation = await lastAuditId(this.q);
    const hit = this.bodies.get(key);
    if (hit && hit.generation === generation) return hit.body as B;
    const body = await compute();
    this.bodies.delete(key);
    if (this.bodies.size >= this.max) this.bodies.delete(this.bodies.keys().next().value as string);
    this.bodies.set(key, { generation, body });
    return body;
  }
}
