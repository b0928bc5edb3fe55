import type { Database } from '../../data/engine/index.js';
import { nameIn } from '../../data/names.js';
import { manageUrls, type ScopeKind } from '../../urls.js';
import type { ManageContext } from '../page.js';
import { serviceInScope, unitInScope } from '../scope.js';
import type { OwnerRef } from './changes.js';

// The unit or service a settings page (target profile, users served) is about: 404 unknown, 403
// outside the officer's subtree.

export interface OwnerPage {
  ref: OwnerRef;
  name: string;
  /** its edit page, for the link back */
  href: string;
  /** where inherited settings come from: a unit's parent, a service's unit */
  upFrom: number | null;
}

export async function ownerPage(store: Database, c: ManageContext, kind: ScopeKind, code: string): Promise<OwnerPage> {
  const row = kind === 'unit' ? await unitInScope(store, c.scope, code) : await serviceInScope(store, c.scope, code);
  const ref: OwnerRef = { owner: kind === 'unit' ? { unitId: row.id } : { serviceId: row.id }, kind, id: row.id, code: row.code };
  const upFrom = 'unit_id' in row ? row.unit_id : row.parent_id;
  return { ref, name: nameIn(row, c.lang), href: manageUrls.scope(kind, row.code, c.lang), upFrom };
}
