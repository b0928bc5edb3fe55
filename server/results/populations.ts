import type { Queryable } from '../data/engine/index.js';
import { listPopulations, type PopulationRow } from '../data/populations.js';
import type { Owner } from '../data/targets.js';
import { addDays } from '../indicators/calendar.js';
import { periodOf, type CalendarKind } from '../indicators/periods.js';

/** Finer calendar kinds tried, coarsest first, when no entry matches the period exactly. */
const SUB_KINDS: CalendarKind[] = ['semester', 'quarter', 'month'];

/** The calendar periods of a kind that tile from..to exactly, or null when they do not fit it. */
function tiles(kind: CalendarKind, from: string, to: string): Array<{ from: string; to: string }> | null {
  const out: Array<{ from: string; to: string }> = [];
  for (let day = from; day <= to;) {
    const p = periodOf(kind, day);
    if (p.from !== day || p.to > to) return null;
    out.push({ from: p.from, to: p.to });
    day = addDays(p.to, 1);
  }
  return out.length ? out : null;
}

/**
 * Users served (N) from the entries of one owner: an entry for exactly this period wins; otherwise
 * the sub-periods of one kind are summed when every one of them is entered (the demo enters both
 * years and quarters: a naive sum over everything inside the period would count users twice).
 */
export function populationFrom(rows: readonly PopulationRow[], from: string, to: string): number | null {
  const entered = new Map(rows.map((r) => [`${r.period_from}/${r.period_to}`, r.population]));
  const exact = entered.get(`${from}/${to}`);
  if (exact !== undefined) return exact;
  for (const kind of SUB_KINDS) {
    const parts = tiles(kind, from, to);
    if (!parts || parts.length < 2) continue;
    const values = parts.map((p) => entered.get(`${p.from}/${p.to}`));
    if (values.every((v) => v !== undefined)) return values.reduce<number>((s, v) => s + (v ?? 0), 0);
  }
  return null;
}

/** Reads each owner's entries once per instance (one page or one API answer). */
export function populationReader(store: Queryable) {
  const cache = new Map<string, Promise<PopulationRow[]>>();
  const rowsOf = (owner: Owner) => {
    const key = 'unitId' in owner ? `u${owner.unitId}` : `s${owner.serviceId}`;
    let rows = cache.get(key);
    if (!rows) cache.set(key, (rows = listPopulations(store, owner)));
    return rows;
  };
  return {
    /** The owner's own N for the period (exact entry, else all its sub-periods), or null. */
    async own(owner: Owner, from: string, to: string): Promise<number | null> {
      return populationFrom(await rowsOf(owner), from, to);
    },
    /**
     * N of a scope: its own entry, else (for a unit) the sum over its services that have one;
     * null when nobody entered one.
     */
    async scope(owner: Owner, serviceIds: readonly number[] | null, from: string, to: string): Promise<number | null> {
      const own = await this.own(owner, from, to);
      if (own !== null || serviceIds === null || 'serviceId' in owner) return own;
      let sum: number | null = null;
      for (const id of serviceIds) {
        const n = await this.own({ serviceId: id }, from, to);
        if (n !== null) sum = (sum ?? 0) + n;
      }
      return sum;
    },
  };
}
