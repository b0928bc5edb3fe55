import type { Totals } from '../indicators/types.js';
import type { ResultsQuery } from './compute.js';

/**
 * The k rule for officers and tokens (indicators.md "Small groups and privacy"), in one place: a
 * figure narrowed to one profile group is hidden when fewer than k respondents stand behind it.
 * Unfiltered figures and channel-only filters are shown whatever their size (they are not a group).
 */
export function hiddenBySmallGroup(q: Pick<ResultsQuery, 'group'>, t: Pick<Totals, 'n'>, k: number): boolean {
  return q.group !== null && t.n < k;
}

/** A group or scope under this many respondents is a rough figure: shown, but marked so. */
const ROUGH_BELOW = 30;

/** Whether a shown figure rests on few respondents (at least k, below 30). */
export function isRough(n: number | null): boolean {
  return n !== null && n > 0 && n < ROUGH_BELOW;
}
