import { expect } from 'vitest';

/**
 * Two reads of the totals tables (arrays of rows) hold the same figures: counts and keys exactly,
 * the float sums of respondent means to 1e-9 relative (a recomputation adds them in another order).
 */
export function expectSameTotals(actual: unknown[][], expected: unknown[][]): void {
  expect(actual.map((rows) => rows.length)).toEqual(expected.map((rows) => rows.length));
  const round = (rows: unknown[][]) =>
    rows.map((table) =>
      (table as Array<Record<string, unknown>>).map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(10)) : v])),
      ),
    );
  expect(round(actual)).toEqual(round(expected));
}
