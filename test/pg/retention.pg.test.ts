import { describe, expect, it } from 'vitest';
import { eraseOldComments } from '../../server/data/retention.js';
import { seedSmall } from '../helpers/app.js';
import { pgDatabases } from '../helpers/pg.js';
import { addResponses } from '../helpers/responses.js';
import { retentionContract } from '../helpers/retention-contract.js';

// Comment retention on PostgreSQL: the shared contract; processes erasing at once (several app
// processes each run the daily timer) erase once and audit once; the table is vacuumed after.

const open = pgDatabases();

describe('comment retention (PostgreSQL)', () => {
  retentionContract(open);

  it('erases once when several processes run it together, and vacuums the tables afterwards', async () => {
    const db = await open();
    const { serviceId } = await seedSmall(db);
    await addResponses(
      db,
      serviceId,
      Array.from({ length: 30 }, (_, i) => ({ date: `2024-02-${String((i % 28) + 1).padStart(2, '0')}`, answers: 3, comment: `komentar ${i}` })),
    );
    const runs = await Promise.all(Array.from({ length: 4 }, () => eraseOldComments(db, { months: 12, today: '2026-11-30' })));
    expect(runs.reduce((a, r) => a + r.erased, 0)).toBe(30);
    expect(runs.filter((r) => r.erased > 0)).toHaveLength(1);
    expect(await db.value("SELECT count(*) FROM audit_log WHERE action = 'comments_erase'")).toBe(1);
    expect(await db.value('SELECT count(*) FROM responses WHERE comment IS NOT NULL')).toBe(0);
    const vacuumed = await db.value<number>("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'responses' AND schemaname = current_schema()");
    expect(Number(vacuumed)).toBeGreaterThanOrEqual(1);
  });
});
