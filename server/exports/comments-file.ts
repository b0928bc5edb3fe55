import type { Request, Response } from 'express';
import { commentPages } from '../data/export-rows.js';
import type { Database } from '../data/engine/index.js';
import { dateCell } from './cells.js';
import type { ExportContext } from './context.js';
import { csvOut } from './csv.js';
import { startDownload } from './send.js';

// What respondents wrote, as every officer of the scope reads it on the dashboard: the scope, the
// period and the dashboard's comment search (`q`); never narrowed by a profile group and never
// beside profile answers (server/data/comments.ts), so the channel and group filters do not apply.

export async function commentsCsv(store: Database, req: Request, res: Response, c: ExportContext): Promise<void> {
  const { t } = c.l;
  const search = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
  startDownload(res, c, 'comments', 'csv', false);
  const out = await csvOut(res, [t('exports.col.date'), t('exports.col.service_code'), t('exports.col.service'), t('exports.col.comment')]);
  for await (const page of commentPages(store, { serviceIds: c.serviceIds, from: c.q.from, to: c.q.to, search: search || undefined })) {
    for (const r of page) {
      const s = c.serviceNames.get(Number(r.service_id));
      await out.row([dateCell(r.local_date), s?.code ?? '', s?.name ?? '', r.comment]);
    }
  }
  await out.end();
}
