// Assisted entry and quarantine words (issue 10), below every layer that reads them.

/** How an officer's entry was collected (responses.way, beside channel 'assisted'). */
export const WAYS = ['interview', 'phone', 'paper'] as const;
export type Way = (typeof WAYS)[number];

export function isWay(x: unknown): x is Way {
  return typeof x === 'string' && (WAYS as readonly string[]).includes(x);
}

/** Why the flood checks marked a response (responses.suspicion). */
export const SUSPICIONS = ['client_burst', 'pattern_burst'] as const;
export type Suspicion = (typeof SUSPICIONS)[number];
