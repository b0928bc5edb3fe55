/**
 * The demo officers (contract: "Demo accounts"), one of each role, all with the password
 * `mutu-demo`. Created by loadDemo only, so a database started with MUTU_DEMO=0 has none.
 */
import { hashPassword } from '../../server/auth/passwords.js';
import type { Queryable } from '../../server/data/engine/index.js';
import { addUser, type Role } from '../../server/data/users.js';

export const DEMO_PASSWORD = 'mutu-demo';

export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; name: string; role: Role; unit: string }> = [
  { email: 'admin@demo.mutu.id', name: 'Admin Demo', role: 'admin', unit: 'pemkab' },
  { email: 'manajer@demo.mutu.id', name: 'Manajer Demo', role: 'manager', unit: 'disdukcapil' },
  { email: 'viewer@demo.mutu.id', name: 'Pemantau Demo', role: 'viewer', unit: 'rsud' },
];

/**
 * One argon2id hash of the demo password per account (each with its own salt), in DEMO_ACCOUNTS
 * order: about 50 ms each, on the thread pool. Hash before the transaction, never inside it.
 */
export function demoPasswordHashes(): Promise<string[]> {
  return Promise.all(DEMO_ACCOUNTS.map(() => hashPassword(DEMO_PASSWORD)));
}

/**
 * Creates the demo accounts on the demo units (by code), with the hashes of demoPasswordHashes;
 * returns their ids in DEMO_ACCOUNTS order.
 * @throws Error when a unit or a hash is missing.
 */
export async function seedDemoUsers(q: Queryable, unitIds: ReadonlyMap<string, number>, passwordHashes: readonly string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, a] of DEMO_ACCOUNTS.entries()) {
    const unitId = unitIds.get(a.unit);
    if (unitId === undefined) throw new Error(`demo account ${a.email}: unknown unit ${a.unit}`);
    const passwordHash = passwordHashes[i];
    if (passwordHash === undefined) throw new Error(`demo account ${a.email}: no password hash`);
    ids.push(await addUser(q, { email: a.email, name: a.name, role: a.role, unitId, passwordHash }));
  }
  return ids;
}
