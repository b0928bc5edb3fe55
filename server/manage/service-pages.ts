import type { Request, Response } from 'express';
import { getUnit, getUnitByCode, nameIn, type Service } from '../data/org.js';
import { createServiceAudited, updateServiceAudited } from './org-actions.js';
import { href, manageContext, render, renderInvalid, savedRedirect, type ManageContext, type ManageDeps } from './page.js';
import { holdsUnit, serviceInScope } from './scope.js';
import { checkService, serviceRowValues, serviceValues, MAX_ORIGINS, type ServiceValues } from './service-form.js';
import { unitOptions } from './tree.js';

// Services: create, rename, recode, move to another unit, (de)activate, publish, target, embed origins.
// Every change clears the cached survey pages, so /s/:code shows it at once.

export function servicePages({ db, surveyPages }: ManageDeps) {
  function model(c: ManageContext, values: ServiceValues, service?: Service) {
    const { t, lang, scope } = c;
    return {
      title: service ? t('manage.service.edit_title', { name: nameIn(service, lang) }) : t('manage.service.new_title'),
      service: service ? { code: service.code, name: nameIn(service, lang), active: service.active === 1 } : null,
      values,
      maxOrigins: MAX_ORIGINS,
      unitOptions: unitOptions(db, scope, lang, t('manage.inactive')),
      links: service
        ? {
            profile: href(`/manage/services/${service.code}/profile`, lang),
            populations: href(`/manage/services/${service.code}/populations`, lang),
            survey: href(`/s/${service.code}`, lang),
          }
        : null,
    };
  }

  return {
    newForm: (req: Request, res: Response): void => {
      const c = manageContext(db, req, res);
      const asked = typeof req.query.unit === 'string' ? getUnitByCode(db, req.query.unit) : undefined;
      const unit = asked && holdsUnit(c.scope, asked.id) ? asked : getUnit(db, c.scope.officer.unitId);
      const values: ServiceValues = {
        code: '',
        name_id: '',
        name_en: '',
        unit: unit?.code ?? '',
        active: true,
        published: false,
        target: '',
        embed_origins: '',
      };
      render(req, res, 'service', model(c, values));
    },

    create: (req: Request, res: Response): void => {
      const c = manageContext(db, req, res);
      const checked = checkService(db, c.scope, serviceValues(c.body));
      if (!checked.ok) return renderInvalid(req, res, 'service', model(c, checked.values), checked.errors);
      createServiceAudited(db, c.actor, checked.result);
      surveyPages.clear();
      savedRedirect(res, `/manage/services/${checked.result.code}`);
    },

    editForm: (req: Request, res: Response): void => {
      const c = manageContext(db, req, res);
      const service = serviceInScope(db, c.scope, String(req.params.code));
      render(req, res, 'service', model(c, serviceRowValues(db, service), service));
    },

    update: (req: Request, res: Response): void => {
      const c = manageContext(db, req, res);
      const service = serviceInScope(db, c.scope, String(req.params.code));
      const checked = checkService(db, c.scope, serviceValues(c.body), service);
      if (!checked.ok) return renderInvalid(req, res, 'service', model(c, checked.values, service), checked.errors);
      if (updateServiceAudited(db, c.actor, service, checked.result)) surveyPages.clear();
      savedRedirect(res, `/manage/services/${checked.result.code}`);
    },
  };
}
