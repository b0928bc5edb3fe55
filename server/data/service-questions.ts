import type { Queryable } from './engine/index.js';

// A service's optional survey questions (issue 10): for now whether it asks how the visit ended.

export async function setAskEndState(q: Queryable, serviceId: number, ask: boolean): Promise<void> {
  await q.run('UPDATE services SET ask_end_state = ? WHERE id = ?', [ask ? 1 : 0, serviceId]);
}
