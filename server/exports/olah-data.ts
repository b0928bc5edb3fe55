import type { Response } from 'express';
import { responsePages } from '../data/export-rows.js';
import type { Database } from '../data/engine/index.js';
import { elementTexts } from '../data/elements.js';
import { grade } from '../indicators/skm.js';
import { ELEMENT_CODES } from '../indicators/types.js';
import { agencyName, contextScopeName, type ExportContext } from './context.js';
import { checkedCount, filterOf } from './responses-files.js';
import { startDownload } from './send.js';
import { xlsxOut, type SheetCell } from './xlsx.js';

// The "olah data" workbook officers know from the e-SKM spreadsheets: one row per respondent with
// the answers U1-U9, then per element the sum of its answers, how many answered it, its NRR (sum /
// answered, skm.md: a missing answer is never 0), the weight, stated as the formula =1/9 (one over
// the elements answered, never a rounded 0.111), the weighted NRR, their sum (the IKM on the 1-4
// scale), the IKM (x 25) and the grade. Every figure is an Excel formula over the rows above it,
// stored with its result, so the values are there even where formulas are not recalculated.

const col = (i: number): string => {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

export async function olahDataXlsx(store: Database, res: Response, c: ExportContext): Promise<void> {
  await checkedCount(store, c);
  const { t } = c.l;
  const elements = (await elementTexts(store, c.l.lang)).filter((e) => (ELEMENT_CODES as readonly string[]).includes(e.code));
  const withService = c.scope.kind !== 'service';
  const first = withService ? 2 : 1; // column of U1
  startDownload(res, c, 'olah_data', 'xlsx');
  const book = xlsxOut(res);
  const sheet = book.sheet(t('exports.files.olah_data'), [{ width: 10 }, ...(withService ? [{ width: 28 }] : []), ...elements.map(() => ({ width: 8 }))], 5);
  await sheet.row([t('exports.olah.title')], { bold: true });
  await sheet.row([`${agencyName(c)} · ${contextScopeName(c)}`]);
  await sheet.row([c.shown.line]);
  await sheet.row([]);
  await sheet.row([t('exports.olah.respondent'), ...(withService ? [t('exports.col.service')] : []), ...elements.map((_, i) => `U${i + 1}`)], { bold: true });

  const sums = elements.map(() => 0);
  const counts = elements.map(() => 0);
  const columns = elements.map((e) => `e_${e.code.toLowerCase()}`);
  let no = 0;
  for await (const page of responsePages(store, filterOf(c))) {
    for (const r of page) {
      const answers = columns.map((k, i) => {
        const v = r[k];
        if (v === null || v === undefined) return null;
        sums[i] = (sums[i] as number) + Number(v);
        counts[i] = (counts[i] as number) + 1;
        return Number(v);
      });
      await sheet.row([++no, ...(withService ? [c.serviceNames.get(Number(r.service_id))?.name ?? ''] : []), ...answers]);
    }
  }

  // the rows below the respondents, each figure a formula over them with its computed result
  const top = 6;
  const bottom = top + no - 1;
  const at = (rowsBelow: number) => bottom + 1 + rowsBelow; // sheet row of each figure row
  const answered = counts.filter((n) => n > 0).length;
  const nrr = sums.map((s, i) => ((counts[i] as number) > 0 ? s / (counts[i] as number) : null));
  const weight = answered > 0 ? 1 / answered : null;
  const weighted = nrr.map((v) => (v === null || weight === null ? null : v * weight));
  const ikm14 = weight === null ? null : weighted.reduce<number>((s, v) => s + (v ?? 0), 0);
  const ikm = ikm14 === null ? null : ikm14 * 25;
  const lead = withService ? [null] : [];
  const per = (f: (letter: string, i: number) => SheetCell): SheetCell[] => elements.map((_, i) => f(col(first + i), i));
  const range = (letter: string) => `${letter}${top}:${letter}${bottom}`;
  const has = (i: number) => no > 0 && (counts[i] as number) > 0;
  const fmt = (f: string) => [undefined, ...lead.map(() => undefined), ...elements.map(() => f)];
  await sheet.row([t('exports.olah.sum'), ...lead, ...per((x, i) => (no > 0 ? { formula: `SUM(${range(x)})`, result: sums[i] as number } : 0))], {
    bold: true,
  });
  await sheet.row([t('exports.olah.answered'), ...lead, ...per((x, i) => (no > 0 ? { formula: `COUNT(${range(x)})`, result: counts[i] as number } : 0))]);
  await sheet.row([t('exports.olah.nrr'), ...lead, ...per((x, i) => (has(i) ? { formula: `${x}${at(0)}/${x}${at(1)}`, result: nrr[i] ?? null } : null))], {
    bold: true,
    formats: fmt('0.000'),
  });
  await sheet.row([t('exports.olah.weight'), ...lead, ...per((_, i) => (has(i) && weight !== null ? { formula: `1/${answered}`, result: weight } : null))], {
    formats: fmt('0.000'),
  });
  await sheet.row(
    [t('exports.olah.weighted'), ...lead, ...per((x, i) => (has(i) ? { formula: `${x}${at(2)}*${x}${at(3)}`, result: weighted[i] ?? null } : null))],
    { bold: true, formats: fmt('0.000') },
  );
  const u1 = col(first);
  const u9 = col(first + elements.length - 1);
  const g = grade(ikm);
  await sheet.row([t('exports.olah.ikm14'), ...lead, ikm14 === null ? null : { formula: `SUM(${u1}${at(4)}:${u9}${at(4)})`, result: ikm14 }], {
    bold: true,
    formats: fmt('0.000'),
  });
  await sheet.row([t('exports.olah.ikm'), ...lead, ikm === null ? null : { formula: `${u1}${at(5)}*25`, result: ikm }], { bold: true, formats: fmt('0.00') });
  await sheet.row([t('exports.olah.grade'), ...lead, g ? `${g} (${t(`grades.${g}`)})` : t('common.no_data')], { bold: true });

  // what the columns are, and how the figures were made
  await sheet.row([]);
  await sheet.row([t('exports.olah.legend')], { bold: true });
  for (const [i, e] of elements.entries()) await sheet.row([`U${i + 1}`, e.name]);
  await sheet.row([t('exports.olah.explain_nrr')]);
  await sheet.row([t('exports.olah.explain_weight')]);
  await sheet.row([t('exports.olah.explain_grade')]);
  sheet.done();
  await book.end();
}
