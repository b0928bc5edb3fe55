import type { AgencyFooter } from '../data/agency-footer.js';

/** What views/survey/_footer.ejs shows: the texts in `lang` (English falls back to Indonesian), or null when nothing was set. */
export interface FooterModel {
  contact: string;
  complaint: { label: string; url: string } | null;
  privacy: string;
}

export function footerModel(f: AgencyFooter, lang: string): FooterModel | null {
  const pick = (id: string, en: string): string => (lang === 'en' && en.trim() !== '' ? en : id).trim();
  const model: FooterModel = {
    contact: pick(f.contactId, f.contactEn),
    complaint: f.complaintLabel.trim() ? { label: f.complaintLabel.trim(), url: f.complaintUrl.trim() } : null,
    privacy: pick(f.privacyId, f.privacyEn),
  };
  return model.contact || model.complaint || model.privacy ? model : null;
}
