import type { TFunction } from 'i18next';
import type { Agency } from '../data/agency.js';
import type { ElementText } from '../data/elements.js';
import { nameIn } from '../data/names.js';
import type { Service } from '../data/services.js';
import type { Unit } from '../data/units.js';
import { languageLinks, localize } from '../i18n.js';
import type { FooterModel } from './footer.js';
import { CHOICE_DIMENSIONS, PREFER_NOT, PROFILE_OPTIONS, type Channel } from '../vocabulary/profile.js';
import { durationWords, questionCount } from './time-estimate.js';
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
}

export interface ErrorLink {
  href: string;
  message: string;
}

/** The query string that keeps channel and embed mode across language switches, posts and the thank-you page. */
export function surveyQuery(lang: string, channel: Channel, embed: boolean): string {
  return `?${new URLSearchParams({ lang, ...channelQuery(channel, embed) }).toString()}`;
}

function channelQuery(channel: Channel, embed: boolean): Record<string, string> {
  const implied = embed ? 'embed' : 'link';
  return { ...(channel !== implied ? { ch: channel } : {}), ...(embed ? { embed: '1' } : {}) };
}

/** Everything the survey form view shows, in form order; the view does no lookups. */
export function surveyFormModel(ctx: SurveyContext, lang: string, t: TFunction, values: SurveyValues, errors: SurveyErrors = {}) {
  const { num } = localize(lang);
  const base = `/s/${ctx.service.code}`;
  const questions = questionCount(ctx.elements.length);
  // form-level first: `busy` (not stored, send again: points at the button), `form` (a repeated hidden or unknown field)
  const fieldOrder = [
    'busy',
    'form',
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
  const profile = CHOICE_DIMENSIONS.map((dim) => ({
    dim,
    legend: t(`profile.${dim}.label`),
    options: [...PROFILE_OPTIONS[dim], PREFER_NOT].map((code) => ({ code, label: t(`profile.${dim}.options.${code}`) })),
    value: values.profile[dim] ?? '',
    error: errors[dim] ? t(errors[dim]) : null,
  }));
  return {
    title: t('survey.title', { service: nameIn(ctx.service, lang) }),
    serviceName: nameIn(ctx.service, lang),
    unitName: nameIn(ctx.unit, lang),
    agencyName: nameIn(ctx.agency, lang),
    action: base + surveyQuery(lang, ctx.channel, ctx.embed),
    languages: languageLinks(base, lang, channelQuery(ctx.channel, ctx.embed)),
    embed: ctx.embed,
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
    age: { value: values.age, na: values.ageNa, error: errors.age ? t(errors.age) : null },
    comment: { value: values.comment, max: COMMENT_MAX, maxWords, error: errors.comment ? t(errors.comment, { max: maxWords }) : null },
    footer: ctx.footer,
    idem: values.idem,
    errorList,
  };
}
