import { ELEMENT_CODES } from '../indicators/types.js';

// The columns of a paper-questionnaire import, and their headers in each language. A file may use
// either language's headers (or the field names); letter case and spaces around them do not matter.
// The element columns carry the element codes in both languages (skm.md).

export interface ImportColumn {
  /** the survey field it fills (server/survey/validate.ts), or `date` */
  field: string;
  id: string;
  en: string;
}

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { field: 'date', id: 'tanggal', en: 'date' },
  ...ELEMENT_CODES.map((c) => ({ field: c, id: c, en: c })),
  { field: 'endstate', id: 'akhir_kunjungan', en: 'end_state' },
  { field: 'gender', id: 'jenis_kelamin', en: 'gender' },
  { field: 'age', id: 'umur', en: 'age' },
  { field: 'education', id: 'pendidikan', en: 'education' },
  { field: 'occupation', id: 'pekerjaan', en: 'occupation' },
  { field: 'disability', id: 'disabilitas', en: 'disability' },
  { field: 'comment', id: 'saran', en: 'comment' },
];

export const headerIn = (lang: string): string[] => IMPORT_COLUMNS.map((c) => (lang === 'en' ? c.en : c.id));

const norm = (h: string): string =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
const BY_HEADER = new Map<string, string>(IMPORT_COLUMNS.flatMap((c) => [norm(c.id), norm(c.en), norm(c.field)].map((h): [string, string] => [h, c.field])));

/** The field of each header cell (undefined: unknown), and the first unknown or repeated header. */
export function mapHeader(cells: readonly string[]): {
  fields: Array<string | undefined>;
  unknown: string | null;
  repeated: string | null;
  missingDate: boolean;
} {
  const fields = cells.map((h) => (h.trim() === '' ? undefined : BY_HEADER.get(norm(h))));
  const unknown = cells.find((h, i) => h.trim() !== '' && fields[i] === undefined) ?? null;
  const seen = new Set<string>();
  let repeated: string | null = null;
  fields.forEach((f, i) => {
    if (f && seen.has(f)) repeated ??= cells[i] ?? f;
    if (f) seen.add(f);
  });
  return { fields, unknown, repeated, missingDate: !fields.includes('date') };
}

/** A date as written on the sheet: 2026-03-05, 5/3/2026 or 05-03-2026 (day first) -> 2026-03-05; anything else as typed. */
export function normalizeDate(text: string): string {
  const t = text.trim();
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (dmy) return `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}`;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(T.*)?$/.exec(t);
  return iso ? `${iso[1]}-${iso[2]!.padStart(2, '0')}-${iso[3]!.padStart(2, '0')}` : t;
}

/** Codes as the survey stores them: gender upper case (L, P), the others lower case. */
export function normalizeCode(field: string, text: string): string {
  const t = text.trim();
  return field === 'gender' ? t.toUpperCase() : ['education', 'occupation', 'disability', 'endstate'].includes(field) ? t.toLowerCase() : t;
}
