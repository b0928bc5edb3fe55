import type { Response } from 'express';
import type { Database } from '../data/engine/index.js';
import { agencyName, type ExportContext } from './context.js';
import { csvOut } from './csv.js';
import { KEYS, resultsTables, type Key, type Table } from './results-tables.js';
import { startDownload } from './send.js';
import { xlsxOut, type Column, type Sheet } from './xlsx.js';

// The aggregated results of a scope and period: one CSV holding every table (the `table` column says
// which), or an XLSX with a sheet per table (elements, groups, services, trend), the scope's
// headline above the elements.

const FORMATS: Partial<Record<Key, string>> = {
  n: '#,##0',
  share: '0.0%',
  nrr: '0.000',
  score: '0.00',
  margin: '0.00',
  change: '+0.00;-0.00;0.00',
  target: '0.00',
  attainment: '+0.00;-0.00;0.00',
};
const WIDTHS: Partial<Record<Key, number>> = { name: 36, dimension: 18, note: 40, from: 12, to: 12, code: 16 };

const header = (c: ExportContext, keys: readonly Key[]) => keys.map((k) => c.l.t(`exports.col.${k}`));

export async function resultsCsv(store: Database, res: Response, c: ExportContext): Promise<void> {
  const tables = await resultsTables(store, c);
  startDownload(res, c, 'results', 'csv');
  const out = await csvOut(res, header(c, KEYS));
  for (const table of tables) {
    const name = c.l.t(`exports.tables.${table.id}`);
    for (const row of table.rows) await out.row(KEYS.map((k) => (k === 'table' ? name : (row[k] ?? null))));
  }
  await out.end();
}

async function writeTable(sheet: Sheet, c: ExportContext, table: Table): Promise<void> {
  await sheet.row(header(c, table.keys), { bold: true });
  const formats = table.keys.map((k) => FORMATS[k]);
  for (const row of table.rows)
    await sheet.row(
      table.keys.map((k) => row[k] ?? null),
      { formats },
    );
}

const columns = (keys: readonly Key[]): Column[] => keys.map((k) => ({ width: WIDTHS[k] }));

export async function resultsXlsx(store: Database, res: Response, c: ExportContext): Promise<void> {
  const tables = await resultsTables(store, c);
  const [summary, ...rest] = tables as [Table, ...Table[]];
  startDownload(res, c, 'results', 'xlsx');
  const book = xlsxOut(res);
  for (const table of rest) {
    const sheet = book.sheet(c.l.t(`exports.tables.${table.id}`), columns(table.id === 'elements' ? summary.keys : table.keys));
    if (table.id === 'elements') {
      // who, what and when above the figures; then the scope's headline
      await sheet.row([agencyName(c)], { bold: true });
      await sheet.row([c.shown.line]);
      await sheet.row([]);
      await writeTable(sheet, c, summary);
      await sheet.row([]);
    }
    await writeTable(sheet, c, table);
    sheet.done();
  }
  await book.end();
}
