import { expect } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Agent } from './officer.js';

// Reading exported files back as a user's program would: CSV with csv-parse, XLSX with exceljs.

export interface Download {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** GET with the agent's session, the body as bytes whatever its type. */
export async function download(agent: Agent, url: string): Promise<Download> {
  const res = await agent
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  return { status: res.status, headers: res.headers, body: res.body as Buffer };
}

/** A CSV file read back: it must start with a UTF-8 byte-order mark and end its records with CRLF; the records as arrays (header first). */
export function readCsv(body: Buffer): string[][] {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(body.subarray(3).toString('utf8'), { record_delimiter: '\r\n' }) satisfies string[][];
}

export async function readXlsx(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

/** The values of a sheet's rows (cells from index 1, as exceljs gives them). */
export function sheetRows(ws: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const out: ExcelJS.CellValue[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => out.push(row.values as ExcelJS.CellValue[]));
  return out;
}
