import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/data/engine/index.js';
import { createTokenAudited, revokeTokenAudited } from '../../server/manage/tokens/changes.js';
import { createUserAudited, updateUserAudited } from '../../server/manage/users/changes.js';
import { deleteUserSessions, findSession, insertSession, purgeExpiredSessions, touchSession } from '../../server/data/sessions.js';
import { clearSignInFailures, countSignInFailure, getSignInFailures, purgeSignInFailures } from '../../server/data/sign-ins.js';
import { addApiToken, findApiToken, getApiToken, listApiTokens, revokeToken } from '../../server/data/tokens.js';
import { addUser, listUsersOn, noteSignIn, setPasswordHash, updateUser, userByEmail, userById } from '../../server/data/users.js';

/**
 * Officers' accounts and access on each engine (users, sessions, sign-in failures, API tokens): the
 * same calls give the same answers. `open` gives a fresh, migrated, empty database for each test.
 */
export function accountsContract(name: string, open: () => Promise<Database>): void {
  describe(`accounts data: ${name}`, () => {
    let db: Database;
    let rootId: number;
    let unitId: number;
    const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA';
    const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

    beforeEach(async () => {
      db = await open();
      const agencyId = await db.value<number>("INSERT INTO agencies (code, name_id, name_en) VALUES ('uji', 'Uji', 'Uji') RETURNING id");
      rootId = Number(
        await db.value("INSERT INTO units (agency_id, parent_id, code, name_id, name_en) VALUES (?, NULL, 'root', 'Akar', 'Root') RETURNING id", [agencyId!]),
      );
      unitId = Number(
        await db.value("INSERT INTO units (agency_id, parent_id, code, name_id, name_en) VALUES (?, ?, 'dinas', 'Dinas', 'Office') RETURNING id", [
          agencyId!,
          rootId,
        ]),
      );
      return () => db.close();
    });

    const officer = (email: string, role: 'admin' | 'manager' | 'viewer' = 'viewer', unit = unitId) =>
      addUser(db, { email, name: ` ${email} `, passwordHash: HASH, role, unitId: unit });

    it('creates accounts, finds them by id and by email in any case, and keeps admins on the root', async () => {
      const id = await officer('  Ana@Uji.go.id ');
      expect(typeof id).toBe('number');
      const user = await userByEmail(db, 'ANA@uji.go.id');
      expect(user).toMatchObject({ id, email: 'ana@uji.go.id', name: 'Ana@Uji.go.id', role: 'viewer', unit_id: unitId, active: 1, must_change_password: 0 });
      expect(await userById(db, id)).toEqual(user);
      expect(await userById(db, id + 100)).toBeUndefined();
      await expect(officer('boss@uji.go.id', 'admin')).rejects.toThrow(/root unit/);
      await expect(officer('boss@uji.go.id', 'admin', 9999)).rejects.toThrow(/root unit/);
      expect(await officer('boss@uji.go.id', 'admin', rootId)).toBeGreaterThan(id);
      await expect(officer('ana@uji.go.id')).rejects.toThrow();
    });

    it('sets passwords and sign-in times, lists and changes accounts', async () => {
      const a = await officer('a@uji.go.id');
      const b = await officer('b@uji.go.id', 'manager', rootId);
      await setPasswordHash(db, a, `${HASH}x`, { mustChange: true });
      await noteSignIn(db, a);
      const row = await db.get<{ password_hash: string; must_change_password: number; password_changed_at: string; last_sign_in_at: string }>(
        'SELECT password_hash, must_change_password, password_changed_at, last_sign_in_at FROM users WHERE id = ?',
        [a],
      );
      expect(row).toMatchObject({ password_hash: `${HASH}x`, must_change_password: 1 });
      expect(row?.password_changed_at).toMatch(ISO);
      expect(row?.last_sign_in_at).toMatch(ISO);
      await setPasswordHash(db, a, HASH);
      expect((await userById(db, a))?.must_change_password).toBe(0);

      await updateUser(db, b, { name: 'Bea', role: 'viewer', unitId, active: false });
      expect(await userById(db, b)).toMatchObject({ name: 'Bea', role: 'viewer', unit_id: unitId, active: 0 });
      const listed = await listUsersOn(db, [unitId]);
      expect(listed.map((u) => [u.email, u.active])).toEqual([
        ['a@uji.go.id', 1],
        ['b@uji.go.id', 0],
      ]);
      expect(listed[0]?.last_sign_in_at).toMatch(ISO);
      expect(await listUsersOn(db, [rootId])).toEqual([]);
      expect(await listUsersOn(db, [])).toEqual([]);
    });

    it('finds live sessions with their officer in one query, and ends them', async () => {
      const a = await officer('a@uji.go.id');
      const b = await officer('b@uji.go.id');
      const session = (id: string, userId: number | null, expires: number) =>
        insertSession(db, {
          id_hash: id,
          user_id: userId,
          csrf_token: `t-${id}`,
          created_at: 1000,
          last_seen_at: 1000,
          expires_at: expires,
          absolute_expires_at: expires + 5000,
        });
      await session('s1', a, 10_000);
      await session('s2', a, 10_000);
      await session('s3', b, 10_000);
      await session('anon', null, 10_000);
      await session('old', a, 1500);

      expect(await findSession(db, 's1', 2000)).toEqual({
        id_hash: 's1',
        user_id: a,
        csrf_token: 't-s1',
        last_seen_at: 1000,
        expires_at: 10_000,
        absolute_expires_at: 15_000,
        email: 'a@uji.go.id',
        name: 'a@uji.go.id',
        role: 'viewer',
        unit_id: unitId,
        must_change_password: 0,
      });
      expect(await findSession(db, 'anon', 2000)).toMatchObject({ user_id: null, email: null, role: null });
      expect(await findSession(db, 'old', 2000)).toBeUndefined();
      expect(await findSession(db, 'nope', 2000)).toBeUndefined();

      await touchSession(db, 's1', 3000, 12_000);
      expect(await findSession(db, 's1', 11_000)).toMatchObject({ last_seen_at: 3000, expires_at: 12_000 });

      await updateUser(db, b, { name: 'b', role: 'viewer', unitId, active: false });
      expect(await findSession(db, 's3', 2000)).toBeUndefined();

      expect(await deleteUserSessions(db, a, 's1')).toBe(2);
      expect(await findSession(db, 's1', 2000)).toBeDefined();
      expect(await deleteUserSessions(db, a)).toBe(1);
      expect(await purgeExpiredSessions(db, 20_000)).toBe(2);
    });

    it('counts failed sign-ins in a window, locks at the limit, and starts over after the window or the lock', async () => {
      const policy = { maxFailures: 3, windowMs: 1000, lockMs: 5000 };
      expect(await countSignInFailure(db, 'k', 100, policy)).toEqual({ failures: 1, window_start: 100, locked_until: null });
      expect(await countSignInFailure(db, 'k', 200, policy)).toEqual({ failures: 2, window_start: 100, locked_until: null });
      expect(await countSignInFailure(db, 'k', 300, policy)).toEqual({ failures: 3, window_start: 100, locked_until: 5300 });
      expect(await getSignInFailures(db, 'k')).toEqual({ failures: 3, window_start: 100, locked_until: 5300 });
      // the window has passed but the lock has not: still a new window (as before the conversion)
      expect(await countSignInFailure(db, 'k', 1200, policy)).toEqual({ failures: 1, window_start: 1200, locked_until: null });
      expect(await countSignInFailure(db, 'k', 1300, policy)).toEqual({ failures: 2, window_start: 1200, locked_until: null });
      expect(await countSignInFailure(db, 'k', 1400, policy)).toEqual({ failures: 3, window_start: 1200, locked_until: 6400 });
      // within the window, after the lock has ended
      const short = { ...policy, lockMs: 50 };
      expect(await countSignInFailure(db, 'j', 100, short)).toMatchObject({ failures: 1 });
      await countSignInFailure(db, 'j', 110, short);
      expect(await countSignInFailure(db, 'j', 120, short)).toEqual({ failures: 3, window_start: 100, locked_until: 170 });
      expect(await countSignInFailure(db, 'j', 200, short)).toEqual({ failures: 1, window_start: 200, locked_until: null });
      // a limit of one locks at once
      expect(await countSignInFailure(db, 'i', 100, { ...policy, maxFailures: 1 })).toEqual({ failures: 1, window_start: 100, locked_until: 5100 });

      // forgotten once both the window and the lock have passed: 'j' and 'i' now, 'k' when its lock ends
      expect(await purgeSignInFailures(db, 1500, 6000)).toBe(2);
      expect(await getSignInFailures(db, 'k')).toBeDefined();
      expect(await purgeSignInFailures(db, 1500, 7000)).toBe(1);
      await countSignInFailure(db, 'h', 100, policy);
      await clearSignInFailures(db, 'h');
      expect(await getSignInFailures(db, 'h')).toBeUndefined();
    });

    it('counts every one of many concurrent failures', async () => {
      const policy = { maxFailures: 100, windowMs: 60_000, lockMs: 60_000 };
      await Promise.all(Array.from({ length: 20 }, (_, i) => countSignInFailure(db, 'k', 1000 + i, policy)));
      expect(await getSignInFailures(db, 'k')).toMatchObject({ failures: 20, locked_until: null });
    });

    it('issues, finds, lists and revokes API tokens', async () => {
      const first = await addApiToken(db, unitId, 'dashboard');
      const second = await addApiToken(db, rootId, 'portal');
      expect(first.token).toMatch(/^mutu_[\w-]{43}$/);
      expect(await findApiToken(db, first.token)).toEqual({ id: first.id, unit_id: unitId });
      expect(await findApiToken(db, 'mutu_nope')).toBeUndefined();
      const listed = await listApiTokens(db, [unitId, rootId]);
      expect(listed.map((t) => t.id).sort()).toEqual([first.id, second.id].sort());
      expect(listed.find((t) => t.id === first.id)?.last_used_at).toMatch(ISO);
      expect(listed.find((t) => t.id === second.id)?.last_used_at).toBeNull();
      expect(await listApiTokens(db, [rootId])).toHaveLength(1);

      expect(await revokeToken(db, first.id)).toBe(true);
      expect(await revokeToken(db, first.id)).toBe(false);
      expect(await findApiToken(db, first.token)).toBeUndefined();
      expect((await getApiToken(db, first.id))?.revoked_at).toMatch(ISO);
      expect(await getApiToken(db, second.id)).toEqual({ id: second.id, unit_id: rootId, name: 'portal', revoked_at: null });
    });

    it('writes account and token changes with their audit rows, in one transaction', async () => {
      const adminId = await officer('admin@uji.go.id', 'admin', rootId);
      const actor = { userId: adminId, email: 'admin@uji.go.id' };
      const id = await createUserAudited(db, actor, { email: 'v@uji.go.id', name: 'Vi', role: 'viewer', unitId, active: true, passwordHash: HASH });
      await insertSession(db, { id_hash: 'sv', user_id: id, csrf_token: 't', created_at: 1, last_seen_at: 1, expires_at: 1e12, absolute_expires_at: 1e12 });
      const user = (await userById(db, id))!;
      expect(await updateUserAudited(db, actor, user, { name: 'Vi', role: 'viewer', unitId, active: true }, null)).toBe(false);
      expect(await updateUserAudited(db, actor, user, { name: 'Vi', role: 'viewer', unitId: rootId, active: true }, `${HASH}y`)).toBe(true);
      expect(await userById(db, id)).toMatchObject({ unit_id: rootId, must_change_password: 1 });
      expect(await findSession(db, 'sv', 2)).toBeUndefined();

      // a refused insert leaves no audit row behind
      await expect(
        createUserAudited(db, actor, { email: 'v@uji.go.id', name: 'Vi', role: 'viewer', unitId, active: true, passwordHash: HASH }),
      ).rejects.toThrow();

      const token = await createTokenAudited(db, actor, unitId, 'feed');
      const row = (await getApiToken(db, token.id))!;
      expect(await revokeTokenAudited(db, actor, row)).toBe(true);
      expect(await revokeTokenAudited(db, actor, row)).toBe(false); // revoked meanwhile: no second audit row
      const audit = await db.all<{ action: string; entity_kind: string; details: string }>('SELECT action, entity_kind, details FROM audit_log ORDER BY id');
      expect(audit.map((a) => `${a.entity_kind}:${a.action}`)).toEqual(['user:create', 'user:update', 'user:password_reset', 'token:create', 'token:revoke']);
      expect(JSON.parse(audit[1]!.details)).toEqual({ before: { unit: 'dinas' }, after: { unit: 'root' } });
      expect(audit.map((a) => a.details).join()).not.toContain(HASH);
    });
  });
}
