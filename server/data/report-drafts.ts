import type { Queryable } from './engine/index.js';
import type { ScopeKey } from './followup.js';

// The SKM report's narrative chapters as officers edited them (db/migrations/015), per scope,
// period, chapter and language. No row: the report shows the generated draft.

export const REPORT_CHAPTERS = ['introduction', 'collection', 'results', 'analysis', 'conclusion'] as const;
export type ReportChapter = (typeof REPORT_CHAPTERS)[number];

/** The edited chapters of one report in one language: chapter -> text. */
export async function readDrafts(q: Queryable, key: ScopeKey, period: string, lang: string): Promise<Partial<Record<ReportChapter, string>>> {
  const rows = await q.all<{ chapter: ReportChapter; body: string }>(
    'SELECT chapter, body FROM report_drafts WHERE scope_kind = ? AND scope_id = ? AND period = ? AND lang = ? ORDER BY chapter',
    [key.kind, key.id, period, lang],
  );
  return Object.fromEntries(rows.map((r) => [r.chapter, r.body]));
}

/** Saves a chapter's text (null: back to the generated draft). Call it inside the audited transaction. */
export async function saveDraft(
  tx: Queryable,
  key: ScopeKey,
  period: string,
  chapter: ReportChapter,
  lang: string,
  body: string | null,
  userId: number | null,
): Promise<void> {
  await tx.run('DELETE FROM report_drafts WHERE scope_kind = ? AND scope_id = ? AND period = ? AND chapter = ? AND lang = ?', [
    key.kind,
    key.id,
    period,
    chapter,
    lang,
  ]);
  if (body === null) return;
  await tx.run('INSERT INTO report_drafts (scope_kind, scope_id, period, chapter, lang, body, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    key.kind,
    key.id,
    period,
    chapter,
    lang,
    body,
    userId,
  ]);
}
