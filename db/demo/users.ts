/**
 * The demo officers (contract: "Demo accounts"), one of each role, all with the password
 * `mutu-demo`. Created by loadDemo only, so a database started with MUTU_DEMO=0 has none.
 */
import type { Db } from '../../server/db.js';
import { hashPasswordSync } from '../../server/auth/passwords.js';
import { createUser, type Role } from '../../server/data/users.js';

export const DEMO_PASSWORD = 'mutu-demo';

export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; name: string; role: Role; unit: string }> = [
  { email: 'admin@demo.mutu.id', name: 'Admin Demo', role: 'admin', unit: 'pemkab' },
  { email: 'manajer@demo.mutu.id', name: 'Manajer Demo', role: 'manager', unit: 'disdukcapil' },
  { email: 'viewer@demo.mutu.id', name: 'Pemantau Demo', role: 'viewer', unit: 'rsud' },
];

/**
 * Creates the demo accounts on the demo units (by code). Synchronous, for loadDemo's transaction:
 * one argon2id hash per account, about 50 ms each.
 * @throws Error when a unit is missing.
 */
export function seedDemoUsers(db: Db, unitIds: ReadonlyMap<string, number>): number[] {
  return DEMO_ACCOUNTS.map((a) => {
    const unitId = unitIds.get(a.unit);
    if (unitId === undefined) throw new Error(`demo account ${a.email}: unknown unit ${a.unit}`);
    return createUser(db, { email: a.email, name: a.name, role: a.role, unitId, passwordHash: hashPasswordSync(DEMO_PASSWORD) });
  });
}
