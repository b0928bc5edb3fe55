import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { TFunction } from 'i18next';
import type { ElementText } from '../data/elements.js';
import { AGE_MAX, AGE_MIN, END_STATES, PREFER_NOT, PROFILE_OPTIONS } from '../vocabulary/profile.js';
import { IMPORT_COLUMNS, headerIn } from './import-columns.js';
import { INTERVIEW_MAX_AGE_DAYS } from './interview.js';

// The import template in the page language: the header row to fill in (CSV, or the first sheet of
// the XLSX), and what every column takes: the codes with their meaning (the XLSX's second sheet,
// and the import page's own table).

export interface CodeRow {
  column: string;
  meaning: string;
  codes: string;
}

/** One line per column: its header, what it asks, the codes it takes (code = meaning). */
export function codeRows(t: TFunction, lang: string, elements: readonly ElementText[]): CodeRow[] {
  const header = headerIn(lang);
  const byCode = new Map(elements.map((e) => [e.code, e]));
  const list = (codes: readonly string[], label: (c: string) => string): string => codes.map((c) => `${c} = ${label(c)}`).join('; ');
  return IMPORT_COLUMNS.map((c, i) => {
    const column = header[i] as string;
    const e = byCode.get(c.field);
    if (e) return { column, meaning: e.question, codes: `${e.labels.map((l, j) => `${j + 1} = ${l}`).join('; ')}; ${t('import.codes.blank_missing')}` };
    if (c.field === 'date') return { column, meaning: t('import.codes.date'), codes: t('import.codes.date_codes', { days: INTERVIEW_MAX_AGE_DAYS }) };
    if (c.field === 'age') return { column, meaning: t('profile.age.label'), codes: t('import.codes.age_codes', { min: AGE_MIN, max: AGE_MAX }) };
    if (c.field === 'comment') return { column, meaning: t('import.codes.comment'), codes: t('import.codes.comment_codes') };
    if (c.field === 'endstate') {
      return {
        column,
        meaning: t('profile.endstate.label'),
        codes: `${list([...END_STATES, PREFER_NOT], (x) => t(`profile.endstate.options.${x}`))}; ${t('import.codes.endstate_note')}`,
      };
    }
    const dim = c.field as keyof typeof PROFILE_OPTIONS;
    return { column, meaning: t(`profile.${dim}.label`), codes: list([...PROFILE_OPTIONS[dim], PREFER_NOT], (x) => t(`profile.${dim}.options.${x}`)) };
  });
}

/** The CSV template: a byte-order mark (spreadsheet programs then read it as UTF-8) and the header row. */
export function csvTemplate(lang: string): Buffer {
  return Buffer.from(`\ufeff${stringify([headerIn(lang)])}`, 'utf8');
}

/** The XLSX template: the header row to fill in, and a second sheet explaining every column's codes. */
export async function xlsxTemplate(t: TFunction, lang: string, elements: readonly ElementText[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Mutu';
  const data = wb.addWorksheet(t('import.template.data_sheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = data.addRow(headerIn(lang));
  header.font = { bold: true };
  data.columns.forEach((col) => (col.width = 16));
  // dates typed as text stay text: YYYY-MM-DD is read either way
  data.getColumn(1).numFmt = 'yyyy-mm-dd';
  const codes = wb.addWorksheet(t('import.template.codes_sheet'));
  codes.columns = [{ width: 20 }, { width: 60 }, { width: 90 }];
  codes.addRow([t('import.template.column'), t('import.template.meaning'), t('import.template.codes')]).font = { bold: true };
  for (const r of codeRows(t, lang, elements)) codes.addRow([r.column, r.meaning, r.codes]).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
