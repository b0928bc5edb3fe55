/**
 * `?` placeholders to PostgreSQL's `$1, $2, ...`, skipping string literals, quoted identifiers and
 * comments (so `'?'` in a literal stays). Results are cached: the same SQL text converts once.
 */
const cache = new Map<string, string>();

export function toNumbered(sql: string): string {
  const hit = cache.get(sql);
  if (hit !== undefined) return hit;
  let out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i] as string;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end + 1);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length - 1 : end;
      out += sql.slice(i, stop + 1);
      i = stop;
    } else if (c === '?') out += `$${++n}`;
    else out += c;
  }
  if (cache.size < 5000) cache.set(sql, out);
  return out;
}

/** Index of the quote closing the literal that opens at `start` ('' and "" are escaped quotes). */
function closing(sql: string, start: number, quote: string): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] !== quote) continue;
    if (sql[i + 1] === quote) i++;
    else return i;
  }
  return sql.length - 1;
}
