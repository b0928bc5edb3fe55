/** Dashboard URLs, built in one place: the scope's path, the filters' query string, extras, the language last. */
export type DashboardTarget = { kind: 'agency' } | { kind: 'unit' | 'service'; code: string };

function dashboardPath(target: DashboardTarget): string {
  return target.kind === 'agency' ? '/dashboard' : `/dashboard/${target.kind}s/${encodeURIComponent(target.code)}`;
}

/** `qs` is Filters.qs ('' or '?period=…'); `extra` adds or replaces parameters; `hash` without '#'. */
export function dashboardHref(target: DashboardTarget | string, qs: string, lang: string, extra: Record<string, string> = {}, hash = ''): string {
  const p = new URLSearchParams(qs.replace(/^\?/, ''));
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  p.set('lang', lang);
  return `${typeof target === 'string' ? target : dashboardPath(target)}?${p.toString()}${hash ? `#${hash}` : ''}`;
}
