import type { Queryable } from './engine/index.js';

/**
 * The years a date filter may name: from the year before the earliest stored response (the
 * current year when there is none) to the year after the current one. Anything outside is refused
 * before any period arithmetic, so absurd inputs (year 0, 9999, ranges of millennia) never reach
 * the calendar code. Cheap: MIN over the responses_date index reads one index entry.
 */
export async function dateBounds(q: Queryable, now = new Date()): Promise<{ minYear: number; maxYear: number }> {
  const current = now.getUTCFullYear();
  const earliest = await q.value<string | null>('SELECT MIN(local_date) FROM responses');
  const first = earliest && /^\d{4}-/.test(earliest) ? Number(earliest.slice(0, 4)) : current;
  return { minYear: Math.min(first, current) - 1, maxYear: current + 1 };
}
