import type { AuditRow } from '../../data/audit.js';
import { DIMENSION_NAMES, type Dimension } from '../../vocabulary/profile.js';

// An audit row in words (wording.md, "audit log"): field labels instead of keys, unit and service
// names instead of codes, yes/no, role names, periods and numbers as the page language writes them.
// The stored row keeps its keys and codes (it is evidence); only the page translates them. A code
// whose unit or service no longer exists under that code is shown as the code.

export interface AuditWordsContext {
  t: (key: string, params?: Record<string, unknown>) => string;
  num: (x: number | null | undefined, digits?: number) => string;
  period: (from: string, to: string) => string;
  /** unit and service names by code, in the page language */
  unitNames: ReadonlyMap<string, string>;
  serviceNames: ReadonlyMap<string, string>;
  /** the agency's name in the page language (entries about the agency's settings) */
  agencyName: string | null;
}

export interface AuditLine {
  field: string;
  before: string;
  after: string;
}

export interface AuditWords {
  /** "Unit" / "Layanan" ... */
  kind: string;
  /** the entity's name in words, or null when only its code is known */
  name: string | null;
  /** the stored code (shown when no name is known) */
  code: string;
  lines: AuditLine[];
  /** further details as sentences ("Periode: Triwulan III 2026") */
  notes: string[];
}

type Details = Record<string, unknown>;
const isObject = (v: unknown): v is Details => typeof v === 'object' && v !== null && !Array.isArray(v);

function groupLabel(c: AuditWordsContext, dim: Dimension, g: string): string {
  return dim === 'age' ? c.t(`profile.age.bands.${g}`) : c.t(`profile.${dim}.options.${g}`);
}

/** One stored value in words, by the field it belongs to. */
function valueWords(c: AuditWordsContext, field: string, v: unknown): string {
  if (v === undefined) return '';
  if ((DIMENSION_NAMES as string[]).includes(field)) {
    if (!isObject(v)) return c.t('manage.audit.no_profile');
    return Object.entries(v)
      .map(([g, share]) => `${groupLabel(c, field as Dimension, g)} ${c.num(Number(share) * 100, 1)}%`)
      .join(', ');
  }
  if (v === null) return field === 'target_ikm' ? c.t('manage.tree.inherited') : c.t('manage.audit.empty');
  if (typeof v === 'boolean') return c.t(v ? 'manage.audit.yes' : 'manage.audit.no');
  if ((field === 'unit' || field === 'parent') && typeof v === 'string') return c.unitNames.get(v) ?? v;
  if (field === 'role' && typeof v === 'string') return c.t(`officer.roles.${v}`, { defaultValue: v });
  if (field === 'target_ikm' && typeof v === 'number') return c.num(v);
  if (field === 'population' && typeof v === 'number') return c.num(v, 0);
  if (field === 'embed_origins' && v === '') return c.t('manage.audit.empty');
  if (field === 'period' && isObject(v) && typeof v.from === 'string' && typeof v.to === 'string') return c.period(v.from, v.to);
  if (field === 'months' && Array.isArray(v))
    return v.map((m) => (typeof m === 'string' && /^\d{4}-\d{2}$/.test(m) ? monthWords(c, m) : JSON.stringify(m))).join(', ');
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return c.num(v, Number.isInteger(v) ? 0 : 2);
  return JSON.stringify(v);
}

function monthWords(c: AuditWordsContext, month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return c.period(`${month}-01`, `${month}-${String(last).padStart(2, '0')}`);
}

function label(c: AuditWordsContext, field: string): string {
  if ((DIMENSION_NAMES as string[]).includes(field)) return c.t(`manage.profile.dims.${field}`);
  // the agency's settings are audited under their form's field names, labelled by that form
  return c.t(`manage.audit.fields.${field}`, { defaultValue: c.t(`agency_footer.manage.${field}`, { defaultValue: field }) });
}

function entityName(c: AuditWordsContext, r: AuditRow): string | null {
  const code = r.entity_code ?? '';
  if (r.entity_kind === 'unit') return c.unitNames.get(code) ?? null;
  if (r.entity_kind === 'service') return c.serviceNames.get(code) ?? null;
  if (r.entity_kind === 'publication') return null;
  if (r.entity_kind === 'agency') return c.agencyName;
  return code === '' ? null : code; // accounts (email) and tokens (their name) are named by their code
}

export function auditWords(c: AuditWordsContext, r: AuditRow): AuditWords {
  let d: Details = {};
  try {
    const parsed: unknown = JSON.parse(r.details);
    if (isObject(parsed)) d = parsed;
  } catch {
    d = {};
  }
  const before = isObject(d.before) ? d.before : {};
  const after = isObject(d.after) ? d.after : {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const lines = fields.map((f) => ({ field: label(c, f), before: valueWords(c, f, before[f]), after: valueWords(c, f, after[f]) }));
  const notes: string[] = [];
  const { before: _b, after: _a, ...rest } = d;
  if (r.action === 'password_reset' && isObject(rest.by) && isObject(rest.target)) {
    const email = (x: Details) => (typeof x.email === 'string' ? x.email : '');
    notes.push(c.t('manage.audit.password_reset', { by: email(rest.by), target: email(rest.target) }));
  } else {
    for (const [k, v] of Object.entries(rest)) notes.push(`${label(c, k)}: ${valueWords(c, k, v)}`);
  }
  return {
    kind: c.t(`audit.kinds.${r.entity_kind}`, { defaultValue: r.entity_kind }),
    name: entityName(c, r),
    code: r.entity_code ?? (r.entity_id === null ? '' : `#${r.entity_id}`),
    lines,
    notes,
  };
}
