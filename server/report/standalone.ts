/**
 * The report page as one self-contained HTML file: rendered with the officer's page template in the
 * pack's language, without the officer's menu, language links or edit links, its stylesheets put
 * inline and no script. Chromium prints it to PDF (pdf.ts); when it cannot, this file goes in the
 * evidence pack instead, for a browser to print (the same A4 print stylesheet).
 */
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { Request, Response } from 'express';
import type { Database } from '../data/engine/index.js';
import { planContext } from '../followup/context.js';
import { paths } from '../paths.js';
import type { Scope } from '../results/scope.js';
import { reportModel } from './model.js';

const STYLESHEET = /<link rel="stylesheet" href="\/static\/([a-z0-9/._-]+\.css)(?:\?v=[^"]*)?">/gi;
const SCRIPT = /<script\b[^>]*>\s*<\/script>\s*/gi;

/** The report of a scope and period (its published figures when published) as a self-contained HTML document. */
export async function standaloneReport(store: Database, req: Request, res: Response, scope: Scope, period: string): Promise<string> {
  const c = await planContext(store, req, res, scope.kind, { scope, period });
  const model = await reportModel(store, { ...c, editor: false }, res.locals);
  const html = await new Promise<string>((resolve, reject) =>
    res.render('report/report', { ...model, saved: false, officerMenu: null, languages: null }, (err: Error | null, out: string) =>
      err ? reject(err) : resolve(out),
    ),
  );
  return inline(html);
}

/** Puts our own stylesheets inline and drops the scripts (a printed report needs none). */
async function inline(html: string): Promise<string> {
  const sheets = new Map<string, string>();
  for (const m of html.matchAll(STYLESHEET)) {
    const name = normalize(m[1] as string);
    if (name.startsWith('..')) continue;
    sheets.set(m[0], await readFile(join(paths.static, name), 'utf8'));
  }
  let out = html.replace(SCRIPT, '');
  for (const [tag, css] of sheets) out = out.replace(tag, () => `<style>\n${css.replace(/<\/style/gi, '<\\/style')}\n</style>`);
  return out;
}
