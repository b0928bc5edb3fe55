import { expect, it } from 'vitest';
import { main as check } from '../../server/cli/check.js';
import type { Database } from '../../server/data/engine/index.js';
import { seedSmall } from './app.js';
import { addResponses, times } from './responses.js';

// `npm run check` on either engine (issue 12, "Operations"): a clean database passes, a tampered
// totals row is found and named, --repair rebuilds it. `env` points the command at `db`.

export interface CheckTarget {
  db: Database;
  env: Record<string, string>;
}

export async function runCheck(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await check(argv, { NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function filled(db: Database): Promise<number> {
  const { serviceId } = await seedSmall(db);
  await addResponses(db, serviceId, [
    ...times(3, { date: '2026-03-02', answers: 4, gender: 'f', age: 30 }),
    ...times(2, { date: '2026-03-03', answers: 2, channel: 'qr' }),
    {
      date: '2026-04-10',
      answers: { PERSYARATAN: 3, PROSEDUR: 4, WAKTU: null, BIAYA: 1, PRODUK: 2, KOMPETENSI: 3, PERILAKU: 4, PENGADUAN: 4, SARANA: 3 },
      education: 's1',
    },
  ]);
  // an excluded (quarantined) response counts in no total: the recomputation leaves it out too
  await addResponses(db, serviceId, [{ date: '2026-03-02', answers: 1 }]);
  await db.run('UPDATE responses SET excluded = 1 WHERE id = (SELECT MAX(id) FROM responses)');
  return serviceId;
}

export function checkContract(target: () => Promise<CheckTarget>): void {
  it('passes a clean database, finds and names a tampered totals row, and --repair rebuilds the totals', async () => {
    const { db, env } = await target();
    const serviceId = await filled(db);
    // the response excluded behind the totals' back: a rebuild leaves it out
    const { code: before } = await runCheck(env, '--repair');
    expect(before).toBe(0);

    const clean = await runCheck(env);
    expect(clean.err).toBe('');
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/ok +integrity/);
    expect(clean.out).toMatch(/ok +foreign keys/);
    expect(clean.out).toMatch(/ok: migration \d+, the latest/);
    expect(clean.out).toMatch(/totals_day: \d+ rows, ok/);
    expect(clean.out).toContain('All good.');

    await db.run("UPDATE totals_day SET biaya_sum = biaya_sum + 1 WHERE day = '2026-03-03' AND channel = 'qr'");
    await db.run("DELETE FROM totals_group_month WHERE dimension = 'education' AND grp = 's1'");
    const bad = await runCheck(env);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`totals_day (service ${serviceId} (ktp), day 2026-03-03, channel qr): biaya_sum stored 5, recomputed 4`);
    expect(bad.out).toContain(`totals_group_month (service ${serviceId} (ktp), month 2026-04, dimension education, grp s1): n stored 0, recomputed 1`);
    expect(bad.out).toMatch(/WRONG +running totals/);
    expect(bad.err).toContain('npm run check -- --repair');

    const repaired = await runCheck(env, '--repair');
    expect(repaired.out).toContain('Rebuilt the running totals');
    expect(repaired.code).toBe(0);
    expect(await db.value("SELECT biaya_sum FROM totals_day WHERE day = '2026-03-03' AND channel = 'qr'")).toBe(4);
    expect((await runCheck(env)).code).toBe(0);
  });

  it('leaves an excluded response out of the recomputation', async () => {
    const { db, env } = await target();
    await filled(db);
    await runCheck(env, '--repair');
    const n = await db.value<number>("SELECT n FROM totals_day WHERE day = '2026-03-02' AND channel = 'link'");
    expect(n).toBe(3); // 4 stored that day, 1 excluded
    await db.run('UPDATE responses SET excluded = 0');
    const found = await runCheck(env);
    expect(found.code).toBe(1);
    expect(found.out).toMatch(/day 2026-03-02, channel link\): n stored 3, recomputed 4/);
  });
}
