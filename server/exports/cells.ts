// What a cell of an exported file may hold, and how text is kept from being read as a formula.
// Spreadsheet programs run a text cell that starts with = + - @ (and, in some, a tab or a carriage
// return) as a formula when they open a CSV: a comment such as "=HYPERLINK(...)" would become a
// live link. Text that starts so gets a leading single quote in CSV (Excel hides it and shows the
// text); in XLSX it is written as a string cell, which is never a formula. Numbers stay numbers.

/** A typed value: text, a number, a local date ('YYYY-MM-DD', a date cell in XLSX), or nothing. */
export type Cell = string | number | { date: string } | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a text would be taken for a formula by a spreadsheet program. */
function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** A text cell for CSV, neutralised: "'=1+1" for "=1+1". */
export function csvText(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

/** A local date cell. */
export const dateCell = (isoDate: string): Cell => ({ date: isoDate.slice(0, 10) });

/** A number cell, or nothing for null, undefined and non-finite values. */
export const numberCell = (x: number | null | undefined): Cell => (x === null || x === undefined || !Number.isFinite(x) ? null : x);
