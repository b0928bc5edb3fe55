import type { Db } from '../db.js';

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

/** The nine elements in the agency's display order, with their texts in `lang` (Indonesian where a text is missing). */
export function listElements(db: Db, lang: string): ElementText[] {
  const rows = db
    .prepare(
      `SELECT e.code, e.column_name, e.position, t.name, t.question, t.label_1, t.label_2, t.label_3, t.label_4
         FROM elements e
         JOIN element_texts t ON t.element_code = e.code
          AND t.lang = (SELECT CASE WHEN EXISTS (SELECT 1 FROM element_texts x WHERE x.element_code = e.code AND x.lang = ?)
                                    THEN ? ELSE 'id' END)
        ORDER BY e.position, e.code`,
    )
    .all(lang, lang) as Row[];
  return rows.map((r) => ({
    code: r.code,
    column: r.column_name,
    position: r.position,
    name: r.name,
    question: r.question,
    labels: [r.label_1, r.label_2, r.label_3, r.label_4],
  }));
}
