import type { Response } from 'express';
import type { ExportContext } from './context.js';
import { contentDisposition, exportFileNames } from './filename.js';

// The headers every export answers with, set before its first byte.

const TYPES = {
  csv: 'text/csv; charset=utf-8; header=present',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Sets the type, the file's names and no caching; returns the names (for the audit entry). */
/** `filtered`: whether the file follows the channel and group filters (comments do not). */
export function startDownload(res: Response, c: ExportContext, what: string, ext: 'csv' | 'xlsx', filtered = true) {
  const names = exportFileNames(c, { code: what, words: c.l.t(`exports.files.${what}`) }, ext, filtered);
  res.status(200);
  res.set({ 'Content-Type': TYPES[ext], 'Content-Disposition': contentDisposition(names.ascii, names.utf8), 'Cache-Control': 'no-store' });
  return names;
}
