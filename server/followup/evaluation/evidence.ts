/**
 * The evidence pack of one unit and year for the national evaluations (one zip): the SKM report of
 * each completed quarter surveyed as a PDF (printed by Chromium; published periods as published), or,
 * when the browser is missing or fails, each as print-ready HTML with a README line saying why and
 * how to save it as PDF; the questionnaire, the publication log with its links, the follow-up plans
 * of the year with their realisation, and the previous year's follow-up report. CSV files are RFC 4180 with a byte-order mark; text cells that start with
 * = + - @ are neutralised against formula injection.
 */
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../../data/engine/index.js';
import { elementTexts } from '../../data/elements.js';
import { nameIn } from '../../data/names.js';
import { listServices } from '../../data/services.js';
import { listUnits, type Unit } from '../../data/units.js';
import type { Localized } from '../../i18n.js';
import type { Scope } from '../../results/scope.js';
import { reportUrls } from '../../urls.js';
import { scopeOfAction } from '../context.js';
import { liveTotals, timed } from '../plan.js';
import { calendarPeriod } from '../timing.js';
import { actionWords } from '../words.js';
import { readYear, unitYearFacts, type YearData } from './facts.js';
import { zip } from './zip.js';
import { printToPdf } from '../../report/pdf.js';

const safe = (v: string | number | null | undefined): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};
const csv = (rows: Array<Array<string | number | null | undefined>>): string =>
  `\uFEFF${stringify(
    rows.map((r) => r.map(safe)),
    { record_delimiter: '\r\n' },
  )}`;

/** How the pack gets its reports: the report page of a period as self-contained HTML (report/standalone.ts), and the Chromium to print it with. */
export interface PackReports {
  render: (period: string) => Promise<string>;
  chromiumPath?: string;
}

export async function evidencePack(
  store: Database,
  unit: Unit,
  scope: Scope,
  unitIds: ReadonlySet<number>,
  year: number,
  l: Localized,
  today: string,
  printing: PackReports,
): Promise<Buffer> {
  const say = (k: string, p: Record<string, unknown> = {}) => l.t(`followup.evaluation.pack.${k}`, p);
  const data = await readYear(store, year);
  const previous = await readYear(store, year - 1);
  const names = new Map((await elementTexts(store, l.lang)).map((e) => [e.code, e.name]));
  const unitNames = new Map((await listUnits(store)).map((u) => [u.id, nameIn(u, l.lang)]));
  const services = await listServices(store);
  const serviceNames = new Map(services.map((s) => [s.id, nameIn(s, l.lang)]));
  const serviceIds = new Set(scope.serviceIds ?? services.map((s) => s.id));
  const target = unit.parent_id === null ? ({ kind: 'agency' } as const) : ({ kind: 'unit', code: unit.code } as const);

  const periods = [];
  for (let n = 1; n <= 4; n++) {
    const p = calendarPeriod(`${year}-Q${n}`);
    if (p && p.to < today && (await liveTotals(store, scope)(p)).n > 0) periods.push(p);
  }
  const documents: string[] = [];
  for (const p of periods) documents.push(await printing.render(p.label));
  const printed = await printToPdf(documents, printing.chromiumPath);
  const reportFiles = periods.map((p, i) =>
    printed.ok
      ? { name: say('file.report_pdf', { period: p.label }), data: printed.pdfs[i] as Buffer }
      : { name: say('file.report_html', { period: p.label }), data: documents[i] as string },
  );
  const reports = periods.map((p, i) => `${l.period(p.from, p.to)}: ${reportFiles[i]?.name} (${reportUrls.report(target, l.lang, p.label)})`);
  const facts = await unitYearFacts(store, unit, scope, unitIds, data);
  const readme = [
    say('title', { unit: nameIn(unit, l.lang), year }),
    '',
    say('reports'),
    ...(reports.length ? reports.map((r) => `- ${r}`) : [`- ${say('no_reports')}`]),
    ...(printed.ok || !periods.length ? [] : ['', say('no_pdf', { reason: printed.reason })]),
    '',
    say('files'),
    '',
    say('facts', { quarters: facts.quarters, responses: facts.responses, channels: facts.channels, planned: facts.planned, done: facts.done }),
  ].join('\r\n');

  const questionnaire = [
    [say('col.code'), say('col.element'), say('col.question'), '1', '2', '3', '4'],
    ...(await elementTexts(store, l.lang)).map((e) => [e.code, e.name, e.question, ...e.labels]),
  ];
  const mine = (p: { unit_id: number | null; service_id: number | null }) =>
    (p.unit_id !== null && unitIds.has(p.unit_id)) || (p.service_id !== null && serviceIds.has(p.service_id));
  const media = [
    [say('col.scope'), say('col.period'), say('col.channel'), say('col.electronic'), say('col.published_on'), say('col.link'), say('col.note')],
    ...data.publications
      .filter(mine)
      .map((p) => [
        p.service_id !== null ? serviceNames.get(p.service_id) : unitNames.get(p.unit_id ?? 0),
        l.period(p.period_from, p.period_to),
        p.channel,
        p.electronic === 1 ? say('yes') : say('no'),
        p.published_on,
        p.url,
        p.note,
      ]),
  ];
  const plans = async (d: YearData) => {
    const rows = d.actions.filter((a) => (a.scope_kind === 'service' ? serviceIds.has(a.scope_id) : unitIds.has(a.scope_id)));
    const out: Array<Array<string | number | null | undefined>> = [
      [
        say('col.scope'),
        say('col.period'),
        say('col.element'),
        say('col.activity'),
        say('col.responsible'),
        say('col.quarter'),
        say('col.status'),
        say('col.done_date'),
        say('col.evidence'),
        say('col.link'),
        say('col.before'),
        say('col.after'),
      ],
    ];
    for (const a of rows) {
      const own = await scopeOfAction(store, a);
      const planned = own ? (await timed([a], today, liveTotals(store, own)))[0] : undefined;
      if (!planned) continue;
      const w = actionWords(l, planned, names);
      const p = calendarPeriod(a.period);
      out.push([
        a.scope_kind === 'service' ? serviceNames.get(a.scope_id) : unitNames.get(a.scope_id),
        p ? l.period(p.from, p.to) : a.period,
        w.element,
        w.activity,
        w.responsible,
        w.quarter,
        w.status + (w.overdue ? ` (${l.t('followup.overdue.flag')})` : ''),
        a.done_date,
        w.evidenceNote,
        w.evidenceUrl,
        w.effect.before,
        w.effect.after ?? w.effect.waiting,
      ]);
    }
    return out;
  };
  return zip([
    { name: say('file.readme'), data: readme },
    ...reportFiles,
    { name: say('file.questionnaire'), data: csv(questionnaire) },
    { name: say('file.publications', { year }), data: csv(media) },
    { name: say('file.plan', { year }), data: csv(await plans(data)) },
    { name: say('file.plan', { year: year - 1 }), data: csv(await plans(previous)) },
  ]);
}
