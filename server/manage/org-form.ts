import type { TFunction } from 'i18next';
import type { FieldSpec } from './fields.js';

// The fields units and services share on their forms, in form order: names and code first; target,
// active and published after the unit (or parent) field.

interface OrgValues {
  name_id: string;
  name_en: string;
  code: string;
  target: string;
  active: boolean;
  published: boolean;
}

export function nameFields(t: TFunction, kind: 'unit' | 'service', v: OrgValues): FieldSpec[] {
  return [
    { kind: 'text', name: 'name_id', label: t('manage.fields.name_id'), value: v.name_id, maxlength: 200 },
    { kind: 'text', name: 'name_en', label: t('manage.fields.name_en'), value: v.name_en, maxlength: 200 },
    { kind: 'text', name: 'code', label: t('manage.fields.code'), hint: t(`manage.${kind}.code_hint`), value: v.code, maxlength: 40, spellcheck: false },
  ];
}

/** `targetNote`: what an empty target follows (inherited.ts targetNote). */
export function flagFields(t: TFunction, kind: 'unit' | 'service', v: OrgValues, targetNote: string): FieldSpec[] {
  return [
    {
      kind: 'text',
      name: 'target',
      label: t('manage.fields.target'),
      hint: t('manage.fields.target_hint'),
      note: targetNote,
      value: v.target,
      inputmode: 'decimal',
      maxlength: 10,
    },
    { kind: 'check', name: 'active', label: t('manage.fields.active'), hint: t(`manage.${kind}.active_hint`), checked: v.active },
    { kind: 'check', name: 'published', label: t('manage.fields.published'), hint: t('manage.fields.published_hint'), checked: v.published },
  ];
}
