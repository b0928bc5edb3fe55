import { Router, type Request, type Response } from 'express';
import type { Config } from '../config.js';
import type { Database } from '../data/engine/index.js';
import { getServiceByCode } from '../data/services.js';
import { HttpError } from '../errors.js';
import { loadableCrossOrigin } from '../security.js';
import { qrPng, qrSvg, surveyQrTarget } from './qr.js';

// Mounted at /s, ahead of the survey router (public, no session):
//   GET /s/:code/qr.svg   the QR code of the service's plain survey link (?ch=qr), from PUBLIC_URL
//   GET /s/:code/qr.png   the same as a PNG, for messaging apps
// Loadable from other origins (Cross-Origin-Resource-Policy: cross-origin), like embed.js.

export function surveyQrRoutes(store: Database, config: Config): Router {
  const router = Router();
  router.get('/:code/qr.:format', async (req: Request, res: Response) => {
    const code = String(req.params.code);
    const format = String(req.params.format);
    if (format !== 'svg' && format !== 'png') throw new HttpError(404);
    const service = /^[a-z0-9-]{1,40}$/.test(code) ? await getServiceByCode(store, code) : undefined;
    if (!service) throw new HttpError(404, 'survey.unknown_service', { code });
    await sendQr(res, format, surveyQrTarget(config, service.code), `${service.code}-qr`);
  });
  return router;
}

/** Sends a QR code image, loadable cross-origin, cached for an hour (PUBLIC_URL may change with a restart). */
export async function sendQr(res: Response, format: 'svg' | 'png', target: string, filename: string, cache = 'public, max-age=3600'): Promise<void> {
  loadableCrossOrigin(res);
  res.set({ 'Cache-Control': cache, 'Content-Disposition': `inline; filename="${filename}.${format}"` });
  if (format === 'svg') res.type('image/svg+xml').send(await qrSvg(target));
  else res.type('image/png').send(await qrPng(target));
}
