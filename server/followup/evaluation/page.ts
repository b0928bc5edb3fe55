/**
 * The national evaluations page (GET /followup/evaluation?year=2026): for each unit in the
 * officer's subtree, the score its data earns today on PEKPPP Q6-Q9 and the Zona Integritas SKM
 * items, and what would raise each.
 */
import type { Request, Response } from 'express';
import { signedIn } from '../../auth/index.js';
import { agencyTimeZone } from '../../data/agency.js';
import type { Database } from '../../data/engine/index.js';
import { nameIn } from '../../data/names.js';
import { getUnitByCode, listUnits, subtreeUnitIds } from '../../data/units.js';
import { HttpError } from '../../errors.js';
import { localDate } from '../../indicators/periods.js';
import { resolveScope } from '../../results/scope.js';
import { followUpUrls } from '../../urls.js';
import { standaloneReport } from '../../report/standalone.js';
import { evidencePack } from './evidence.js';
import { readYear, unitYearFacts } from './facts.js';
import { integrityZone, q6, q7, q8, q9, type Score } from './scores.js';

export function evaluationPage(store: Database) {
  return async (req: Request, res: Response): Promise<void> => {
    const l = res.locals;
    const officer = signedIn(res);
    const thisYear = Number(localDate(new Date(), await agencyTimeZone(store)).slice(0, 4));
    const raw = typeof req.query.year === 'string' ? req.query.year : String(thisYear);
    if (!/^\d{4}$/.test(raw) || Number(raw) < thisYear - 10 || Number(raw) > thisYear)
      throw new HttpError(400, 'followup.evaluation.bad_year', { value: raw.slice(0, 10) });
    const year = Number(raw);
    const inside = await subtreeUnitIds(store, officer.unitId);
    const all = await listUnits(store);
    const data = await readYear(store, year);
    const words = (key: string, s: Score) => ({ score: s.score, max: s.max, raise: s.raise ? l.t(`followup.evaluation.raise.${s.raise}`) : null, key });
    const units = [];
    for (const unit of all.filter((u) => inside.includes(u.id) && u.active === 1)) {
      const scope = await resolveScope(store, unit.parent_id === null ? 'agency' : 'unit', unit.code);
      if (!scope) continue;
      const facts = await unitYearFacts(store, unit, scope, new Set(await subtreeUnitIds(store, unit.id)), data);
      const zi = integrityZone(facts);
      units.push({
        code: unit.code,
        name: nameIn(unit, l.lang),
        evidenceHref: followUpUrls.evidence(unit.code, l.lang, String(year)),
        planHref: followUpUrls.plan(unit.parent_id === null ? { kind: 'agency' } : { kind: 'unit', code: unit.code }, l.lang),
        facts,
        pekppp: [words('q6', q6(facts)), words('q7', q7(facts)), words('q8', q8(facts)), words('q9', q9(facts))],
        zi: [
          words('zi_frequency', zi.frequency),
          words('zi_access', zi.access),
          {
            ...words('zi_followup', { score: zi.followUp.score, max: zi.followUp.max, raise: zi.followUp.raise }),
            level: l.t(`followup.evaluation.level.${zi.followUp.level}`),
          },
        ],
      });
    }
    res.render('followup/evaluation', {
      title: l.t('followup.evaluation.title', { year }),
      year,
      years: Array.from({ length: 4 }, (_, i) => thisYear - i),
      action: followUpUrls.evaluation(l.lang).split('?')[0],
      units,
    });
  };
}

/** GET /followup/evaluation/units/:code/evidence.zip?year=2026: the unit's evidence pack (officers of the unit's subtree). */
export function evidenceDownload(store: Database) {
  return async (req: Request, res: Response): Promise<void> => {
    const officer = signedIn(res);
    const unit = await getUnitByCode(store, String(req.params.code));
    if (!unit) throw new HttpError(404);
    const inside = await subtreeUnitIds(store, officer.unitId);
    if (!inside.includes(unit.id)) throw new HttpError(403);
    const today = localDate(new Date(), await agencyTimeZone(store));
    const raw = typeof req.query.year === 'string' ? req.query.year : today.slice(0, 4);
    const thisYear = Number(today.slice(0, 4));
    if (!/^\d{4}$/.test(raw) || Number(raw) < thisYear - 10 || Number(raw) > thisYear)
      throw new HttpError(400, 'followup.evaluation.bad_year', { value: raw.slice(0, 10) });
    const scope = await resolveScope(store, unit.parent_id === null ? 'agency' : 'unit', unit.code);
    if (!scope) throw new HttpError(404);
    const render = (period: string) => standaloneReport(store, req, res, scope, period);
    const body = await evidencePack(store, unit, scope, new Set(await subtreeUnitIds(store, unit.id)), Number(raw), res.locals, today, { render });
    res.set('Content-Type', 'application/zip');
    res.set('Content-Disposition', `attachment; filename="skm-evidence-${unit.code}-${raw}.zip"`);
    res.send(body);
  };
}
