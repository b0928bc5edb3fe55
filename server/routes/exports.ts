import { Router, type Request, type RequestHandler, type Response } from 'express';
import { requireEditor, requireOfficer } from '../auth/index.js';
import type { Database } from '../data/engine/index.js';
import { ClientGone } from '../exports/client.js';
import { commentsCsv } from '../exports/comments-file.js';
import { exportContext, type ExportContext } from '../exports/context.js';
import { followupCsv } from '../exports/followup-file.js';
import { olahDataXlsx } from '../exports/olah-data.js';
import { responsesFile } from '../exports/responses-files.js';
import { resultsCsv, resultsXlsx } from '../exports/results-files.js';
import type { ScopeKind } from '../results/scope.js';

//   GET /exports/FILE                     the officer's own scope (as /dashboard)
//   GET /exports/units/:code/FILE         one unit's subtree
//   GET /exports/services/:code/FILE      one service
// FILE: results.csv, results.xlsx, comments.csv, olah-data.xlsx, followup.csv (every officer of the
// scope); responses.csv, responses.xlsx (admins and unit managers: a viewer gets 403).
// The dashboard's filters ride along in the query string (period | from+to, channel, group; q for
// comments). Outside the officer's subtree: 403; not signed in: 303 to /login.

type Make = (store: Database, req: Request, res: Response, c: ExportContext) => Promise<void>;

const FILES: ReadonlyArray<{ file: string; guard: RequestHandler; make: Make }> = [
  { file: `results.csv`, guard: requireOfficer, make: (s, _q, r, c) => resultsCsv(s, r, c) },
  { file: `results.xlsx`, guard: requireOfficer, make: (s, _q, r, c) => resultsXlsx(s, r, c) },
  { file: `responses.csv`, guard: requireEditor, make: (s, _q, r, c) => responsesFile(s, r, c, 'csv') },
  { file: `responses.xlsx`, guard: requireEditor, make: (s, _q, r, c) => responsesFile(s, r, c, 'xlsx') },
  { file: 'comments.csv', guard: requireOfficer, make: (s, q, r, c) => commentsCsv(s, q, r, c) },
  { file: 'olah-data.xlsx', guard: requireOfficer, make: (s, _q, r, c) => olahDataXlsx(s, r, c) },
  { file: 'followup.csv', guard: requireOfficer, make: (s, _q, r, c) => followupCsv(s, r, c) },
];

const PREFIX: Record<ScopeKind, string> = { agency: '/exports', unit: '/exports/units/:code', service: '/exports/services/:code' };

export function exportRoutes(store: Database): Router {
  const router = Router();
  for (const kind of ['agency', 'unit', 'service'] as const) {
    for (const { file, guard, make } of FILES) {
      router.get(`${PREFIX[kind]}/${file}`, guard, async (req, res) => {
        const c = await exportContext(store, req, res, kind);
        try {
          await make(store, req, res, c);
        } catch (err) {
          // once the file has started, a failure can only cut it short: the connection is dropped so
          // the client sees a broken download, never a complete-looking file; the error is logged
          if (res.headersSent) res.destroy();
          if (!(err instanceof ClientGone)) throw err;
        }
      });
    }
  }
  return router;
}
