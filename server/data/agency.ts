import type { Queryable } from './engine/index.js';

// The agency (one per installation): its names, time zone and the smallest group shown.

export interface Agency {
  id: number;
  code: string;
  name_id: string;
  name_en: string;
  time_zone: string;
  min_group_size: number;
}

export function getAgency(q: Queryable): Promise<Agency | undefined> {
  return q.get<Agency>('SELECT id, code, name_id, name_en, time_zone, min_group_size FROM agencies ORDER BY id LIMIT 1');
}

/** The agency's time zone (dates in reports are local to it). */
export async function agencyTimeZone(q: Queryable): Promise<string> {
  return (await getAgency(q))?.time_zone ?? 'Asia/Jakarta';
}

/** Inserts the agency; returns its id. */
export async function createAgency(q: Queryable, a: Omit<Agency, 'id' | 'min_group_size'> & { min_group_size?: number }): Promise<number> {
  const id = await q.value<number>('INSERT INTO agencies (code, name_id, name_en, time_zone, min_group_size) VALUES (?, ?, ?, ?, ?) RETURNING id', [
    a.code,
    a.name_id,
    a.name_en,
    a.time_zone,
    a.min_group_size ?? 5,
  ]);
  return Number(id);
}
