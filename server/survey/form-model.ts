import type { TFunction } from 'i18next';
import type { Agency } from '../data/agency.js';
import type { ElementText } from '../data/elements.js';
import { nameIn } from '../data/names.js';
import type { Service } from '../data/services.js';
import type { Unit } from '../data/units.js';
import { languageLinks } from '../i18n.js';
import { CHOICE_DIMENSIONS, PREFER_NOT, PROFILE_OPTIONS, type Channel } from './profile.js';
import { COMMENT_MAX, type SurveyErrors, type SurveyValues } from './validate.js';

export interface SurveyContext {
  service: Service;
  unit: Unit;
  agency: Agency;
  elements: ElementText[];
  channel: Channel;
  embed: boolean;
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
  const base = `/s/${ctx.service.code}`;
  const firstElement = ctx.elements[0]?.code ?? 'PERSYARATAN';
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
  const anchor = (field: string): string =>
    field === 'busy'
      ? '#f-submit'
      : field === 'elements' || field === 'form'
        ? `#f-${firstElement}-1`
        : field === 'age'
          ? '#f-age'
          : field === 'comment'
            ? '#f-comment'
            : `#f-${field}-1`;
  const errorList: ErrorLink[] = fieldOrder.filter((f) => errors[f]).map((f) => ({ href: anchor(f), message: t(errors[f] as string, { max: COMMENT_MAX }) }));
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
      error: errors[e.code] ? t(errors[e.code] as string) : errors.elements && e.code === firstElement ? t(errors.elements) : null,
    })),
    gender: profile[0],
    otherProfile: profile.slice(1),
    age: { value: values.age, na: values.ageNa, error: errors.age ? t(errors.age) : null },
    comment: { value: values.comment, max: COMMENT_MAX, error: errors.comment ? t(errors.comment, { max: COMMENT_MAX }) : null },
    idem: values.idem,
    errorList,
  };
}
