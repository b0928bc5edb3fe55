import { nameIn } from '../../data/names.js';
import type { Unit } from '../../data/units.js';
import type { User } from '../../data/users.js';
import type { FieldSpec } from '../fields.js';
import type { ManageContext } from '../page.js';
import { unitChoices } from '../tree.js';
import { manageableRoles, mayEdit, type UserValues } from './form.js';

// The account page's model: the form (a new account, or a change), or, for an account this officer
// may not change (their own, a peer's), what it holds and why it cannot be changed here.

function formFields(c: ManageContext, units: Unit[], values: UserValues, user: User | undefined): FieldSpec[] {
  const { t, lang, scope } = c;
  const email: FieldSpec = user
    ? { kind: 'static', name: 'email', label: t('manage.fields.email'), text: user.email }
    : {
        kind: 'text',
        name: 'email',
        type: 'email',
        label: t('manage.fields.email'),
        value: values.email,
        autocomplete: 'off',
        maxlength: 254,
        spellcheck: false,
      };
  const active: FieldSpec[] = user
    ? [{ kind: 'check', name: 'active', label: t('manage.fields.active'), hint: t('manage.users.active_hint'), checked: values.active }]
    : [];
  return [
    email,
    { kind: 'text', name: 'name', label: t('manage.fields.name'), value: values.name, autocomplete: 'off', maxlength: 200 },
    {
      kind: 'select',
      name: 'role',
      label: t('manage.fields.role'),
      hint: t('manage.users.role_hint'),
      value: values.role,
      options: manageableRoles(scope).map((r) => ({ value: r, label: t(`manage.roles.${r}`) })),
    },
    { kind: 'select', name: 'unit', label: t('manage.fields.unit'), value: values.unit, options: unitChoices(units, scope, lang, t('manage.inactive')) },
    ...active,
    {
      kind: 'text',
      name: 'password',
      type: 'password',
      label: t(user ? 'manage.users.new_password' : 'manage.fields.password'),
      hint: t(user ? 'manage.users.new_password_hint' : 'manage.users.password_hint'),
      value: '',
      autocomplete: 'new-password',
    },
  ];
}

/** What a read-only account shows: the reason, then its name, role, unit and status. */
function readOnly(c: ManageContext, units: Unit[], values: UserValues, user: User) {
  const { t, lang } = c;
  const unit = units.find((u) => u.id === user.unit_id);
  return {
    note: t(user.id === c.scope.officer.userId ? 'manage.users.self' : 'manage.users.read_only'),
    rows: [
      { label: t('manage.fields.name'), value: values.name },
      { label: t('manage.fields.role'), value: t(`manage.roles.${values.role}`) },
      { label: t('manage.fields.unit'), value: unit ? nameIn(unit, lang) : '' },
      { label: t('manage.tree.status'), value: t(values.active ? 'manage.active' : 'manage.inactive') },
    ],
  };
}

export function userPageModel(c: ManageContext, units: Unit[], values: UserValues, user?: User) {
  const { t } = c;
  const editable = !user || mayEdit(c.scope, user);
  return {
    title: user ? t('manage.users.edit_title', { email: user.email }) : t('manage.users.new_title'),
    readOnly: user && !editable ? readOnly(c, units, values, user) : null,
    fields: editable ? formFields(c, units, values, user) : [],
    submitLabel: t(user ? 'manage.save' : 'manage.users.create'),
  };
}
