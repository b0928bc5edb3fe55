import { inList, type Queryable } from './engine/index.js';

// How far the live totals of published months have moved since they were frozen (late kiosk
// queues, imports, quarantine decisions): the report as published says how many responses differ.

type CountRow = { service_id: number; month: string; channel: string; n: number };

/**
 * Responses that differ between the live and the frozen totals of some services' frozen months: per
 * service, month and channel, the size of the difference, summed (added and removed ones both count).
 */
export async function responsesDiffering(q: Queryable, serviceIds: readonly number[], months: readonly string[]): Promise<number> {
  if (!serviceIds.length || !months.length) return 0;
  const args = [JSON.stringify(serviceIds), months[0] as string, months[months.length - 1] as string];
  const where = `${inList(q.engine, 'service_id')} AND month BETWEEN ? AND ?`;
  const frozen = await q.all<CountRow>(`SELECT service_id, month, channel, n FROM published_totals_month WHERE ${where}`, args);
  const frozenMonths = await q.all<{ service_id: number; month: string }>(`SELECT service_id, month FROM published_months WHERE ${where}`, args);
  const live = await q.all<CountRow>(`SELECT service_id, month, channel, n FROM totals_month WHERE ${where}`, args);
  const isFrozen = new Set(frozenMonths.map((r) => `${r.service_id}:${r.month}`));
  const diff = new Map<string, number>();
  for (const r of live) if (isFrozen.has(`${r.service_id}:${r.month}`)) diff.set(`${r.service_id}:${r.month}:${r.channel}`, Number(r.n));
  for (const r of frozen) {
    const key = `${r.service_id}:${r.month}:${r.channel}`;
    diff.set(key, (diff.get(key) ?? 0) - Number(r.n));
  }
  let total = 0;
  for (const d of diff.values()) total += Math.abs(d);
  return total;
}
