import { DIMENSIONS, DIMENSION_NAMES, PREFER_NOT, type Dimension } from '../../vocabulary/profile.js';
import { decimal, str, type Checked, type FormErrors } from '../form.js';

// Target profile (kelompok sasaran): per dimension, the expected share of each group among the
// service's users, typed as percentages. A dimension is either all empty (no own profile: inherit)
// or adds up to 100; an empty box beside filled ones counts as 0 and is not stored.

export type Shares = Partial<Record<Dimension, Record<string, number>>>;

/** Groups a target profile can name: every group but "prefer not to answer". */
export const profileGroups = (dim: Dimension): string[] => (DIMENSIONS[dim] as readonly string[]).filter((g) => g !== PREFER_NOT);

/** Input name of one group's share. */
export const shareField = (dim: Dimension, grp: string): string => `p_${dim}_${grp}`;

/** Input name -> typed text. */
export type ProfileValues = Record<string, string>;

/** Percentages may be off by this much in total (three times 33.3 is fine). */
const TOLERANCE = 0.1;

export function profileValues(body: Record<string, unknown>): ProfileValues {
  const out: ProfileValues = {};
  for (const dim of DIMENSION_NAMES) for (const g of profileGroups(dim)) out[shareField(dim, g)] = str(body, shareField(dim, g), 20).trim();
  return out;
}

export function profileRowValues(shares: Shares): ProfileValues {
  const out: ProfileValues = {};
  for (const dim of DIMENSION_NAMES) {
    for (const g of profileGroups(dim)) {
      const share = shares[dim]?.[g];
      out[shareField(dim, g)] = share === undefined ? '' : String(Math.round(share * 1e6) / 1e4);
    }
  }
  return out;
}

/** The sum of a dimension's typed percentages (boxes that are not numbers count 0); null when every box is empty. */
export function shareSum(values: ProfileValues, dim: Dimension): number | null {
  const typed = profileGroups(dim)
    .map((g) => values[shareField(dim, g)] ?? '')
    .filter((v) => v !== '');
  if (!typed.length) return null;
  return Math.round(typed.map(decimal).reduce((a, x) => a + (Number.isFinite(x) ? x : 0), 0) * 100) / 100;
}

/** Every dimension's shares (0..1); an empty object clears that dimension. */
export function checkProfile(values: ProfileValues): Checked<ProfileValues, Record<Dimension, Record<string, number>>> {
  const errors: FormErrors = {};
  const result = {} as Record<Dimension, Record<string, number>>;
  for (const dim of DIMENSION_NAMES) {
    const shares: Record<string, number> = {};
    let sum = 0;
    let bad = false;
    for (const g of profileGroups(dim)) {
      const name = shareField(dim, g);
      const raw = values[name] ?? '';
      if (raw === '') continue;
      const pct = decimal(raw);
      if (!(pct >= 0 && pct <= 100)) {
        errors[name] = 'manage.errors.share_invalid';
        bad = true;
        continue;
      }
      shares[g] = pct / 100;
      sum += pct;
    }
    if (!bad && Object.keys(shares).length > 0 && Math.abs(sum - 100) > TOLERANCE) {
      errors[dim] = ['manage.errors.shares_sum', { sum: Math.round(sum * 100) / 100 }];
    }
    result[dim] = shares;
  }
  return Object.keys(errors).length ? { ok: false, values, errors } : { ok: true, values, result };
}

/** Where the error summary links to: a dimension's error goes to its first box. */
export function profileHref(field: string): string {
  const dim = DIMENSION_NAMES.find((d) => d === field);
  return `#f-${dim ? shareField(dim, profileGroups(dim)[0] ?? '') : field}`;
}
