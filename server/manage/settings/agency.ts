import type { Request, Response } from 'express';
import { getAgency } from '../../data/agency.js';
import { getCommentRetention, saveCommentRetention } from '../../data/retention.js';
import { EMPTY_FOOTER, getAgencyFooter, saveAgencyFooter, type AgencyFooter } from '../../data/agency-footer.js';
import { HttpError } from '../../errors.js';
import { footerModel } from '../../survey/footer.js';
import { manageUrls } from '../../urls.js';
import { auditedUpdate } from '../audited.js';
import { str, type FormErrors } from '../form.js';
import type { FieldSpec } from '../fields.js';
import { loadContext, render, renderInvalid, savedRedirect, type ManageContext, type ManageDeps } from '../page.js';
import { readRetention, RETENTION_FIELD, retentionFields } from './retention-field.js';

// GET|POST /manage/agency (admins): the footer of citizens' pages — contact, complaint channel
// (such as SP4N-LAPOR!) and a privacy note, in Indonesian and English — and how long citizens'
// comments are kept (retention-field.ts). Audited; clears the cached survey pages, which show the footer.

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

const MAX_BY_FIELD: Record<string, number> = Object.fromEntries(KEYS.map((k) => [FIELD[k], MAX[k]]));

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

export function agencyRoutes({ store, surveyPages }: ManageDeps) {
  function model(c: ManageContext, footer: AgencyFooter, retention: string) {
    const { t } = c;
    const v = byField(footer);
    const label = (name: string) => t(`agency_footer.manage.${name}`);
    const text = (name: string, more: Partial<Extract<FieldSpec, { kind: 'text' }>> = {}): FieldSpec => ({
      kind: 'text',
      name,
      label: label(name),
      value: v[name] ?? '',
      maxlength: MAX_BY_FIELD[name],
      ...more,
    });
    const privacy = (name: string): FieldSpec => ({
      kind: 'textarea',
      name,
      label: label(name),
      hint: t('agency_footer.manage.privacy_hint', { max: c.num(MAX_BY_FIELD[name], 0) }),
      value: v[name] ?? '',
      rows: 3,
      maxlength: MAX_BY_FIELD[name] ?? 0,
    });
    return {
      title: t('agency_footer.manage.title'),
      fields: [
        text('contact_id', { hint: t('agency_footer.manage.contact_hint') }),
        text('contact_en'),
        text('complaint_label', { hint: t('agency_footer.manage.complaint_label_hint') }),
        text('complaint_url', { hint: t('agency_footer.manage.complaint_url_hint'), type: 'url', inputmode: 'url', autocomplete: 'url', spellcheck: false }),
        privacy('privacy_id'),
        privacy('privacy_en'),
      ],
      preview: footerModel(footer, c.lang),
      retentionFields: retentionFields(c, retention),
    };
  }

  return {
    show: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      if (!c.scope.admin) throw new HttpError(403);
      const months = await getCommentRetention(store);
      render(req, res, 'agency', model(c, await getAgencyFooter(store), months === null ? '' : String(months)));
    },

    save: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      if (!c.scope.admin) throw new HttpError(403);
      const { footer, errors: footerErrors } = readFooter(c.body);
      const retention = readRetention(c.body);
      const errors = { ...footerErrors, ...retention.errors };
      if (Object.keys(errors).length) return renderInvalid(req, res, 'agency', model(c, footer, retention.typed), errors);
      const agency = await getAgency(store);
      // audited under the form's field names, whose labels are agency_footer.manage.<field>
      const changed = await auditedUpdate(store, c.actor, {
        entity: { kind: 'agency', id: agency?.id ?? null, code: agency?.code ?? null },
        before: async (tx) => ({ ...byField(await getAgencyFooter(tx)), [RETENTION_FIELD]: await getCommentRetention(tx) }),
        after: () => Promise.resolve({ ...byField(footer), [RETENTION_FIELD]: retention.months }),
        write: async (tx) => {
          await saveAgencyFooter(tx, footer);
          await saveCommentRetention(tx, retention.months);
        },
      });
      if (changed) surveyPages.clear();
      savedRedirect(res, manageUrls.agency(c.lang));
    },
  };
}
