import type { AuditActor } from '../../data/audit.js';
import type { Database } from '../../data/engine/index.js';
import { setPopulation } from '../../data/populations.js';
import { ownTargetProfiles, setTargetProfile } from '../../data/profiles.js';
import type { Owner } from '../../data/targets.js';
import type { Dimension } from '../../vocabulary/profile.js';
import { audited, auditedUpdate } from '../audited.js';

// What is set on a unit or a service besides its own fields (target profiles, users served), each
// change through the one audited-change helper (../audited.ts).

/** Whom a profile or population belongs to, for the audit row. */
export interface OwnerRef {
  owner: Owner;
  kind: 'unit' | 'service';
  id: number;
  code: string;
}

const entityOf = (ref: OwnerRef) => ({ kind: ref.kind, id: ref.id, code: ref.code });

/** Replaces the target profiles of every dimension given; returns whether anything changed. */
export function setProfilesAudited(store: Database, actor: AuditActor, ref: OwnerRef, shares: Record<Dimension, Record<string, number>>): Promise<boolean> {
  const given = Object.entries(shares) as Array<[Dimension, Record<string, number>]>;
  const all = Object.fromEntries(given.map(([d]) => [d, null]));
  return auditedUpdate(store, actor, {
    action: 'profile',
    entity: entityOf(ref),
    before: async (tx) => ({ ...all, ...(await ownTargetProfiles(tx, ref.owner)) }),
    after: () => Promise.resolve({ ...all, ...Object.fromEntries(given.filter(([, s]) => Object.keys(s).length)) }),
    write: async (tx) => {
      for (const [dim, s] of given) await setTargetProfile(tx, ref.owner, dim, s);
    },
  });
}

export interface PopulationChange {
  from: string;
  to: string;
  before: number | null;
  population: number | null;
}

/** Sets (or with null, removes) the population of one period. */
export async function setPopulationAudited(store: Database, actor: AuditActor, ref: OwnerRef, c: PopulationChange): Promise<void> {
  await audited(store, actor, async (tx) => {
    await setPopulation(tx, ref.owner, c.from, c.to, c.population);
    const details = { period: { from: c.from, to: c.to }, before: { population: c.before }, after: { population: c.population } };
    return { result: undefined, audit: [{ action: c.population === null ? 'population_delete' : 'population_set', entity: entityOf(ref), details }] };
  });
}
