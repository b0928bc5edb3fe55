import type { Request, Response } from 'express';
import type { Database } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { countOpen, decide, listQuarantine, type QuarantineState } from '../data/quarantine.js';
import { HttpError } from '../errors.js';
import { assistedUrls } from '../urls.js';
import { renderAssisted } from './page.js';
import { decideScope } from './scope.js';

// The quarantine list: responses the flood checks marked suspicious, in the officer's subtree. They
// count until someone decides; exclude takes one out of every figure, restore puts it back.

const STATES: readonly QuarantineState[] = ['open', 'excluded', 'kept'];
const stateOf = (x: unknown): QuarantineState => (STATES.includes(x as QuarantineState) ? (x as QuarantineState) : 'open');

export function quarantinePages(store: Database) {
  return {
    list: async (req: Request, res: Response): Promise<void> => {
      const { lang, t, date } = res.locals;
      const scope = await decideScope(store, res);
      const state = stateOf(req.query.state);
      const ids = scope.services.map((s) => s.id);
      const services = new Map(scope.services.map((s) => [s.id, nameIn(s, lang)]));
      const rows = await listQuarantine(store, ids, state);
      renderAssisted(res, 'quarantine', {
        title: t('quarantine.title'),
        open: await countOpen(store, ids),
        heading: t(`quarantine.states.${state}`),
        tabs: STATES.map((s) => ({ state: s, label: t(`quarantine.states.${s}`), href: assistedUrls.quarantine(lang, { state: s }), current: s === state })),
        action: assistedUrls.quarantineDecide(lang, { state }),
        saved: req.query.saved === '1',
        rows: rows.map((r) => ({
          key: `${r.kind}-${r.id}`,
          kind: r.kind,
          id: r.id,
          service: services.get(r.service_id) ?? r.service_code,
          date: date(r.local_date),
          time: r.submitted_at.slice(11, 16),
          channel: t(`dashboard.channels.${r.channel}`),
          reason: t(`quarantine.reasons.${r.suspicion}`),
          answers: r.kind === 'visit' ? t(`profile.endstate.options.${r.end_state ?? 'na'}`) : r.answers.map((a) => a ?? '–').join(' '),
          excluded: r.excluded === 1,
          status: r.excluded === 1 ? t('quarantine.status.excluded') : r.reviewed_at ? t('quarantine.status.kept') : t('quarantine.status.open'),
        })),
      });
    },

    decide: async (req: Request, res: Response): Promise<void> => {
      const { lang } = res.locals;
      const scope = await decideScope(store, res);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const kind = body.kind === 'visit' ? 'visit' : body.kind === 'response' ? 'response' : null;
      const decision = body.decision === 'exclude' || body.decision === 'restore' ? body.decision : null;
      const id = typeof body.id === 'string' && /^\d{1,15}$/.test(body.id) ? Number(body.id) : null;
      if (!kind || !decision || id === null) throw new HttpError(400);
      const found = await decide(
        store,
        scope.actor,
        kind,
        id,
        decision,
        scope.services.map((s) => s.id),
      );
      if (!found) throw new HttpError(404);
      res.redirect(303, assistedUrls.quarantine(lang, { state: stateOf(req.query.state), saved: '1' }));
    },
  };
}
