import type { Request } from 'express';
import type { Service } from '../data/services.js';
import { canonicalOrigin, canonicalOrigins } from '../security.js';

// The embed view (/s/:code?embed=1) talks to the page that frames it (the widget, static/embed.js)
// through postMessage: its height, Escape, and "submitted" after a stored response. The widget
// passes its page's origin as ?origin=; static/js/embed-view.js posts only to that origin, and only
// when it is one of the service's allowed origins (services.embed_origins, canonical form), which
// the page gives it on its script element. Never to '*'.

export interface EmbedViewScript {
  service: string;
  /** the service's allowed origins, canonical, space-separated ('' when none: the view posts nothing) */
  origins: string;
}

/** What the embed view's script element carries; null outside the embed view. */
export function embedViewScript(service: Pick<Service, 'code' | 'embed_origins'>, embed: boolean): EmbedViewScript | null {
  return embed ? { service: service.code, origins: canonicalOrigins(service.embed_origins).join(' ') } : null;
}

/**
 * The request's ?origin= when it is one of the service's allowed origins (canonical), else null:
 * what the thank-you redirect keeps, so the page after the post still knows whom to tell.
 */
export function allowedParentOrigin(req: Request, service: Pick<Service, 'embed_origins'>): string | null {
  const raw = req.query.origin;
  if (typeof raw !== 'string') return null;
  const origin = canonicalOrigin(raw);
  return origin && canonicalOrigins(service.embed_origins).includes(origin) ? origin : null;
}
