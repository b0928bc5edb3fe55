import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cell } from './cells.js';
import { clientWatch } from './client.js';

// XLSX written as it is made (exceljs's streaming WorkbookWriter): rows are committed to the zip as
// they come, no shared-strings table is kept in memory, and the writer waits whenever the client
// reads slower than the file is made. Cells are typed: numbers as numbers (with a display format
// where given), local dates as date cells, text as string cells (never a formula, whatever it
// starts with); a formula is written only where the code says so, always with its computed result.

/** A cell of a sheet: a typed value, or a formula with its result. */
export type SheetCell = Cell | { formula: string; result: number | null };

export interface Column {
  width?: number;
}

export interface RowOptions {
  /** a header or a total */
  bold?: boolean;
  /** Excel number format of each cell's number, by position, e.g. '0.00' */
  formats?: ReadonlyArray<string | undefined>;
}

const DATE_FORMAT = 'yyyy-mm-dd';
/** How often a sheet lets zlib and the socket catch up (rows). */
const YIELD_EVERY = 200;

function toValue(c: SheetCell): ExcelJS.CellValue {
  if (c === null || typeof c === 'string' || typeof c === 'number') return c;
  if ('date' in c) {
    const [y, m, d] = c.date.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d));
  }
  return c.result === null ? { formula: c.formula } : { formula: c.formula, result: c.result };
}

export interface Sheet {
  /** appends a row and commits it */
  row(cells: readonly SheetCell[], opts?: RowOptions): Promise<void>;
  /** how many rows so far */
  readonly rows: number;
  /** commits the sheet: call before the next one is started */
  done(): void;
}

export interface XlsxOut {
  /** a new sheet; `frozen`: rows kept in view when scrolling (the header) */
  sheet(name: string, columns: readonly Column[], frozen?: number): Sheet;
  /** finishes the zip and waits until the last byte is handed to `out` */
  end(): Promise<void>;
}

/** A stream's buffered input: node's own streams and readable-stream's (which archiver uses) alike. */
interface Buffered {
  _writableState?: { length: number; highWaterMark: number };
  once(event: 'drain', listener: () => void): unknown;
}

/**
 * Where a sheet's XML goes: exceljs hands a sheet's bytes to the zip entry's input stream without
 * waiting for it; that stream's buffer says how far the zip (its compressor, then the client) is
 * behind. Not part of exceljs's typed interface: when it cannot be found, only the output is watched.
 */
function zipInputOf(ws: ExcelJS.Worksheet): Buffered | undefined {
  const pipes = (ws as unknown as { _stream?: { pipes?: unknown[] } })._stream?.pipes;
  const first = pipes?.[0] as Buffered | undefined;
  return first?._writableState && typeof first.once === 'function' ? first : undefined;
}

/** Resolves once the stream's input buffer is below its high-water mark. */
async function drained(s: Buffered): Promise<void> {
  const state = s._writableState as { length: number; highWaterMark: number };
  while (state.length >= state.highWaterMark) await new Promise<void>((resolve) => s.once('drain', resolve));
}

/** A streaming XLSX writer into `out` (the HTTP response). */
export function xlsxOut(out: Writable): XlsxOut {
  const pass = new PassThrough();
  pass.pipe(out);
  const finished = once(out, 'finish');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  wb.creator = 'Mutu';
  wb.created = new Date();
  /**
   * Waits while the zip is behind: exceljs writes a sheet's rows into the zip's compressor without
   * waiting for it (the compressor's input would grow without bound when rows come faster than
   * zlib takes them), and the zip into `pass`, which waits for the client.
   */
  const client = clientWatch(out);
  const caughtUp = async (ws: ExcelJS.Worksheet) => {
    await client.wait(new Promise<void>((resolve) => setImmediate(resolve)));
    const input = zipInputOf(ws);
    if (input) await client.wait(drained(input));
    while (pass.writableNeedDrain) await client.wait(once(pass, 'drain'));
  };
  return {
    sheet(name, columns, frozen = 0) {
      const ws = wb.addWorksheet(name.slice(0, 31), frozen ? { views: [{ state: 'frozen', ySplit: frozen }] } : {});
      ws.columns = columns.map((c) => ({ width: c.width ?? 12 }));
      let count = 0;
      return {
        get rows() {
          return count;
        },
        async row(cells, opts = {}) {
          const r = ws.addRow(cells.map(toValue));
          cells.forEach((c, i) => {
            const cell = r.getCell(i + 1);
            if (c !== null && typeof c === 'object' && 'date' in c) cell.numFmt = DATE_FORMAT;
            else if (opts.formats?.[i] && c !== null && typeof c !== 'string') cell.numFmt = opts.formats[i];
          });
          if (opts.bold) r.font = { bold: true };
          r.commit();
          if (++count % YIELD_EVERY === 0 || pass.writableNeedDrain) await caughtUp(ws);
        },
        done() {
          ws.commit();
        },
      };
    },
    async end() {
      await client.wait(wb.commit());
      await client.wait(finished);
    },
  };
}
