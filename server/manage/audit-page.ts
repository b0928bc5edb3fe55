import type { Request, Response } from 'express';
import { AUDIT_KINDS, countAudit, listAudit, type AuditRow } from '../data/audit.js';
import { agencyTimeZone } from '../data/agency.js';
import { HttpError } from '../errors.js';
import { nameIn } from '../data/names.js';
import { listServices } from '../data/services.js';
import { listUnits } from '../data/units.js';
import { auditWords } from './audit-words.js';
import { formatInstant } from './format.js';
import { href, loadContext, render, type ManageDeps } from './page.js';

// The audit log for agency admins: newest first, 50 a page, filterable by what was changed; each
// entry in words (audit-words.ts).

const AUDIT_PAGE_SIZE = 50;

export function auditPage({ store }: ManageDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const c = await loadContext(store, req, res);
    if (!c.scope.admin) throw new HttpError(403);
    const { t, lang } = c;
    const kind = typeof req.query.kind === 'string' && (AUDIT_KINDS as readonly string[]).includes(req.query.kind) ? req.query.kind : null;
    const total = await countAudit(store, kind);
    const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(typeof req.query.page === 'string' ? req.query.page : '1', 10) || 1));
    const tz = await agencyTimeZone(store);
    const pageHref = (p: number) => href('/manage/audit', lang, { ...(kind ? { kind } : {}), page: String(p) });
    const words = {
      t,
      num: c.num,
      period: c.period,
      unitNames: new Map((await listUnits(store)).map((u) => [u.code, nameIn(u, lang)])),
      serviceNames: new Map((await listServices(store)).map((s) => [s.code, nameIn(s, lang)])),
    };
    const rows = (await listAudit(store, { kind, limit: AUDIT_PAGE_SIZE, offset: (page - 1) * AUDIT_PAGE_SIZE })).map((r: AuditRow) => ({
      id: r.id,
      at: formatInstant(r.at, tz, lang),
      iso: r.at,
      who: r.user_email ?? t('audit.system'),
      action: t(`audit.actions.${r.action}`, { defaultValue: r.action }),
      ...auditWords(words, r),
    }));
    render(req, res, 'audit', {
      title: t('audit.title'),
      kinds: AUDIT_KINDS.map((k) => ({ value: k, label: t(`audit.kinds.${k}`) })),
      kind,
      rows,
      total,
      page,
      pages,
      prev: page > 1 ? pageHref(page - 1) : null,
      next: page < pages ? pageHref(page + 1) : null,
    });
  };
}
