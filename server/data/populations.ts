import { inList, type Queryable } from './engine/index.js';
import { ownerWhere, type Owner } from './targets.js';

// Users served in a period (N, for the Krejcie-Morgan sample size), per unit or service.

/** Sets (or with null, removes) the users served in a period. Call it with a transaction. */
export async function setPopulation(tx: Queryable, owner: Owner, from: string, to: string, population: number | null): Promise<void> {
  const o = ownerWhere(owner);
  await tx.run(`DELETE FROM populations WHERE ${o.where} AND period_from = ? AND period_to = ?`, [o.id, from, to]);
  if (population === null) return;
  const insert =
    o.kind === 'unit'
      ? 'INSERT INTO populations (unit_id, service_id, period_from, period_to, population) VALUES (?, NULL, ?, ?, ?)'
      : 'INSERT INTO populations (unit_id, service_id, period_from, period_to, population) VALUES (NULL, ?, ?, ?, ?)';
  await tx.run(insert, [o.id, from, to, population]);
}

/** Users served in exactly this period as entered for the owner, or undefined. */
export async function ownPopulation(q: Queryable, owner: Owner, from: string, to: string): Promise<number | undefined> {
  const o = ownerWhere(owner);
  const n = await q.value<number>(`SELECT population FROM populations WHERE ${o.where} AND period_from = ? AND period_to = ?`, [o.id, from, to]);
  return n ?? undefined;
}

export interface PopulationRow {
  period_from: string;
  period_to: string;
  population: number;
}

/** The populations entered for one unit or service, latest period first. */
export function listPopulations(q: Queryable, owner: Owner): Promise<PopulationRow[]> {
  const o = ownerWhere(owner);
  return q.all<PopulationRow>(`SELECT period_from, period_to, population FROM populations WHERE ${o.where} ORDER BY period_from DESC, period_to DESC`, [o.id]);
}

/** The sum of the populations entered for these services in exactly this period; null when none was entered. */
export async function servicesPopulation(q: Queryable, serviceIds: readonly number[], from: string, to: string): Promise<number | null> {
  const n = await q.value<number | null>(
    `SELECT SUM(population) FROM populations WHERE ${inList(q.engine, 'service_id')} AND period_from = ? AND period_to = ?`,
    [JSON.stringify(serviceIds), from, to],
  );
  return n ?? null;
}
