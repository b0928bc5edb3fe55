/** The action form's view model: the choices in words, the values as typed, the plan it belongs to. */
import type { Queryable } from '../data/engine/index.js';
import { elementTexts } from '../data/elements.js';
import { ACTION_STATUSES, type ActionRow } from '../data/followup.js';
import type { Localized } from '../i18n.js';
import { scopeName } from '../results/scope.js';
import { followUpUrls } from '../urls.js';
import type { PlanContext } from './context.js';
import type { ActionValues } from './form.js';
import type { FieldSpec } from '../manage/fields.js';
import { quartersFrom } from './timing.js';
import { quarterWords } from './words.js';

/** The form's fields in order (completed with the error messages by withErrors in the route). */
async function actionFields(q: Queryable, c: PlanContext, l: Localized, v: ActionValues): Promise<FieldSpec[]> {
  const { t } = l;
  const elementOptions = (await elementTexts(q, l.lang)).map((e) => ({ value: e.code, label: e.name }));
  const quarterOptions = quartersFrom(c.period.from, 12).map((label) => ({ value: label, label: quarterWords(l, label) }));
  const statusOptions = ACTION_STATUSES.map((s) => ({ value: s, label: t(`followup.status.${s}`) }));
  return [
    { kind: 'select', name: 'element', label: t('followup.fields.element'), value: v.element, options: elementOptions },
    {
      kind: 'textarea',
      name: 'activity',
      label: t('followup.fields.activity'),
      hint: t('followup.form.activity_hint'),
      value: v.activity,
      rows: 3,
      maxlength: 500,
    },
    {
      kind: 'text',
      name: 'responsible',
      label: t('followup.fields.responsible'),
      hint: t('followup.form.responsible_hint'),
      value: v.responsible,
      maxlength: 200,
    },
    {
      kind: 'text',
      name: 'person',
      label: t('followup.fields.person'),
      hint: t('followup.form.person_hint'),
      value: v.person,
      maxlength: 200,
      autocomplete: 'off',
    },
    {
      kind: 'select',
      name: 'planned_quarter',
      label: t('followup.fields.planned_quarter'),
      hint: t('followup.form.quarter_hint'),
      value: v.planned_quarter,
      options: quarterOptions,
    },
    { kind: 'select', name: 'status', label: t('followup.fields.status'), value: v.status, options: statusOptions },
    { kind: 'text', name: 'done_date', type: 'date', label: t('followup.fields.done_date'), hint: t('followup.form.done_date_hint'), value: v.done_date },
    {
      kind: 'textarea',
      name: 'evidence_note',
      label: t('followup.fields.evidence_note'),
      hint: t('followup.form.evidence_note_hint'),
      value: v.evidence_note,
      rows: 3,
      maxlength: 1000,
    },
    {
      kind: 'text',
      name: 'evidence_url',
      type: 'url',
      label: t('followup.fields.evidence_url'),
      hint: t('followup.form.evidence_url_hint'),
      value: v.evidence_url,
      maxlength: 500,
      spellcheck: false,
      inputmode: 'url',
    },
  ];
}

export async function actionFormModel(q: Queryable, c: PlanContext, l: Localized, values: ActionValues, action: ActionRow | null) {
  const lang = l.lang;
  const periodName = l.period(c.period.from, c.period.to);
  const name = scopeName(c.scope, lang);
  return {
    title: action ? l.t('followup.form.edit_title', { scope: name }) : l.t('followup.form.new_title', { scope: name }),
    scopeName: name,
    periodName,
    values,
    fieldSpecs: await actionFields(q, c, l, values),
    action: action ? followUpUrls.action(action.id, lang) : followUpUrls.newAction(c.target, lang, c.period.label),
    deleteAction: action ? followUpUrls.deleteAction(action.id, lang) : null,
    backHref: followUpUrls.plan(c.target, lang, c.period.label),
    today: c.today,
  };
}
