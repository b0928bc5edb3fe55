import type { Request, Response } from 'express';
import type { Config } from '../config.js';
import { agencyTimeZone } from '../data/agency.js';
import { getCounter } from '../data/counters.js';
import type { Database } from '../data/engine/index.js';
import { getKiosk } from '../data/kiosk-tokens.js';
import type { Service } from '../data/services.js';
import { HttpError } from '../errors.js';
import { translateErrors, type FormErrors } from '../manage/form.js';
import { loadContext, type ManageContext } from '../manage/page.js';
import { serviceInScope } from '../manage/scope.js';
import type { PageCache } from '../survey/page-cache.js';
import { reachUrls } from '../urls.js';
import { createCounterAudited, createKioskAudited, revokeCounterAudited, revokeKioskAudited, saveOriginsAudited } from './reach-actions.js';
import { checkCounter, checkKiosk, checkOrigins, counterValues, kioskValues } from './reach-forms.js';
import { emptyForms, kioskOffer, reachModel, type ReachForms } from './reach-model.js';

// The reach page of a service (contract "Officer hooks for reach"), for its unit managers and the
// admins (viewers 403, other units 403): counter links, kiosks and embedding. Each form posts to its
// own URL; a bad one answers 422 with the page, its values kept and its errors linked; a good one
// 303 back to the page. Every change is audited (reach-actions.ts).

export interface ReachDeps {
  store: Database;
  config: Config;
  surveyPages: PageCache;
}

/** Where each form's fields are, for the error summary's links. */
const FIELD_IDS: Record<keyof ReachForms, string> = { counter: 'c', kiosk: 'k', origins: 'o' };

export function reachPages({ store, config, surveyPages }: ReachDeps) {
  async function service(req: Request, c: ManageContext): Promise<Service> {
    return serviceInScope(store, c.scope, String(req.params.code));
  }

  async function show(res: Response, c: ManageContext, s: Service, forms: ReachForms, status = 200, form?: keyof ReachForms, errors: FormErrors = {}) {
    const model = await reachModel(store, config, s, c.lang, c.t, res.locals.date, forms);
    const translated = form ? translateErrors(c.t, errors, (f) => `#${FIELD_IDS[form]}-${f}`) : { errors: {}, errorList: [] };
    res.status(status).set('Cache-Control', 'no-store');
    res.render('reach/page', { ...model, saved: status === 200 && res.req.query.saved === '1', failed: form ?? null, ...translated });
  }

  const back = (res: Response, s: Service, lang: string) => res.redirect(303, reachUrls.page(s.code, lang, { saved: '1' }));
  const idParam = (req: Request): number => {
    const raw = String(req.params.id);
    if (!/^\d{1,12}$/.test(raw)) throw new HttpError(404);
    return Number(raw);
  };

  return {
    page: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const s = await service(req, c);
      await show(res, c, s, emptyForms(s));
    },

    createCounter: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const s = await service(req, c);
      const checked = checkCounter(counterValues(c.body), await agencyTimeZone(store));
      if (!checked.ok) return show(res, c, s, { ...emptyForms(s), counter: checked.values }, 422, 'counter', checked.errors);
      await createCounterAudited(store, c.actor, s, checked.result);
      back(res, s, c.lang);
    },

    createKiosk: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const s = await service(req, c);
      const offer = await kioskOffer(store, s);
      const values = kioskValues(c.body);
      const checked = checkKiosk(
        values,
        offer.map((o) => o.code),
        await agencyTimeZone(store),
      );
      // the PIN is never sent back to the browser
      if (!checked.ok) return show(res, c, s, { ...emptyForms(s), kiosk: { ...checked.values, pin: '' } }, 422, 'kiosk', checked.errors);
      const services = checked.result.services.map((code) => offer.find((o) => o.code === code) as Service);
      await createKioskAudited(store, c.actor, {
        unitId: s.unit_id,
        place: checked.result.place,
        pin: checked.result.pin,
        services,
        expiresAt: checked.result.expiresAt,
      });
      back(res, s, c.lang);
    },

    saveOrigins: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const s = await service(req, c);
      const raw = typeof c.body.origins === 'string' ? c.body.origins.slice(0, 4000) : '';
      const checked = checkOrigins(raw);
      if (!checked.ok) return show(res, c, s, { ...emptyForms(s), origins: raw }, 422, 'origins', checked.errors);
      // the embed view's framing and script are in cached survey pages
      if (await saveOriginsAudited(store, c.actor, s, checked.result)) surveyPages.clear();
      back(res, s, c.lang);
    },

    revokeCounter: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const s = await service(req, c);
      const counter = await getCounter(store, idParam(req));
      if (!counter || counter.service_id !== s.id || counter.kind !== 'link') throw new HttpError(404);
      await revokeCounterAudited(store, c.actor, s, counter);
      back(res, s, c.lang);
    },

    revokeKiosk: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const s = await service(req, c);
      const kiosk = await getKiosk(store, idParam(req));
      // a kiosk belongs to the service's unit; revoking it from any of its services' pages is the same act
      if (!kiosk || Number(kiosk.unit_id) !== s.unit_id) throw new HttpError(404);
      await revokeKioskAudited(store, c.actor, kiosk, s.code);
      back(res, s, c.lang);
    },

    /** For the poster and QR handlers: the service in the officer's scope. */
    service: async (req: Request, res: Response): Promise<{ c: ManageContext; s: Service }> => {
      const c = await loadContext(store, req, res);
      return { c, s: await service(req, c) };
    },
    idParam,
  };
}
