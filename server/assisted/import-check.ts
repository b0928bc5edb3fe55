import type { TFunction } from 'i18next';
import type { AssistedRow } from '../data/assisted.js';
import { mapHeader, normalizeCode, normalizeDate } from './import-columns.js';
import { validateInterview } from './interview.js';

// Every row of an import checked with the survey's own rules (through validateInterview), reported
// by its row number in the sheet (the header is row 1). A file is storable only when every row passes.

export interface RejectedRow {
  row: number;
  problems: string[];
}

export type ImportCheck =
  | { ok: true; rows: AssistedRow[]; rowCount: number; first: string; last: string }
  | { ok: false; fileProblem: string | null; rejected: RejectedRow[]; rowCount: number };

const isBlank = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

/**
 * Checks the rows of a file (row 0: the header). `keyPrefix` makes each row's idempotency key (the
 * file's hash): importing the same file again stores none of its rows twice. `label` names a field in
 * the report (its column header in the page language).
 */
export function checkImport(rows: string[][], today: string, keyPrefix: string, t: TFunction, label: (field: string) => string): ImportCheck {
  const header = mapHeader(rows[0] ?? []);
  const fileFail = (key: string, params: Record<string, string> = {}): ImportCheck => ({ ok: false, fileProblem: t(key, params), rejected: [], rowCount: 0 });
  if (header.unknown !== null) return fileFail('import.errors.unknown_column', { column: header.unknown });
  if (header.repeated !== null) return fileFail('import.errors.repeated_column', { column: header.repeated });
  if (header.missingDate) return fileFail('import.errors.no_date_column', { column: label('date') });

  const stored: AssistedRow[] = [];
  const rejected: RejectedRow[] = [];
  let rowCount = 0;
  rows.slice(1).forEach((cells, i) => {
    if (isBlank(cells)) return;
    rowCount++;
    const row = i + 2;
    const body: Record<string, unknown> = { idem: `${keyPrefix}-${row}` };
    header.fields.forEach((field, col) => {
      if (!field) return;
      const raw = cells[col] ?? '';
      body[field] = field === 'date' ? normalizeDate(raw) : field === 'comment' ? raw : normalizeCode(field, raw);
    });
    if (cells.length > header.fields.length && !isBlank(cells.slice(header.fields.length))) {
      rejected.push({ row, problems: [t('import.errors.extra_cells')] });
      return;
    }
    const result = validateInterview(body, today, 'paper');
    if (result.ok) stored.push(result.interview);
    else {
      const problems = Object.entries(result.errors).map(([field, key]) => {
        const what = field === 'elements' || field === 'form' ? '' : `${label(field)}: `;
        return `${what}${t(key, { max: '1.000' })}`;
      });
      rejected.push({ row, problems });
    }
  });
  if (rowCount === 0) return fileFail('import.errors.no_rows');
  if (rejected.length) return { ok: false, fileProblem: null, rejected, rowCount };
  const dates = stored.map((r) => r.date).sort();
  return { ok: true, rows: stored, rowCount, first: dates[0] as string, last: dates[dates.length - 1] as string };
}
