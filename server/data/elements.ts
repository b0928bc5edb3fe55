import type { Queryable } from './engine/index.js';

export interface ElementText {
  code: string;
  column: string;
  position: number;
  name: string;
  question: string;
  labels: [string, string, string, string];
}

interface Row {
  code: string;
  column_name: string;
  position: number;
  name: string;
  question: string;
  label_1: string;
  label_2: string;
  label_3: string;
  label_4: string;
}

const ELEMENTS_SQL = `SELECT e.code, e.column_name, e.position, t.name, t.question, t.label_1, t.label_2, t.label_3, t.label_4
   FROM elements e
   JOIN element_texts t ON t.element_code = e.code
    AND t.lang = (SELECT CASE WHEN EXISTS (SELECT 1 FROM element_texts x WHERE x.element_code = e.code AND x.lang = ?)
                              THEN ? ELSE 'id' END)
  ORDER BY e.position, e.code`;

const toElement = (r: Row): ElementText => ({
  code: r.code,
  column: r.column_name,
  position: r.position,
  name: r.name,
  question: r.question,
  labels: [r.label_1, r.label_2, r.label_3, r.label_4],
});

/** The nine elements in the agency's display order, with their texts in `lang` (Indonesian where a text is missing). */
export async function elementTexts(q: Queryable, lang: string): Promise<ElementText[]> {
  return (await q.all<Row>(ELEMENTS_SQL, [lang, lang])).map(toElement);
}
