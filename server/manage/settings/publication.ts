import type { Request, Response } from 'express';
import { agencyTimeZone } from '../../data/agency.js';
import { lateResponses, listFrozenMonths, republishMonths } from '../../data/snapshots.js';
import { recordRepublication } from '../../data/publications.js';
import { republicationReason } from '../../publication/republication.js';
import { localDate, parsePeriod } from '../../indicators/periods.js';
import { monthsOf } from '../../results/public.js';
import { manageUrls } from '../../urls.js';
import { audited } from '../audited.js';
import { formatInstant } from '../format.js';
import { loadContext, render, renderInvalid, savedRedirect, type ManageContext, type ManageDeps } from '../page.js';

// Published periods are snapshots: the public sees a completed month as it was at its first public
// read. Here an admin sees what was frozen, how many responses arrived since, and republishes a
// period (logged in the audit log) so that its late responses count publicly.

const monthName = new Map<string, Intl.DateTimeFormat>();
function monthLabel(month: string, lang: string): string {
  let f = monthName.get(lang);
  if (!f) monthName.set(lang, (f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' })));
  return f.format(new Date(`${month}-01T00:00:00Z`));
}

export function publicationRoutes({ store }: ManageDeps) {
  async function model(c: ManageContext) {
    const tz = await agencyTimeZone(store);
    const rows = [];
    for (const r of await listFrozenMonths(store)) {
      const late = await lateResponses(store, r.month);
      rows.push({
        month: r.month,
        label: monthLabel(r.month, c.lang),
        summary: c.t('manage.publication.summary', { responses: c.num(r.responses, 0), taken: formatInstant(r.first, tz, c.lang) }),
        late,
        /** late responses in words: emphasised when there are any (republishing then changes what the public sees) */
        lateText: late > 0 ? c.t('manage.publication.late_count', { count: late }) : c.t('manage.publication.nothing_new'),
        buttonClass: late > 0 ? '' : 'secondary',
        action: manageUrls.republish(c.lang),
      });
    }
    return { title: c.t('manage.publication.title'), rows };
  }

  return {
    show: async (req: Request, res: Response): Promise<void> => {
      render(req, res, 'publication', await model(await loadContext(store, req, res)));
    },

    republish: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const spec = typeof c.body.period === 'string' ? c.body.period : '';
      const parsed = parsePeriod(spec);
      const tz = await agencyTimeZone(store);
      if (!parsed.ok || parsed.period.kind === 'range' || parsed.period.to >= localDate(new Date(), tz)) {
        return renderInvalid(req, res, 'publication', await model(c), { period: ['manage.publication.bad_period', { value: spec }] }, () => '#publication');
      }
      // the reason is shown on the public results pages of the periods holding these months
      const reason = republicationReason(c.body.reason);
      if (!reason.ok) {
        const values = { reasonFor: parsed.period.label, reason: reason.value };
        return renderInvalid(req, res, 'publication', { ...(await model(c)), ...values }, { reason: reason.error }, () => `#f-reason-${parsed.period.label}`);
      }
      const months = monthsOf(parsed.period);
      await audited(store, c.actor, async (tx) => {
        const dropped = await republishMonths(tx, months);
        const at = new Date().toISOString();
        const range = { monthFrom: months[0] as string, monthTo: months[months.length - 1] as string };
        await recordRepublication(tx, { period: parsed.period.label, ...range, at, reason: reason.value, createdBy: c.actor.userId });
        return {
          result: dropped,
          audit: [
            { action: 'publication.republish', entity: { kind: 'publication', code: parsed.period.label }, details: { months, dropped, reason: reason.value } },
          ],
        };
      });
      savedRedirect(res, manageUrls.publication(c.lang));
    },
  };
}
