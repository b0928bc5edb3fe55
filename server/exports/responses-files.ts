import type { Response } from 'express';
import { countExportResponses, responsePages, type ExportFilter, type ExportResponse } from '../data/export-rows.js';
import type { Database } from '../data/engine/index.js';
import { elementTexts } from '../data/elements.js';
import { groupLabel } from '../dashboard/filters.js';
import { HttpError } from '../errors.js';
import { audited } from '../manage/audited.js';
import { ELEMENT_CODES } from '../indicators/types.js';
import { hiddenBySmallGroup } from '../results/k-rule.js';
import { DIMENSION_COLUMN } from '../data/totals-sql.js';
import { DIMENSION_NAMES } from '../vocabulary/profile.js';
import { dateCell, type Cell } from './cells.js';
import type { ExportContext } from './context.js';
import { csvOut } from './csv.js';
import { startDownload } from './send.js';
import { xlsxOut } from './xlsx.js';

// The responses of a scope and period, one row each, for admins and unit managers (the route checks
// the role). The columns are fixed: the date without its time, the age band (never the age), the
// profile answers in words and the nine answers; never the comment (a comment beside a profile could
// identify someone: comments have their own file), the counter, the officer who entered it or the
// form's key. Each file made is recorded in the audit log.

export const filterOf = (c: ExportContext): ExportFilter => ({ serviceIds: c.serviceIds, from: c.q.from, to: c.q.to, channel: c.q.channel, group: c.q.group });

/** Header and row maker, with the elements in the agency's order as U1..U9. */
async function layout(store: Database, c: ExportContext) {
  const { t } = c.l;
  const elements = (await elementTexts(store, c.l.lang)).filter((e) => (ELEMENT_CODES as readonly string[]).includes(e.code));
  const header = [
    t('exports.col.no'),
    t('exports.col.date'),
    t('exports.col.service_code'),
    t('exports.col.service'),
    t('dashboard.channel'),
    t('exports.col.lang'),
    ...DIMENSION_NAMES.map((d) => t(`profile.${d}.label`)),
    ...elements.map((e, i) => `U${i + 1} ${e.name}`),
  ];
  const columns = elements.map((e) => `e_${e.code.toLowerCase()}`);
  // the words of each code, looked up once (a file repeats them on every row)
  const words = new Map<string, string>();
  const label = (dim: string, v: string): string => {
    const key = `${dim}:${v}`;
    let w = words.get(key);
    if (w === undefined) words.set(key, (w = dim === 'channel' ? t(`dashboard.channels.${v}`) : groupLabel(t, dim, v)));
    return w;
  };
  const cells = (r: ExportResponse, no: number): Cell[] => {
    const service = c.serviceNames.get(Number(r.service_id));
    return [
      no,
      dateCell(r.local_date),
      service?.code ?? '',
      service?.name ?? '',
      label('channel', r.channel),
      r.lang,
      ...DIMENSION_NAMES.map((d) => {
        const v = r[DIMENSION_COLUMN[d]];
        return typeof v === 'string' ? label(d, v) : null;
      }),
      ...columns.map((col) => (r[col] === null || r[col] === undefined ? null : Number(r[col]))),
    ];
  };
  return { header, cells };
}

/**
 * The k rule, as for every figure: a file narrowed to a profile group holds that group's answers,
 * so it is made only when at least k respondents stand behind it. Returns the number of rows.
 */
export async function checkedCount(store: Database, c: ExportContext): Promise<number> {
  const n = await countExportResponses(store, filterOf(c));
  if (hiddenBySmallGroup(c.q, { n }, c.k)) throw new HttpError(403, 'exports.errors.too_few', { k: c.k });
  return n;
}

/** Records who took which responses file, before its first byte leaves. */
async function auditExport(store: Database, c: ExportContext, file: string, rows: number): Promise<void> {
  const entity = { kind: c.scope.kind === 'service' ? 'service' : 'unit', code: c.scope.code };
  const details = { file, period: { from: c.q.from, to: c.q.to }, channel: c.q.channel, group: c.q.group, rows };
  await audited(store, c.officer, () => Promise.resolve({ result: null, audit: [{ action: 'export_responses', entity, details }] }));
}

export async function responsesFile(store: Database, res: Response, c: ExportContext, ext: 'csv' | 'xlsx'): Promise<void> {
  const rows = await checkedCount(store, c);
  const { header, cells } = await layout(store, c);
  const names = startDownload(res, c, 'responses', ext);
  await auditExport(store, c, names.ascii, rows);
  let no = 0;
  if (ext === 'csv') {
    const out = await csvOut(res, header);
    for await (const page of responsePages(store, filterOf(c))) for (const r of page) await out.row(cells(r, ++no));
    return out.end();
  }
  const book = xlsxOut(res);
  const sheet = book.sheet(c.l.t('exports.files.responses'), [{ width: 7 }, { width: 11 }, { width: 14 }, { width: 30 }, { width: 14 }], 1);
  await sheet.row(header, { bold: true });
  for await (const page of responsePages(store, filterOf(c))) for (const r of page) await sheet.row(cells(r, ++no));
  sheet.done();
  await book.end();
}
