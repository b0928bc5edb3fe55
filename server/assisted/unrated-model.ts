import type { Queryable } from '../data/engine/index.js';
import { unratedByEndState } from '../data/unrated-visits.js';
import type { Localized } from '../i18n.js';
import { NOT_RATED_END_STATES } from '../vocabulary/profile.js';

/**
 * Visits that ended without service and rated nothing (issue 10), for a dashboard beside the end-state
 * breakdown: the reach of those not served, outside the IKM. A count under k reads "fewer than k"
 * (the k rule); null when there are none, so a service that does not ask shows nothing.
 */
export async function unratedModel(q: Queryable, serviceIds: number[] | null, from: string, to: string, k: number, l: Pick<Localized, 't' | 'num'>) {
  const counts = await unratedByEndState(q, serviceIds, from, to);
  const total = NOT_RATED_END_STATES.reduce((s, e) => s + (counts[e] ?? 0), 0);
  if (total === 0) return null;
  return {
    rows: NOT_RATED_END_STATES.map((e) => {
      const n = counts[e] ?? 0;
      return { state: e, label: l.t(`profile.endstate.options.${e}`), n: n === 0 || n >= k ? l.num(n, 0) : l.t('endstate.dashboard.fewer', { k }) };
    }),
  };
}
