import type { ScopeKey } from '../data/followup.js';
import type { Scope } from '../results/scope.js';

/** The key under which a scope's plans and report drafts are stored: the root unit, the unit or the service. */
export function scopeKey(scope: Scope): ScopeKey {
  if (scope.kind === 'service') return { kind: 'service', id: 'serviceId' in scope.owner ? scope.owner.serviceId : (scope.serviceIds?.[0] ?? 0) };
  return { kind: scope.kind, id: scope.unitId };
}
