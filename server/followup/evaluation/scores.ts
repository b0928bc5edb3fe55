/**
 * Scores a unit's SKM data earns in the national evaluations for one year (pure; issue 11 "Ready
 * for the national evaluations"): the public-service evaluation PEKPPP (PermenPANRB 29/2022)
 * questions 6-9, and the integrity-zone (Zona Integritas) items on the SKM. Each score comes with
 * the next level's key, which the page words as what would raise it.
 */

export interface UnitYearFacts {
  /** quarters of the year with responses */
  quarters: number;
  responses: number;
  /** n against the Krejcie-Morgan sample for the users served in the year; null: no users entered */
  sampleAdequate: boolean | null;
  /** publication log of the year: distinct channels, and whether any was electronic / not */
  channels: number;
  electronic: boolean;
  nonElectronic: boolean;
  /** the unit's results are on its public page */
  publicPage: boolean;
  /** follow-up actions of the plans made from the year's periods */
  planned: number;
  done: number;
  /** longest months from a plan period's end to the action's done date; null when not all done */
  slowestMonths: number | null;
}

export interface Score {
  score: number;
  max: number;
  /** i18n key (under followup.evaluation.raise) of what would raise it; null at the top */
  raise: string | null;
}

/** Q6: the SKM done per the regulation, published, followed up. */
export function q6(f: UnitYearFacts): Score {
  if (f.responses === 0) return { score: 0, max: 5, raise: 'q6_survey' };
  if (f.sampleAdequate !== true) return { score: 1, max: 5, raise: 'q6_sample' };
  if (!f.nonElectronic) return { score: 2, max: 5, raise: 'q6_print' };
  if (!f.electronic) return { score: 3, max: 5, raise: 'q6_online' };
  if (f.done === 0) return { score: 4, max: 5, raise: 'q6_followup' };
  return { score: 5, max: 5, raise: null };
}

/** Q7: the number of publication media (0, 1, 2, 3, 4, more than 4). */
export function q7(f: UnitYearFacts): Score {
  const score = Math.min(5, f.channels);
  return { score, max: 5, raise: score < 5 ? 'q7_media' : null };
}

/** Q8: the share of the follow-up plan carried out. */
export function q8(f: UnitYearFacts): Score {
  if (f.planned === 0) return { score: 0, max: 5, raise: 'q8_plan' };
  const share = f.done / f.planned;
  const score = share === 0 ? 1 : share < 0.3 ? 2 : share <= 0.8 ? 3 : share < 1 ? 4 : 5;
  return { score, max: 5, raise: score < 5 ? 'q8_done' : null };
}

/** Q9: how fast every recommendation was followed up (within 12, 9, 6, 3 or 1 months of the report). */
export function q9(f: UnitYearFacts): Score {
  if (f.planned === 0 || f.done < f.planned || f.slowestMonths === null) return { score: 0, max: 5, raise: 'q9_all' };
  const m = f.slowestMonths;
  const score = m <= 1 ? 5 : m <= 3 ? 4 : m <= 6 ? 3 : m <= 9 ? 2 : m <= 12 ? 1 : 0;
  return { score, max: 5, raise: score < 5 ? 'q9_faster' : null };
}

/** Zona Integritas: SKM frequency (four or more a year: full marks), access online and offline, follow-up. */
export function integrityZone(f: UnitYearFacts) {
  const frequency: Score = { score: Math.min(4, f.quarters), max: 4, raise: f.quarters < 4 ? 'zi_frequency' : null };
  const online = f.publicPage || f.electronic;
  const access: Score = { score: (online ? 1 : 0) + (f.nonElectronic ? 1 : 0), max: 2, raise: online && f.nonElectronic ? null : 'zi_access' };
  const share = f.planned === 0 ? 0 : f.done / f.planned;
  const level = f.planned === 0 || f.done === 0 ? 'none' : share === 1 ? 'all' : share >= 0.5 ? 'most' : 'some';
  const followUp = { level, score: { none: 0, some: 1, most: 2, all: 3 }[level], max: 3, raise: level === 'all' ? null : 'zi_followup' };
  return { frequency, access, followUp };
}
