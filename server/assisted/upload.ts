import busboy from 'busboy';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '../errors.js';
import { IMPORT_MAX_BYTES } from './import-read.js';

// The multipart upload of an import file, parsed before the session layer so that its CSRF check
// (server/auth/csrf.ts reads `_csrf` from req.body) sees the form's token: the form sends `_csrf`
// before the file, and a file part that comes before any token is not read at all (the post then
// fails the CSRF check, 403). With a token, the file is held in memory (at most IMPORT_MAX_BYTES,
// one file) and only read by the import page once the session and its token have been checked.

export interface Upload {
  fileName: string;
  buffer: Buffer;
  /** larger than IMPORT_MAX_BYTES: cut, and refused by the page */
  tooLarge: boolean;
}

const uploads = new WeakMap<Request, Upload>();
const IMPORT_PATH = /^\/manage\/services\/[a-z0-9-]{1,40}\/import$/;

/** The file of a checked upload request, if one was sent. */
export const uploadOf = (req: Request): Upload | undefined => uploads.get(req);

export function importUploads(req: Request, _res: Response, next: NextFunction): void {
  if (req.method !== 'POST' || !IMPORT_PATH.test(req.path) || !req.is('multipart/form-data')) return next();
  let bb: busboy.Busboy;
  try {
    bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: IMPORT_MAX_BYTES, fields: 10, fieldSize: 2000, parts: 12 } });
  } catch {
    return next(new HttpError(400));
  }
  const fields: Record<string, string> = {};
  const chunks: Buffer[] = [];
  let file: { name: string; tooLarge: boolean } | undefined;
  bb.on('field', (name, value) => {
    if (!(name in fields)) fields[name] = value;
  });
  bb.on('file', (name, stream, info) => {
    // the token must come first; one file only
    if (name !== 'file' || file || typeof fields._csrf !== 'string') return void stream.resume();
    const current = { name: info.filename ?? '', tooLarge: false };
    file = current;
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('limit', () => (current.tooLarge = true));
  });
  bb.on('close', () => {
    req.body = fields;
    if (file) uploads.set(req, { fileName: file.name.slice(0, 200), buffer: Buffer.concat(chunks), tooLarge: file.tooLarge });
    next();
  });
  bb.on('error', () => next(new HttpError(400)));
  req.pipe(bb);
}
