// The reason an admin gives for republishing a completed period (shown on the public results pages:
// "Republished on 3 December 2026: late kiosk answers included").

const REASON_MAX = 300;

export function republicationReason(
  raw: unknown,
): { ok: true; value: string } | { ok: false; value: string; error: string | [string, Record<string, unknown>] } {
  const value = (typeof raw === 'string' ? raw : '')
    .slice(0, REASON_MAX + 1)
    .trim()
    .replace(/\s+/g, ' ');
  if (value === '') return { ok: false, value, error: 'publication.errors.reason_required' };
  if (value.length > REASON_MAX) return { ok: false, value, error: ['publication.errors.reason_long', { max: REASON_MAX }] };
  return { ok: true, value };
}
