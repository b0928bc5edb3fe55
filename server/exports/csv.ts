import { once } from 'node:events';
import { Transform, type Writable } from 'node:stream';
import { stringify, type Stringifier } from 'csv-stringify';
import { csvText, type Cell } from './cells.js';
import { clientWatch } from './client.js';

// CSV as RFC 4180 and spreadsheet programs read it: comma separated, CRLF line ends, fields quoted
// when they hold a comma, a quote or a line break, UTF-8 with a byte-order mark (so that Excel reads
// the accents and the dashes right), dot decimals, dates as YYYY-MM-DD, empty for no value.

/** csv-stringify quotes a field with the delimiter or a quote; a line break inside a field must be quoted too (RFC 4180). */
const LINE_BREAK = /[\r\n]/;

const value = (c: Cell): string | number | null => {
  if (c === null) return null;
  if (typeof c === 'number') return c;
  if (typeof c === 'string') return csvText(c);
  return c.date;
};

export interface CsvOut {
  /** writes one record, waiting while the client is slower than the file is made */
  row(cells: readonly Cell[]): Promise<void>;
  /** ends the file and waits until the last byte is handed to `out` */
  end(): Promise<void>;
}

/** Bytes handed on at a time: one write a record would cost a compression round trip per record. */
const CHUNK = 64 * 1024;

/** Gathers small chunks into CHUNK-sized ones. */
function batched(): Transform {
  let parts: Buffer[] = [];
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      parts.push(chunk);
      size += chunk.length;
      if (size < CHUNK) return done();
      const all = Buffer.concat(parts, size);
      parts = [];
      size = 0;
      done(null, all);
    },
    flush(done) {
      done(null, size ? Buffer.concat(parts, size) : undefined);
    },
  });
}

/** A streaming CSV writer into `out` (the HTTP response), starting with the header. */
export async function csvOut(out: Writable, header: readonly string[]): Promise<CsvOut> {
  const s: Stringifier = stringify({ bom: true, record_delimiter: 'windows', quoted_match: LINE_BREAK });
  s.pipe(batched()).pipe(out);
  const finished = once(out, 'finish');
  const client = clientWatch(out);
  const row = async (cells: readonly Cell[]) => {
    if (!s.write(cells.map(value))) await client.wait(once(s, 'drain'));
  };
  await row(header);
  return {
    row,
    async end() {
      s.end();
      await client.wait(finished);
    },
  };
}
