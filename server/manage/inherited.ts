import type { Queryable } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { ownTargetProfiles } from '../data/profiles.js';
import type { Unit } from '../data/units.js';
import { inheritTarget } from '../indicators/targets.js';
import type { Dimension } from '../vocabulary/profile.js';

// What a unit or a service follows when its own setting is empty: the nearest unit above that set
// one (wording: "mengikuti induk: 82,00"). Computed from the units already read, so a whole tree
// costs no query per row.

/** The unit `unitId` and its ancestors up to the root, nearest first. */
function chainOf(units: ReadonlyMap<number, Unit>, unitId: number | null): Unit[] {
  const chain: Unit[] = [];
  for (
    let u = unitId === null ? undefined : units.get(unitId);
    u && chain.length <= units.size;
    u = u.parent_id === null ? undefined : units.get(u.parent_id)
  ) {
    chain.push(u);
  }
  return chain;
}

export interface InheritedTarget {
  value: number | null;
  /** the unit that set it, in the page language */
  from: string | null;
}

/** The target followed from `startUnitId` upwards (a unit's parent, or a service's unit). */
export function inheritedTarget(units: ReadonlyMap<number, Unit>, startUnitId: number | null, lang: string): InheritedTarget {
  const chain = chainOf(units, startUnitId);
  const value = inheritTarget(chain.map((u) => u.target_ikm));
  const source = chain.find((u) => u.target_ikm !== null);
  return { value, from: source ? nameIn(source, lang) : null };
}

export type Shares = Record<string, number>;

/** Per dimension, the nearest unit above with its own profile for it, and its shares. */
export async function inheritedProfiles(
  q: Queryable,
  units: ReadonlyMap<number, Unit>,
  startUnitId: number | null,
  lang: string,
): Promise<Partial<Record<Dimension, { from: string; shares: Shares }>>> {
  const out: Partial<Record<Dimension, { from: string; shares: Shares }>> = {};
  for (const unit of chainOf(units, startUnitId)) {
    const own = await ownTargetProfiles(q, { unitId: unit.id });
    for (const [dim, shares] of Object.entries(own) as Array<[Dimension, Shares]>) out[dim] ??= { from: nameIn(unit, lang), shares };
  }
  return out;
}

/** Formatting of the page language (res.locals t and num). */
export interface Words {
  t: (key: string, params?: Record<string, unknown>) => string;
  num: (x: number | null | undefined, digits?: number) => string;
}

/** A target as a table shows it: its own value, or "mengikuti induk: 82,00"; the root without one: "belum ada target". */
export function targetWords(w: Words, own: number | null, inherited: InheritedTarget, root: boolean): string {
  if (own !== null) return w.num(own);
  if (root) return w.t('manage.inherit.no_target');
  return inherited.value === null ? w.t('manage.inherit.none') : w.t('manage.inherit.value', { value: w.num(inherited.value) });
}

/** The target field's note on a form: what an empty field follows, and from which unit. */
export function targetNote(w: Words, inherited: InheritedTarget | null, hasOwn: boolean): string {
  if (!inherited) return w.t('manage.inherit.root_hint');
  if (inherited.value === null || inherited.from === null) return w.t('manage.inherit.target_none');
  return w.t(hasOwn ? 'manage.inherit.target_own' : 'manage.inherit.target_from', { value: w.num(inherited.value), name: inherited.from });
}
