/** Saving an edited chapter of the report: audited, per scope, period, chapter and language. */
import type { AuditActor } from '../data/audit.js';
import type { Database } from '../data/engine/index.js';
import type { ScopeKey } from '../data/followup.js';
import { readDrafts, saveDraft, type ReportChapter } from '../data/report-drafts.js';
import { audited } from '../manage/audited.js';

export const CHAPTER_MAX = 8000;

/** Saves the text (empty: back to the generated draft); records before and after when it changed. Returns whether it did. */
export function saveChapterAudited(
  store: Database,
  actor: AuditActor,
  key: ScopeKey,
  scopeCode: string,
  period: string,
  chapter: ReportChapter,
  lang: string,
  text: string,
): Promise<boolean> {
  const body = text.trim() === '' ? null : text.replace(/\r\n/g, '\n').trim();
  return audited(store, actor, async (tx) => {
    const before = (await readDrafts(tx, key, period, lang))[chapter] ?? null;
    if (before === body) return { result: false, audit: [] };
    await saveDraft(tx, key, period, chapter, lang, body, actor.userId);
    return {
      result: true,
      audit: [
        {
          action: 'update',
          entity: { kind: 'report_draft', code: scopeCode },
          details: { scope: key.kind, period, chapter, lang, before: { text: before }, after: { text: body } },
        },
      ],
    };
  });
}
