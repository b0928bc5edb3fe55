import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { confirmUpload, pendingUpload, savePendingUpload } from '../data/assisted.js';
import { elementTexts } from '../data/elements.js';
import type { Database } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import type { Service } from '../data/services.js';
import { HttpError } from '../errors.js';
import { assistedUrls } from '../urls.js';
import { IMPORT_COLUMNS, headerIn } from './import-columns.js';
import { checkImport, type ImportCheck } from './import-check.js';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, UnreadableFile, readImportFile } from './import-read.js';
import { codeRows, csvTemplate, xlsxTemplate } from './import-template.js';
import { agencyOf, renderAssisted, todayIn } from './page.js';
import { entryScope, serviceOf } from './scope.js';
import { uploadOf } from './upload.js';

// Paper questionnaires from CSV or XLSX: upload -> every row checked -> a report; a clean file waits
// (import_uploads, PENDING_MS) for the officer to confirm, and is then stored whole in one transaction.

const PENDING_MS = 15 * 60_000;
/** Rejected rows listed on the report page (all of them are counted). */
const REPORT_ROWS = 500;

export function importPages(store: Database) {
  async function page(req: Request, res: Response, service: Service, extra: Record<string, unknown>, status = 200): Promise<void> {
    const { lang, t, num } = res.locals;
    const elements = await elementTexts(store, lang);
    renderAssisted(
      res,
      'import',
      {
        title: t('import.title', { service: nameIn(service, lang) }),
        action: assistedUrls.import(service.code, lang),
        entryHref: assistedUrls.entry(service.code, lang),
        templates: { xlsx: assistedUrls.importTemplate(service.code, 'xlsx', lang), csv: assistedUrls.importTemplate(service.code, 'csv', lang) },
        limits: t('import.limits', { mb: num(IMPORT_MAX_BYTES / 1024 / 1024, 0), rows: num(IMPORT_MAX_ROWS, 0) }),
        codes: codeRows(t, lang, elements),
        stored: req.query.stored === undefined ? null : { stored: Number(req.query.stored) || 0, repeated: Number(req.query.repeated) || 0 },
        report: null,
        ...extra,
      },
      status,
    );
  }

  /** The report of a checked file: what was wrong row by row (422), or the confirmation of a clean file. */
  function reportModel(res: Response, check: ImportCheck, fileName: string, confirm: string | null) {
    const { t, num, date } = res.locals;
    if (check.ok) return { ok: true, fileName, rows: num(check.rowCount, 0), count: check.rowCount, first: date(check.first), last: date(check.last), confirm };
    return {
      ok: false,
      fileName,
      fileProblem: check.fileProblem,
      summary: check.fileProblem ? null : t('import.report.rejected', { bad: num(check.rejected.length, 0), rows: num(check.rowCount, 0) }),
      rejected: check.rejected.slice(0, REPORT_ROWS),
      more: Math.max(0, check.rejected.length - REPORT_ROWS),
    };
  }

  return {
    show: async (req: Request, res: Response): Promise<void> => {
      const scope = await entryScope(store, res);
      await page(req, res, await serviceOf(store, scope, req), {});
    },

    template: async (req: Request, res: Response): Promise<void> => {
      const { lang, t } = res.locals;
      const scope = await entryScope(store, res);
      const service = await serviceOf(store, scope, req);
      const format = String(req.params.format);
      if (format !== 'csv' && format !== 'xlsx') throw new HttpError(404);
      const name = `${t('import.template.file_name')}-${service.code}.${format}`;
      const body = format === 'csv' ? csvTemplate(lang) : await xlsxTemplate(t, lang, await elementTexts(store, lang));
      res.set({
        'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
        'Cache-Control': 'no-store',
      });
      res.send(body);
    },

    upload: async (req: Request, res: Response): Promise<void> => {
      const { lang, t, num } = res.locals;
      const scope = await entryScope(store, res);
      const service = await serviceOf(store, scope, req);
      const upload = uploadOf(req);
      const limits = { mb: num(IMPORT_MAX_BYTES / 1024 / 1024, 0), rows: num(IMPORT_MAX_ROWS, 0) };
      const invalid = (key: string, params: Record<string, string> = {}) =>
        page(req, res, service, { errorList: [{ href: '#f-file', message: t(key, params) }], fileError: t(key, params) }, 422);
      if (!upload || upload.buffer.length === 0) return invalid('import.errors.no_file');
      if (upload.tooLarge) return invalid('import.errors.too_large', limits);
      let rows: string[][];
      try {
        rows = await readImportFile(upload.buffer);
      } catch (err) {
        if (err instanceof UnreadableFile) return invalid(err.key, limits);
        throw err;
      }
      const header = headerIn(lang);
      const label = (field: string): string => header[IMPORT_COLUMNS.findIndex((c) => c.field === field)] ?? field;
      const keyPrefix = `imp${createHash('sha256').update(upload.buffer).digest('base64url').slice(0, 24)}`;
      const check = checkImport(rows, todayIn(await agencyOf(store)), keyPrefix, t, label);
      if (!check.ok) return page(req, res, service, { report: reportModel(res, check, upload.fileName, null) }, 422);
      const id = randomBytes(16).toString('base64url');
      const now = Date.now();
      await savePendingUpload(
        store,
        { id, userId: scope.officer.userId, serviceId: service.id, fileName: upload.fileName, rows: check.rows },
        now,
        now + PENDING_MS,
      );
      await page(req, res, service, { report: reportModel(res, check, upload.fileName, assistedUrls.importConfirm(service.code, id, lang)) });
    },

    confirm: async (req: Request, res: Response): Promise<void> => {
      const { lang } = res.locals;
      const scope = await entryScope(store, res);
      const service = await serviceOf(store, scope, req);
      const id = String(req.params.id);
      const now = Date.now();
      if (!(await pendingUpload(store, id, scope.officer.userId, service.id, now))) throw new HttpError(410, 'import.errors.expired');
      const out = await confirmUpload(store, scope.actor, id, service.code, { serviceId: service.id, lang, enteredAt: new Date(now) }, now);
      if (!out) throw new HttpError(410, 'import.errors.expired');
      res.redirect(303, assistedUrls.import(service.code, lang, { stored: String(out.stored), repeated: String(out.repeated) }));
    },
  };
}
