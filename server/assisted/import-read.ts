import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

// Reads an uploaded CSV or XLSX file into rows of text cells (the first sheet of a workbook). Which
// one it is comes from the content (an XLSX file is a zip: "PK"), not from its name.

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 10_000;

export class UnreadableFile extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

/** A cell as text: dates as YYYY-MM-DD (Excel dates carry no zone: their UTC fields are the date typed), formulas by result. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v) return cellText(v.result);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    return '';
  }
  return String(v);
}

async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFile('import.errors.unreadable');
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new UnreadableFile('import.errors.empty');
  if (sheet.rowCount > IMPORT_MAX_ROWS + 1) throw new UnreadableFile('import.errors.too_many_rows');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values = row.values as ExcelJS.CellValue[];
    rows[n - 1] = values.slice(1).map(cellText);
  });
  return Array.from(rows, (r) => r ?? []);
}

function readCsv(buffer: Buffer): string[][] {
  try {
    const records: unknown = parse(buffer, { bom: true, delimiter: [',', ';', '\t'], relax_column_count: true, skip_empty_lines: false, trim: false });
    return records as string[][];
  } catch {
    throw new UnreadableFile('import.errors.unreadable');
  }
}

/** The file's rows (row 1: the header), or UnreadableFile with the reason's i18n key. */
export async function readImportFile(buffer: Buffer): Promise<string[][]> {
  if (buffer.length === 0) throw new UnreadableFile('import.errors.empty');
  if (buffer.length > IMPORT_MAX_BYTES) throw new UnreadableFile('import.errors.too_large');
  const zip = buffer[0] === 0x50 && buffer[1] === 0x4b;
  const rows = zip ? await readXlsx(buffer) : readCsv(buffer);
  if (rows.length === 0) throw new UnreadableFile('import.errors.empty');
  if (rows.length > IMPORT_MAX_ROWS + 1) throw new UnreadableFile('import.errors.too_many_rows');
  return rows;
}
