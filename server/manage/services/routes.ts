import type { Request, Response } from 'express';
import { nameIn } from '../../data/names.js';
import type { Service } from '../../data/services.js';
import { getUnit, getUnitByCode, listUnits } from '../../data/units.js';
import { assistedUrls, manageUrls, surveyUrl } from '../../urls.js';
import { loadContext, render, renderInvalid, savedRedirect, type ManageContext, type ManageDeps } from '../page.js';
import type { FieldSpec } from '../fields.js';
import { inheritedTarget, targetNote } from '../inherited.js';
import { flagFields, nameFields } from '../org-form.js';
import { holdsUnit, serviceInScope } from '../scope.js';
import { createServiceAudited, updateServiceAudited } from './changes.js';
import { checkService, serviceRowValues, serviceValues, MAX_ORIGINS, type ServiceValues } from './form.js';
import { unitChoices } from '../tree.js';

// Services: create, rename, recode, move to another unit, (de)activate, publish, target, embed origins.
// Every change clears the cached survey pages, so /s/:code shows it at once.

export function serviceRoutes({ store, surveyPages }: ManageDeps) {
  async function model(c: ManageContext, values: ServiceValues, service?: Service) {
    const { t, lang, scope } = c;
    const all = await listUnits(store);
    const byId = new Map(all.map((u) => [u.id, u]));
    // what an empty target follows: the chosen unit's target, up the tree
    const unitId = all.find((u) => u.code === values.unit)?.id ?? service?.unit_id ?? null;
    return {
      title: service ? t('manage.service.edit_title', { name: nameIn(service, lang) }) : t('manage.service.new_title'),
      fields: [
        ...nameFields(t, 'service', values),
        { kind: 'select', name: 'unit', label: t('manage.fields.unit'), value: values.unit, options: unitChoices(all, scope, lang, t('manage.inactive')) },
        ...flagFields(t, 'service', values, targetNote({ t, num: c.num }, inheritedTarget(byId, unitId, lang), values.target.trim() !== '')),
        {
          kind: 'text',
          name: 'embed_origins',
          label: t('manage.fields.embed_origins'),
          hint: t('manage.service.embed_hint', { max: MAX_ORIGINS }),
          value: values.embed_origins,
          spellcheck: false,
          inputmode: 'url',
        },
      ] satisfies FieldSpec[],
      submitLabel: t(service ? 'manage.save' : 'manage.service.create'),
      links: service
        ? {
            profile: manageUrls.scope('service', service.code, lang, 'profile'),
            populations: manageUrls.scope('service', service.code, lang, 'populations'),
            survey: service.active === 1 ? surveyUrl(service.code, { lang }) : null,
            // issue 10: the optional question on how the visit ended, officers' entry and paper import
            questions: assistedUrls.questions(service.code, lang),
            entry: assistedUrls.entry(service.code, lang),
          }
        : null,
    };
  }

  return {
    newForm: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const asked = typeof req.query.unit === 'string' ? await getUnitByCode(store, req.query.unit) : undefined;
      const unit = asked && holdsUnit(c.scope, asked.id) ? asked : await getUnit(store, c.scope.officer.unitId);
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
      render(req, res, 'service', await model(c, values));
    },

    create: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const checked = await checkService(store, c.scope, serviceValues(c.body));
      if (!checked.ok) return renderInvalid(req, res, 'service', await model(c, checked.values), checked.errors);
      await createServiceAudited(store, c.actor, checked.result);
      surveyPages.clear();
      savedRedirect(res, manageUrls.scope('service', checked.result.code, c.lang));
    },

    editForm: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const service = await serviceInScope(store, c.scope, String(req.params.code));
      render(req, res, 'service', await model(c, await serviceRowValues(store, service), service));
    },

    update: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const service = await serviceInScope(store, c.scope, String(req.params.code));
      const checked = await checkService(store, c.scope, serviceValues(c.body), service);
      if (!checked.ok) return renderInvalid(req, res, 'service', await model(c, checked.values, service), checked.errors);
      if (await updateServiceAudited(store, c.actor, service, checked.result)) surveyPages.clear();
      savedRedirect(res, manageUrls.scope('service', checked.result.code, c.lang));
    },
  };
}
