import type { TFunction } from 'i18next';
import type { Agency } from '../data/agency.js';
import type { ElementText } from '../data/elements.js';
import { nameIn } from '../data/names.js';
import type { Service } from '../data/services.js';
import type { Unit } from '../data/units.js';
import { languageLinks, localize } from '../i18n.js';
import type { FooterModel } from './footer.js';
import { CHOICE_DIMENSIONS, END_STATES, PREFER_NOT, PROFILE_OPTIONS, type Channel } from '../vocabulary/profile.js';
import { durationWords, questionCount } from './time-estimate.js';
import { surveyThanksUrl, surveyUrl, withQuery } from '../urls.js';
import { COMMENT_MAX, type SurveyErrors, type SurveyValues } from './validate.js';

export interface SurveyContext {
  service: Service;
  unit: Unit;
  agency: Agency;
  elements: ElementText[];
  channel: Channel;
  embed: boolean;
  /** the agency footer in the page's language (null: none set, or the embed view) */
  footer: FooterModel | null;
  /** the survey's path when a verified entry serves it (a counter link: /k/:token); default /s/:code */
  base?: string;
  /** an officer's preview (?preview=1): the page says so, and its post stores nothing */
  preview?: boolean;
}

/** Where the survey's form, language links and thank-you page live: /s/:code, or the verified entry's path. */
function surveyBase(ctx: Pick<SurveyContext, 'base' | 'service'>): string {
  return ctx.base ?? surveyUrl(ctx.service.code);
}

/** The parameters kept across posts, language switches and the thank-you page (lang excluded). */
function keptQuery(ctx: Pick<SurveyContext, 'base' | 'channel' | 'embed' | 'preview'>): Record<string, string> {
  // an entry's path implies its channel (a counter link: qr), so only a plain URL carries ?ch=
  return { ...(ctx.base ? {} : channelQuery(ctx.channel, ctx.embed)), ...(ctx.preview ? { preview: '1' } : {}) };
}

type UrlContext = Pick<SurveyContext, 'base' | 'service' | 'channel' | 'embed' | 'preview'>;

/** The survey form (its action, the thank-you page's "again" link), keeping the language, channel, embed mode and preview. */
export function surveyFormUrl(ctx: UrlContext, lang: string): string {
  return withQuery(surveyBase(ctx), { lang, ...keptQuery(ctx) });
}

/** The thank-you page, keeping the same parameters; `origin` is the embedding page's origin when the service allows it. */
export function thanksUrl(ctx: UrlContext, lang: string, origin?: string): string {
  return surveyThanksUrl(surveyBase(ctx), { lang, ...keptQuery(ctx), origin });
}

export interface ErrorLink {
  href: string;
  message: string;
}

function channelQuery(channel: Channel, embed: boolean): Record<string, string> {
  const implied = embed ? 'embed' : 'link';
  return { ...(channel !== implied ? { ch: channel } : {}), ...(embed ? { embed: '1' } : {}) };
}

/** Everything the survey form view shows, in form order; the view does no lookups. */
export function surveyFormModel(ctx: SurveyContext, lang: string, t: TFunction, values: SurveyValues, errors: SurveyErrors = {}) {
  const { num } = localize(lang);
  const base = surveyBase(ctx);
  const questions = questionCount(ctx.elements.length);
  // form-level first: `busy` (not stored, send again: points at the button), `form` (a repeated hidden or unknown field)
  const fieldOrder = [
    'busy',
    'form',
    'endstate',
    'elements',
    ...ctx.elements.map((e) => e.code),
    ...CHOICE_DIMENSIONS.slice(0, 1),
    'age',
    ...CHOICE_DIMENSIONS.slice(1),
    'comment',
  ];
  // Each link brings its whole question into view, legend first: it targets the question's fieldset
  // (or the heading above the questions), which takes focus (tabindex -1), so the next Tab reaches
  // its first control. `busy` points at the button.
  const anchor = (field: string): string => (field === 'busy' ? '#f-submit' : field === 'elements' || field === 'form' ? '#h-elements' : `#q-${field}`);
  const maxWords = num(COMMENT_MAX, 0);
  const errorList: ErrorLink[] = fieldOrder.filter((f) => errors[f]).map((f) => ({ href: anchor(f), message: t(errors[f] as string, { max: maxWords }) }));
  const profile = CHOICE_DIMENSIONS.map((dim) => radioQuestion(t, dim, [...PROFILE_OPTIONS[dim], PREFER_NOT], values.profile[dim] ?? '', errors[dim]));
  return {
    title: t('survey.title', { service: nameIn(ctx.service, lang) }),
    serviceName: nameIn(ctx.service, lang),
    unitName: nameIn(ctx.unit, lang),
    agencyName: nameIn(ctx.agency, lang),
    action: surveyFormUrl(ctx, lang),
    languages: languageLinks(base, lang, keptQuery(ctx)),
    embed: ctx.embed,
    preview: ctx.preview === true,
    elements: ctx.elements.map((e, i) => ({
      ...e,
      number: i + 1,
      value: values.answers[e.code as keyof SurveyValues['answers']] ?? '',
      error: errors[e.code] ? t(errors[e.code] as string) : null,
    })),
    // "answer at least one question" (or a repeated hidden field) stands above the questions
    elementsError:
      [errors.elements, errors.form]
        .filter((k): k is string => Boolean(k))
        .map((k) => t(k))
        .join(' ') || null,
    duration: t('survey.duration', { questions, duration: durationWords(t, questions) }),
    gender: profile[0],
    otherProfile: profile.slice(1),
    // how the visit ended (issue 10): asked first, only where the service switches it on
    endState: ctx.service.ask_end_state === 1 ? endStateQuestion(t, values.endState, errors.endstate) : null,
    age: { value: values.age, na: values.ageNa, error: errors.age ? t(errors.age) : null },
    comment: { value: values.comment, max: COMMENT_MAX, maxWords, error: errors.comment ? t(errors.comment, { max: maxWords }) : null },
    footer: ctx.footer,
    idem: values.idem,
    errorList,
  };
}

/**
 * A one-choice question as views/partials/radios.ejs draws it: the fieldset's id (the error summary's
 * target), the error's id, and each option with its input's id and whether it is checked.
 */
function radioQuestion(t: TFunction, dim: string, codes: readonly string[], value: string, error: string | undefined) {
  return {
    dim,
    id: `q-${dim}`,
    errorId: `e-${dim}`,
    legend: t(`profile.${dim}.label`),
    options: codes.map((code, i) => ({ code, label: t(`profile.${dim}.options.${code}`), id: `f-${dim}-${i + 1}`, checked: value === code })),
    value,
    error: error ? t(error) : null,
  };
}

/** The end-state question, shaped like a profile question. */
function endStateQuestion(t: TFunction, value: string, error: string | undefined) {
  return { ...radioQuestion(t, 'endstate', [...END_STATES, PREFER_NOT], value, error), hint: t('endstate.survey_hint') };
}
