import type { Localized } from '../i18n.js';
import type { PublicBody } from './figures.js';

// The method in plain words (issue 11): the scale, the formula, the sample size against the
// population, and how small groups are protected. Every number comes from the body shown.

export function methodOf(body: PublicBody, l: Localized) {
  const { t, num } = l;
  const s = body.sample;
  const sample =
    s.required === null || s.population === null
      ? t('public.method.sample_unknown')
      : t('public.method.sample', {
          required: num(s.required, 0),
          population: num(s.population, 0),
          n: num(body.n ?? 0, 0),
          verdict: t(s.adequate ? 'public.method.sample_enough' : 'public.method.sample_not_enough'),
        });
  return [
    t('public.method.scale'),
    t('public.method.formula'),
    t('public.method.grades'),
    t('public.method.margin'),
    sample,
    t('public.method.small_groups', { k: body.min_group_size }),
    t('public.method.snapshot'),
  ];
}
