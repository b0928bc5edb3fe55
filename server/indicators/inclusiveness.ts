/**
 * Inclusiveness (spec/indicators.md): reach and IKM per group of one profile dimension, equity
 * gap and ratio, and the vulnerable-groups comparison. Input: group key → Totals for ONE
 * dimension, the 'na' group holding "prefer not to answer" / not stated.
 */
import type { Totals } from './types.js';
import { addTotals, emptyTotals } from './types.js';
import { ikm } from './skm.js';
import { NA_GROUP, figuresOf, minGroupSize, type GroupFigures } from './groups.js';
import { representationIndex, underRepresented, type TargetProfile, type UnderRepresented } from './representation.js';

/** Reach and IKM per group, in the input's key order; shares are over ALL responses (with 'na'). */
export function groupFigures(groups: Readonly<Record<string, Totals>>, k?: number): GroupFigures[] {
  const minN = minGroupSize(k);
  const total = Object.values(groups).reduce((s, t) => s + t.n, 0);
  return Object.entries(groups).map(([group, t]) => figuresOf(group, t, total, minN));
}

/** IKMs of the groups that may be compared: not suppressed, not 'na', with an IKM. */
function comparable(rows: readonly GroupFigures[]): number[] {
  return rows.filter((r) => !r.suppressed && r.group !== NA_GROUP && r.ikm !== null).map((r) => r.ikm as number);
}

/** Highest − lowest group IKM over comparable groups; null when fewer than 2 qualify. */
export function equityGap(rows: readonly GroupFigures[]): number | null {
  const values = comparable(rows);
  return values.length < 2 ? null : Math.max(...values) - Math.min(...values);
}

/**
 * Lowest comparable group IKM / IKM of the whole scope. Like the gap it needs at least 2
 * comparable groups (a single group is no comparison); null otherwise or without a scope IKM.
 */
export function equityRatio(rows: readonly GroupFigures[], scopeIkm: number | null): number | null {
  const values = comparable(rows);
  if (values.length < 2 || scopeIkm === null || scopeIkm <= 0) return null;
  return Math.min(...values) / scopeIkm;
}

export interface InclusivenessFigures {
  k: number;
  scopeIkm: number | null;
  groups: GroupFigures[];
  /** null without a target profile or without answered responses */
  representation: number | null;
  underRepresented: UnderRepresented[];
  equityGap: number | null;
  equityRatio: number | null;
}

/**
 * All inclusiveness figures of one dimension. The scope defaults to the sum of all groups
 * (every response falls in exactly one group, 'na' included).
 */
export function inclusiveness(
  groups: Readonly<Record<string, Totals>>,
  options: { k?: number; target?: TargetProfile | null; scope?: Totals } = {},
): InclusivenessFigures {
  const k = minGroupSize(options.k);
  const rows = groupFigures(groups, k);
  const scope = options.scope ?? Object.values(groups).reduce(addTotals, emptyTotals());
  const scopeIkm = ikm(scope);
  const target = options.target ?? null;
  return {
    k,
    scopeIkm,
    groups: rows,
    representation: target ? representationIndex(groups, target) : null,
    underRepresented: target ? underRepresented(groups, target, k) : [],
    equityGap: equityGap(rows),
    equityRatio: equityRatio(rows, scopeIkm),
  };
}

/** A group beside everyone else; shares are over both sides together. */
export interface GroupComparison {
  group: GroupFigures;
  rest: GroupFigures;
}

/** Compare one group's totals with the rest's, each side suppressed below k. */
export function compareGroup(group: Totals, rest: Totals, k?: number): GroupComparison {
  const minN = minGroupSize(k);
  const total = group.n + rest.n;
  return { group: figuresOf('group', group, total, minN), rest: figuresOf('rest', rest, total, minN) };
}

/** Vulnerable groups: respondents with disability, and aged 65 and over, each beside the rest. */
export function vulnerableGroups(
  input: { disability: { group: Totals; rest: Totals }; age65plus: { group: Totals; rest: Totals } },
  k?: number,
): { disability: GroupComparison; age65plus: GroupComparison } {
  return {
    disability: compareGroup(input.disability.group, input.disability.rest, k),
    age65plus: compareGroup(input.age65plus.group, input.age65plus.rest, k),
  };
}
