import type { Request } from 'express';
import { ELEMENT_CODES } from '../indicators/types.js';
import { FloodChecks } from '../data/floods.js';
import type { FloodPolicy } from '../vocabulary/flood-policy.js';
import type { Queryable } from '../data/engine/index.js';
import type { ClientLimiting } from '../security.js';
import type { SurveySubmission } from '../vocabulary/submission.js';
import type { Suspicion } from '../vocabulary/assisted.js';

/**
 * The flood check of a citizen's post (server/data/floods.ts), keyed on the salted client hash the
 * rate limits use: the suspicion to store with the response, or null. A failing check (the database
 * busy) never loses the response: it is stored unmarked.
 */
export type FloodMarker = (req: Request, serviceId: number, s: SurveySubmission) => Promise<Suspicion | null>;

export function floodMarker(q: Queryable, clients: ClientLimiting, policy?: FloodPolicy): FloodMarker {
  const checks = new FloodChecks(q, policy);
  const { keyGenerator } = clients.limiter('flood');
  return async (req, serviceId, s) => {
    try {
      const pattern = [...ELEMENT_CODES.map((c) => s.answers[c]), s.profile, s.ageBand, s.endState ?? null];
      return await checks.check(serviceId, await keyGenerator(req), pattern);
    } catch (err) {
      req.log?.warn({ err }, 'flood check failed: response stored unmarked');
      return null;
    }
  };
}
