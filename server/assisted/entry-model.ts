import type { TFunction } from 'i18next';
import type { ElementText } from '../data/elements.js';
import { CHOICE_DIMENSIONS, END_STATES, PREFER_NOT, PROFILE_OPTIONS } from '../vocabulary/profile.js';
import { WAYS } from '../vocabulary/assisted.js';
import type { SurveyErrors } from '../survey/validate.js';
import type { InterviewValues } from './interview.js';

// The desk form's view model: one screen, typed from the keyboard. Each element is one small field
// taking 1-4 (empty: not answered), the profile and end state are selects (a letter jumps to an
// option), the way and date come back from the previous entry.

export interface Option {
  value: string;
  label: string;
}

const field = (t: TFunction, errors: SurveyErrors, name: string): string | null => (errors[name] ? t(errors[name], { max: '1.000' }) : null);

export function entryFormModel(t: TFunction, elements: ElementText[], values: InterviewValues, errors: SurveyErrors) {
  const v = values.survey;
  const select = (name: string, label: string, codes: readonly string[], value: string, labelOf: (c: string) => string) => ({
    name,
    label,
    value,
    error: field(t, errors, name),
    options: [{ value: '', label: t('assisted.entry.not_given') }, ...codes.map((c) => ({ value: c, label: labelOf(c) }))] as Option[],
  });
  const profile = CHOICE_DIMENSIONS.map((dim) =>
    select(dim, t(`profile.${dim}.label`), [...PROFILE_OPTIONS[dim], PREFER_NOT], v.profile[dim] ?? '', (c) => t(`profile.${dim}.options.${c}`)),
  );
  return {
    way: select('way', t('assisted.entry.way'), WAYS, values.way, (c) => t(`assisted.ways.${c}`)),
    date: { value: values.date, error: field(t, errors, 'date') },
    elements: elements.map((e, i) => ({
      code: e.code,
      number: i + 1,
      name: e.name,
      value: v.answers[e.code as keyof typeof v.answers] ?? '',
      error: field(t, errors, e.code),
    })),
    elementsError: field(t, errors, 'elements') ?? field(t, errors, 'form'),
    endState: select('endstate', t('profile.endstate.label'), [...END_STATES, PREFER_NOT], v.endState, (c) => t(`profile.endstate.options.${c}`)),
    profile,
    age: { value: v.ageNa ? 'na' : v.age, error: field(t, errors, 'age') },
    comment: { value: v.comment, error: field(t, errors, 'comment') },
    idem: v.idem,
  };
}

/** The error summary's links, in the order of the form. */
export function entryErrorList(t: TFunction, elements: ElementText[], errors: SurveyErrors): Array<{ href: string; message: string }> {
  const order = ['way', 'date', 'elements', 'form', ...elements.map((e) => e.code), 'endstate', ...CHOICE_DIMENSIONS, 'age', 'comment'];
  const anchor = (f: string): string => (f === 'elements' || f === 'form' ? `#f-${elements[0]?.code ?? 'way'}` : `#f-${f}`);
  return order.filter((f) => errors[f]).map((f) => ({ href: anchor(f), message: t(errors[f] as string, { max: '1.000' }) }));
}
