import type { TFunction } from 'i18next';

// The sign-in and password forms' fields as the views draw them (views/auth/_field.ejs): ids,
// labels, autocomplete, and the messages and aria-describedby of a failed post.

export interface AuthField {
  id: string;
  name: string;
  label: string;
  type: 'email' | 'password';
  autocomplete: string;
  value: string;
  error: string | null;
  /** the error message's id (e-email, e-new-password) */
  errorId: string;
  /** ids of the hint and the error, '' for none */
  describedBy: string;
  minlength: number | null;
  /** an email field: no spellcheck, no capitals, at most 254 characters */
  address: boolean;
}

type Errors = Record<string, string>;

function field(
  f: Omit<AuthField, 'error' | 'errorId' | 'describedBy' | 'minlength' | 'address' | 'value'> & Partial<AuthField>,
  errors: Errors,
  hint = '',
): AuthField {
  const error = errors[f.name] ?? null;
  const errorId = `e-${f.id.replace(/^f-/, '')}`;
  return {
    value: '',
    minlength: null,
    address: f.type === 'email',
    ...f,
    error,
    errorId,
    describedBy: [hint, error ? errorId : ''].filter(Boolean).join(' '),
  };
}

export function loginFields(t: TFunction, email: string, errors: Errors): AuthField[] {
  return [
    field({ id: 'f-email', name: 'email', label: t('auth.login.email'), type: 'email', autocomplete: 'username', value: email }, errors),
    field({ id: 'f-password', name: 'password', label: t('auth.login.password'), type: 'password', autocomplete: 'current-password' }, errors),
  ];
}

/** `hintId`: the rules paragraph the new password is described by. */
export function passwordFields(t: TFunction, errors: Errors, min: number, hintId: string): AuthField[] {
  return [
    field(
      { id: 'f-current-password', name: 'current_password', label: t('auth.password.current'), type: 'password', autocomplete: 'current-password' },
      errors,
    ),
    field(
      { id: 'f-new-password', name: 'new_password', label: t('auth.password.new'), type: 'password', autocomplete: 'new-password', minlength: min },
      errors,
      hintId,
    ),
    field({ id: 'f-confirm-password', name: 'confirm_password', label: t('auth.password.confirm'), type: 'password', autocomplete: 'new-password' }, errors),
  ];
}
