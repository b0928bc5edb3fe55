import i18next, { type TFunction } from 'i18next';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { paths } from './paths.js';
import { round2 } from './indicators/rounding.js';
import { periodWords, type PeriodWords } from './period-words.js';
import { languageUrl } from './urls.js';

const DEFAULT_LANG = 'id';

/** Every locales/*.json file is a language (adding a language = adding a file). */
export function loadLocales(dir: string = paths.locales): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    out[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
  }
  return out;
}

const resources = loadLocales();
export const LANGUAGES = Object.keys(resources).sort((a, b) => (a === DEFAULT_LANG ? -1 : b === DEFAULT_LANG ? 1 : a.localeCompare(b)));

const i18n = i18next.createInstance();
await i18n.init({
  resources: Object.fromEntries(Object.entries(resources).map(([lng, tr]) => [lng, { translation: tr }])),
  lng: DEFAULT_LANG,
  fallbackLng: false,
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false }, // EJS escapes
  returnNull: false,
  initAsync: false,
});

function translator(lang: string): TFunction {
  return i18n.getFixedT(lang);
}

/** `?lang=`, else the best Accept-Language match, else Indonesian. */
export function pickLanguage(req: Request): string {
  const q = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  if (q && LANGUAGES.includes(q)) return q;
  const accepted = req.acceptsLanguages(...LANGUAGES);
  return accepted || DEFAULT_LANG;
}

const LOCALE_OF: Record<string, string> = { id: 'id-ID', en: 'en-GB' };

export interface Localized {
  lang: string;
  t: TFunction;
  /** 83.4512 -> "83,45" in Indonesian, "83.45" in English; "no data" for null */
  num: (x: number | null | undefined, digits?: number) => string;
  /** 0.4567 -> "45,7%" */
  pct: (x: number | null | undefined) => string;
  date: (isoDate: string) => string;
  /** A period in words: period('2026-10-01', '2026-12-31') -> "Triwulan IV 2026" (server/period-words.ts). */
  period: PeriodWords;
}

// What i18nMiddleware puts on res.locals, typed for every handler after it.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- the only way to augment Express's global Locals
  namespace Express {
    interface Locals extends Localized {
      languages: ReturnType<typeof languageLinks>;
    }
  }
}

const localized = new Map<string, Localized>();

/** The formatting helpers of a language, built once (Intl formatters are costly to create). */
export function localize(lang: string): Localized {
  let l = localized.get(lang);
  if (!l) {
    l = buildLocalized(lang);
    localized.set(lang, l);
  }
  return l;
}

function buildLocalized(lang: string): Localized {
  const locale = LOCALE_OF[lang] ?? lang;
  const fmt = new Map<number, Intl.NumberFormat>();
  const pctFmt = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const dateFmt = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const t = translator(lang);
  return {
    lang,
    t,
    num(x, digits = 2) {
      if (x === null || x === undefined || !Number.isFinite(x)) return t('common.no_data');
      let f = fmt.get(digits);
      if (!f) {
        f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
        fmt.set(digits, f);
      }
      // two decimals are the SKM's display rounding: half up on the decimal value (skm.md)
      return f.format(digits === 2 ? round2(x) : x);
    },
    pct(x) {
      if (x === null || x === undefined || !Number.isFinite(x)) return t('common.no_data');
      return pctFmt.format(x);
    },
    date(isoDate) {
      return dateFmt.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
    },
    period: periodWords(t, locale),
  };
}

/** Links to the same page in every language, keeping the other query parameters. */
export function languageLinks(path: string, lang: string, query: Record<string, string> = {}) {
  const t = translator(lang);
  return LANGUAGES.map((l) => ({
    lang: l,
    label: t(`languages.${l}`),
    href: languageUrl(path, l, query),
    current: l === lang,
  }));
}

/** Puts lang, t, num, pct, date and the language links on res.locals for every request. */
export function i18nMiddleware(req: Request, res: Response, next: NextFunction): void {
  const lang = pickLanguage(req);
  Object.assign(res.locals, localize(lang));
  // links to this same page in every language, keeping its other query parameters
  // (built only when a view asks: a cached survey page never does)
  Object.defineProperty(res.locals, 'languages', {
    configurable: true,
    enumerable: true,
    get() {
      const kept = Object.entries(req.query).filter(([k, v]) => k !== 'lang' && k !== 'saved' && typeof v === 'string');
      const query = Object.fromEntries(kept) as Record<string, string>;
      const links = languageLinks(req.baseUrl + req.path, lang, query);
      Object.defineProperty(res.locals, 'languages', { value: links, writable: true, enumerable: true, configurable: true });
      return links;
    },
  });
  next();
}
