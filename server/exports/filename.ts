import type { ExportContext } from './context.js';
import { agencyName, contextScopeName } from './context.js';

// The file's name says whose figures, of what and when: an ASCII name from the codes (for old
// clients: "mutu_kab-mekarsari_ktp-el_2026-Q3_responses.csv") and, in filename*, the same in words
// in the page's language ("Kabupaten Mekarsari - Perekaman KTP-el - Triwulan III 2026 - Data responden.csv").

const ascii = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');

/** No characters that file systems refuse, no control characters. */
const words = (s: string): string =>
  s
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The Content-Disposition of an attachment, with an ASCII name and its UTF-8 form (RFC 6266, RFC 8187). */
export function contentDisposition(asciiName: string, utf8Name: string): string {
  const encoded = encodeURIComponent(utf8Name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}

/** The names of an export of `what` (a code such as 'responses', and its words) with extension `ext`. */
export function exportFileNames(
  c: ExportContext,
  what: { code: string; words: string },
  ext: 'csv' | 'xlsx',
  filtered = true,
): { ascii: string; utf8: string } {
  const q = c.q;
  const filter = !filtered ? [] : [q.channel ?? '', q.group ? `${q.group.dimension}-${q.group.value}` : ''].filter(Boolean);
  const period = c.filters.values.period === 'range' ? `${q.from}_${q.to}` : c.filters.label;
  const codes = ['mutu', c.agency.code, c.scope.kind === 'agency' ? '' : c.scope.code, period, ...filter, what.code].filter(Boolean).map(ascii);
  const named = [agencyName(c), c.scope.kind === 'agency' ? '' : contextScopeName(c), filtered ? c.shown.line : c.shown.period, what.words]
    .filter(Boolean)
    .map(words);
  return { ascii: `${codes.join('_')}.${ext}`, utf8: `${named.join(' - ')}.${ext}` };
}
