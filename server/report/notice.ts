/**
 * What the report says about its figures, above the cover and in print: as published on a date
 * (and how many responses the live data holds differently, with a link to the live view), the live
 * view of a published period (clearly not the published report, with a link back), or a draft
 * (not published yet, live figures).
 */
import type { Localized } from '../i18n.js';
import { republicationWords } from '../publication/log-words.js';
import type { FigureBasis, FigureMode } from './basis.js';

export interface FiguresNotice {
  mode: FigureMode;
  text: string;
  /** the late data, when the live figures differ from the published ones */
  differing: string | null;
  link: { href: string; text: string } | null;
  /** "Republished on 3 December 2026 (May 2026): late kiosk answers included", newest first */
  republished: string[];
}

export function figuresNotice(basis: FigureBasis, l: Localized, hrefs: { published: string; live: string }, timeZone: string): FiguresNotice {
  if (basis.mode === 'draft') return { mode: 'draft', text: l.t('report.figures.draft'), differing: null, link: null, republished: [] };
  const republished = basis.published.republications.map((r) => republicationWords(r, l, timeZone).text);
  const on = l.date(basis.published.on);
  const n = basis.published.differing;
  const differing = n > 0 ? l.t('report.figures.differing', { count: n, n: l.num(n, 0) }) : null;
  if (basis.mode === 'live')
    return {
      mode: 'live',
      text: l.t('report.figures.live', { date: on }),
      differing,
      link: { href: hrefs.published, text: l.t('report.figures.to_published') },
      republished,
    };
  return {
    mode: 'published',
    text: l.t('report.figures.published', { date: on }),
    differing: differing ?? l.t('report.figures.same'),
    link: n > 0 ? { href: hrefs.live, text: l.t('report.figures.to_live') } : null,
    republished,
  };
}
