import { expect, it } from 'vitest';
import type { Database } from '../../server/data/engine/index.js';
import { eraseOldComments, getCommentRetention, saveCommentRetention } from '../../server/data/retention.js';
import { applyRetention } from '../../server/ops/retention-timer.js';
import { seedSmall } from './app.js';
import { addResponses } from './responses.js';

// Comment retention on either engine (issue 12, "Operations"): old comments erased, every figure
// kept, the erasure audited once; the setting read and saved.

const TOTALS = ['totals_day', 'totals_month', 'totals_group_month'];

async function totals(db: Database): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const t of TOTALS) out.push(await db.all(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`));
  return out;
}

export function retentionContract(open: () => Promise<Database>): void {
  it('erases comments older than N whole months, keeps newer ones and every figure, and audits it once', async () => {
    const db = await open();
    const { serviceId } = await seedSmall(db);
    await addResponses(db, serviceId, [
      { date: '2025-10-31', answers: 2, comment: 'lama sekali' },
      { date: '2025-11-29', answers: 3, comment: 'sehari sebelum batas' },
      { date: '2025-11-30', answers: 4, comment: 'tepat di batas' },
      { date: '2026-11-02', answers: 4, comment: 'baru' },
      { date: '2025-01-05', answers: 1 },
    ]);
    const before = await totals(db);
    const r = await eraseOldComments(db, { months: 12, today: '2026-11-30' });
    expect(r).toMatchObject({ erased: 2, cutoff: '2025-11-30', months: 12, ran: true });
    const left = await db.all<{ local_date: string; comment: string | null; e_persyaratan: number }>(
      'SELECT local_date, comment, e_persyaratan FROM responses ORDER BY local_date',
    );
    expect(left.map((x) => [x.local_date, x.comment])).toEqual([
      ['2025-01-05', null],
      ['2025-10-31', null],
      ['2025-11-29', null],
      ['2025-11-30', 'tepat di batas'],
      ['2026-11-02', 'baru'],
    ]);
    expect(left.map((x) => x.e_persyaratan)).toEqual([1, 2, 3, 4, 4]); // the answers stay
    expect(await totals(db)).toEqual(before);
    const audit = await db.all<{ action: string; user_id: number | null; details: string }>(
      "SELECT action, user_id, details FROM audit_log WHERE action = 'comments_erase'",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.user_id).toBeNull();
    expect(JSON.parse(audit[0]?.details ?? '')).toEqual({ erased_comments: 2, cutoff_date: '2025-11-30', retention_months: 12 });
    // again: nothing left to erase, nothing audited
    expect((await eraseOldComments(db, { months: 12, today: '2026-11-30' })).erased).toBe(0);
    expect(await db.value("SELECT count(*) FROM audit_log WHERE action = 'comments_erase'")).toBe(1);
  });

  it('applies the saved setting (none: keeps every comment)', async () => {
    const db = await open();
    const { serviceId } = await seedSmall(db);
    await addResponses(db, serviceId, [{ date: '2020-01-01', answers: 3, comment: 'sangat lama' }]);
    expect(await getCommentRetention(db)).toBeNull();
    expect(await applyRetention(db)).toBeNull();
    expect(await db.value('SELECT comment FROM responses')).toBe('sangat lama');
    await saveCommentRetention(db, 6);
    expect(await getCommentRetention(db)).toBe(6);
    expect((await applyRetention(db))?.erased).toBe(1);
    expect(await db.value('SELECT comment FROM responses')).toBeNull();
    await saveCommentRetention(db, null);
    expect(await getCommentRetention(db)).toBeNull();
  });
}
