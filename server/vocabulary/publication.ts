// What publication is made of, shared by the data layer (which freezes it) and results/disclosure.ts
// (which decides what of it the public sees): the dimensions the public may see groups of, and one
// service's responses in one month, the block every public figure is a sum of.

export const PUBLIC_DIMENSIONS = ['gender', 'age', 'education', 'occupation', 'disability', 'channel'] as const;
export type PublicDimension = (typeof PUBLIC_DIMENSIONS)[number];

/** One service's responses in one month, as frozen for publication. */
export interface MonthBlock<T> {
  month: string;
  total: T;
  /** per dimension, group code -> totals; every response falls in exactly one group of each dimension */
  groups: Record<PublicDimension, Record<string, T>>;
  /** the joint profile: one entry per combination of groups that occurs, with its count */
  joint: ReadonlyArray<{ key: Record<PublicDimension, string>; n: number }>;
}
