/** The name of a row in a language: name_<lang>, falling back to Indonesian. */
export function nameIn(row: { name_id: string; name_en: string }, lang: string): string {
  return lang === 'en' ? row.name_en : row.name_id;
}
