import type { Request, Response } from 'express';
import { AUDIT_KINDS, countAudit, listAudit, type AuditRow } from '../../data/audit.js';
import { agencyTimeZone, getAgency } from '../../data/agency.js';
import { HttpError } from '../../errors.js';
import { nameIn } from '../../data/names.js';
import { listServices } from '../../data/services.js';
import { listUnits } from '../../data/units.js';
import { manageUrls } from '../../urls.js';
import { auditWords } from './words.js';
import { formatInstant } from '../format.js';
import { loadContext, render, type ManageDeps } from '../page.js';

// The audit log for agency admins: newest first, 50 a page, filterable by what was changed; each
// entry in words (audit-words.ts).

const AUDIT_PAGE_SIZE = 50;

export function auditRoutes({ store }: ManageDeps) {
  const show = async (req: Request, res: Response): Promise<void> => {
    const c = await loadContext(store, req, res);
    if (!c.scope.admin) throw new HttpError(403);
    const { t, lang } = c;
    const kind = typeof req.query.kind === 'string' && (AUDIT_KINDS as readonly string[]).includes(req.query.kind) ? req.query.kind : null;
    const total = await countAudit(store, kind);
    const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(typeof req.query.page === 'string' ? req.query.page : '1', 10) || 1));
    const tz = await agencyTimeZone(store);
    const agency = await getAgency(store);
    const pageHref = (p: number) => manageUrls.audit(lang, { kind: kind ?? undefined, page: String(p) });
    const words = {
      t,
      num: c.num,
      period: c.period,
      unitNames: new Map((await listUnits(store)).map((u) => [u.code, nameIn(u, lang)])),
      serviceNames: new Map((await listServices(store)).map((s) => [s.code, nameIn(s, lang)])),
      agencyName: agency ? nameIn(agency, lang) : null,
    };
    const rows = (await listAudit(store, { kind, limit: AUDIT_PAGE_SIZE, offset: (page - 1) * AUDIT_PAGE_SIZE })).map((r: AuditRow) => {
      const w = auditWords(words, r);
      return {
        id: r.id,
        at: formatInstant(r.at, tz, lang),
        iso: r.at,
        who: r.user_email ?? t('audit.system'),
        action: t(`audit.actions.${r.action}`, { defaultValue: r.action }),
        ...w,
        lines: w.lines.map((l) => ({ ...l, before: l.before || '–', after: l.after || '–' })),
      };
    });
    render(req, res, 'audit', {
      title: t('audit.title'),
      filterAction: manageUrls.auditPath,
      kinds: [
        { value: '', label: t('audit.all'), selected: kind === null },
        ...AUDIT_KINDS.map((k) => ({ value: k, label: t(`audit.kinds.${k}`), selected: k === kind })),
      ],
      count: t('audit.count', { total, page, pages }),
      rows,
      total,
      page,
      pages,
      prev: page > 1 ? pageHref(page - 1) : null,
      next: page < pages ? pageHref(page + 1) : null,
    });
  };
  return { show };
}
