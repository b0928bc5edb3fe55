import type { Request, Response } from 'express';
import { changes, recordAudit } from '../data/audit.js';
import { getAgency } from '../data/agency.js';
import { EMPTY_FOOTER, getAgencyFooter, saveAgencyFooter, type AgencyFooter } from '../data/agency-footer.js';
import { HttpError } from '../errors.js';
import { footerModel } from '../survey/footer.js';
import { str, type FormErrors } from './form.js';
import { loadContext, render, renderInvalid, savedRedirect, type ManageDeps } from './page.js';

// GET|POST /manage/agency (admins): the footer of citizens' pages — contact, complaint channel
// (such as SP4N-LAPOR!) and a privacy note, in Indonesian and English. Audited; clears the cached
// survey pages, which show it.

const MAX: Record<keyof AgencyFooter, number> = {
  contactId: 300,
  contactEn: 300,
  complaintLabel: 100,
  complaintUrl: 300,
  privacyId: 600,
  privacyEn: 600,
};

/** Form field names (snake_case, as posted) of each footer field, in form order. */
const FIELD: Record<keyof AgencyFooter, string> = {
  contactId: 'contact_id',
  contactEn: 'contact_en',
  complaintLabel: 'complaint_label',
  complaintUrl: 'complaint_url',
  privacyId: 'privacy_id',
  privacyEn: 'privacy_en',
};
const KEYS = Object.keys(FIELD) as Array<keyof AgencyFooter>;

const byField = (f: AgencyFooter): Record<string, string> => Object.fromEntries(KEYS.map((k) => [FIELD[k], f[k]]));

function isWebAddress(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.') && !/\s/.test(s);
  } catch {
    return false;
  }
}

/** The posted footer (trimmed, line breaks kept as one space) and its errors by form field. */
function readFooter(body: Record<string, unknown>): { footer: AgencyFooter; errors: FormErrors } {
  const footer = { ...EMPTY_FOOTER };
  const errors: FormErrors = {};
  for (const key of KEYS) {
    const value = str(body, FIELD[key], 5000).replace(/\s+/g, ' ').trim();
    footer[key] = value;
    if (Array.from(value).length > MAX[key]) errors[FIELD[key]] = ['agency_footer.errors.too_long', { max: MAX[key] }];
  }
  if (footer.complaintUrl && !errors.complaint_url && !isWebAddress(footer.complaintUrl)) errors.complaint_url = 'agency_footer.errors.url';
  if (footer.complaintUrl && !footer.complaintLabel && !errors.complaint_label) errors.complaint_label = 'agency_footer.errors.url_without_label';
  const ordered = Object.fromEntries(KEYS.map((k) => FIELD[k]).flatMap((f) => (errors[f] ? [[f, errors[f]]] : [])));
  return { footer, errors: ordered };
}

export function agencySettingsPage({ store, surveyPages }: ManageDeps) {
  function model(lang: string, t: Response['locals']['t'], footer: AgencyFooter) {
    return {
      title: t('agency_footer.manage.title'),
      values: byField(footer),
      max: Object.fromEntries(KEYS.map((k) => [FIELD[k], MAX[k]])),
      preview: footerModel(footer, lang),
    };
  }

  return {
    show: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      if (!c.scope.admin) throw new HttpError(403);
      render(req, res, 'agency', model(c.lang, c.t, await getAgencyFooter(store)));
    },

    save: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      if (!c.scope.admin) throw new HttpError(403);
      const { footer, errors } = readFooter(c.body);
      if (Object.keys(errors).length) return renderInvalid(req, res, 'agency', model(c.lang, c.t, footer), errors);
      const agency = await getAgency(store);
      const changed = await store.transaction(async (tx) => {
        // audited under the form's field names, whose labels are agency_footer.manage.<field>
        const diff = changes(byField(await getAgencyFooter(tx)), byField(footer));
        if (!diff) return false;
        await saveAgencyFooter(tx, footer);
        await recordAudit(tx, c.actor, 'update', { kind: 'agency', id: agency?.id ?? null, code: agency?.code ?? null }, diff);
        return true;
      });
      if (changed) surveyPages.clear();
      savedRedirect(res, '/manage/agency');
    },
  };
}
