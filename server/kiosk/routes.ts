import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { getAgency } from '../data/agency.js';
import { elementTexts } from '../data/elements.js';
import type { Database } from '../data/engine/index.js';
import { kioskByToken, type KioskLookup } from '../data/kiosk-tokens.js';
import { verifyKioskPin } from '../auth/kiosk-pin.js';
import { getServiceByCode } from '../data/services.js';
import { getUnit } from '../data/units.js';
import { HttpError } from '../errors.js';
import { languageLinks } from '../i18n.js';
import { paths } from '../paths.js';
import { clientLimiting, type ClientLimiting } from '../security.js';
import { KIOSK_WORKER_PATH, kioskUrl, loginUrl } from '../urls.js';
import { kioskGoneModel, kioskPageModel, openServices } from './page-model.js';
import { storeKioskAnswer } from './answer.js';

// Mounted at /kiosk, ahead of the officer middleware (like /s: no session, no cookie, no CSRF layer;
// a kiosk's posts are protected by its token, validation and a limit per kiosk):
//   GET  /kiosk/sw.js               the kiosk's service worker (scope /kiosk/)
//   GET  /kiosk/:token              the kiosk: 404 unknown, 410 revoked or expired
//   POST /kiosk/:token/responses    one queued answer (JSON): 201 stored, 200 duplicate, 422 invalid,
//                                   410 no longer accepted, 429 too many, 503 busy (send again)
//   POST /kiosk/:token/exit         the officer's PIN (JSON): 200 { next }, 403 wrong PIN, 429 too many

export interface KioskLimits {
  /** answers per kiosk token and window (a queue sends its backlog in one go: generous) */
  answers: number;
  /** PIN attempts per kiosk token and window */
  pins: number;
  windowMs: number;
}
const DEFAULT_LIMITS: KioskLimits = { answers: 300, pins: 10, windowMs: 10 * 60_000 };

export interface KioskRouteOptions {
  limits?: Partial<KioskLimits>;
  clients?: ClientLimiting;
  now?: () => Date;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function kioskRoutes(store: Database, { limits = {}, clients = clientLimiting(store), now = () => new Date() }: KioskRouteOptions = {}): Router {
  const router = Router();
  const { answers, pins, windowMs } = { ...DEFAULT_LIMITS, ...limits };
  // counted per kiosk (one office sits behind one address), keyed on a hash of the token
  const perKiosk = (name: string, limit: number) =>
    rateLimit({
      windowMs,
      limit,
      ...clients.limiter(name),
      keyGenerator: (req) => createHash('sha256').update(String(req.params.token)).digest('base64url').slice(0, 22),
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res) => void res.status(429).json({ error: res.locals.t('errors.http_429') }),
    });
  const json = express.json({ limit: '32kb' });
  const worker = readFileSync(join(paths.static, 'kiosk-sw.js'));

  router.get(KIOSK_WORKER_PATH.replace('/kiosk', ''), (_req, res) => {
    res.set({ 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', 'Service-Worker-Allowed': '/kiosk/' }).send(worker);
  });

  /** The kiosk of the token; 404 when unknown. */
  async function lookup(req: Request): Promise<KioskLookup> {
    const found = await kioskByToken(store, String(req.params.token), now());
    if (!found) throw new HttpError(404, 'kiosk.unknown');
    return found;
  }

  router.get('/:token', async (req, res) => {
    const { lang, t } = res.locals;
    const found = await lookup(req);
    const agency = await getAgency(store);
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    if (found.state !== 'active') return void res.status(410).render('kiosk/gone', kioskGoneModel(found, agency, lang, t));
    const open = openServices(found);
    const first = open[0] ? await getServiceByCode(store, open[0].code) : undefined;
    const unit = first && (await getUnit(store, first.unit_id));
    if (!agency || !first || !unit)
      return void res.status(410).render('kiosk/gone', { ...kioskGoneModel(found, agency, lang, t), message: t('kiosk.gone.closed') });
    const secure = req.secure || LOCAL_HOSTS.has(req.hostname);
    const languages = languageLinks(kioskUrl(found.kiosk.token), lang);
    const rows = await Promise.all(open.map((s) => getServiceByCode(store, s.code)));
    const askEndState = rows.filter((s) => s?.ask_end_state === 1).map((s) => s!.code);
    const elements = await elementTexts(store, lang);
    res.render('kiosk/page', kioskPageModel({ lookup: found, first, unit, agency, elements, lang, t, languages, secure, askEndState }));
  });

  router.post('/:token/responses', perKiosk('kiosk', answers), json, async (req, res) => {
    const found = await kioskByToken(store, String(req.params.token), now());
    if (!found) return void res.status(404).json({ error: res.locals.t('kiosk.unknown') });
    const outcome = await storeKioskAnswer(store, found, req.body, now(), res.locals);
    res.status(outcome.status).set('Cache-Control', 'no-store');
    if (outcome.status === 503) res.set('Retry-After', '5');
    res.json(outcome.body);
  });

  router.post('/:token/exit', perKiosk('kiosk-exit', pins), json, express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    const { lang, t } = res.locals;
    const found = await kioskByToken(store, String(req.params.token), now());
    if (!found) return void res.status(404).json({ error: t('kiosk.unknown') });
    const pin = (req.body as { pin?: unknown } | undefined)?.pin;
    const ok = await verifyKioskPin(found.kiosk, typeof pin === 'string' ? pin.slice(0, 64) : '');
    if (!ok)
      return void res
        .status(403)
        .set('Cache-Control', 'no-store')
        .json({ error: t('kiosk.exit.wrong_pin') });
    res.set('Cache-Control', 'no-store').json({ next: loginUrl({ lang }) });
  });

  router.use(kioskJsonErrors);
  return router;
}

/** The JSON error of a kiosk post that failed before its handler (a malformed or oversized body). */
function kioskJsonErrors(err: unknown, req: Request, res: Response, next: (err?: unknown) => void): void {
  const e = err as { type?: string; status?: number };
  if (!req.path.endsWith('/responses') && !req.path.endsWith('/exit')) return next(err);
  // 415: a body in a charset that cannot be read, worded as a bad request (as the app's error page does)
  if (e.type === 'entity.parse.failed' || e.status === 400 || e.status === 413 || e.status === 415) {
    return void res
      .status(e.status === 413 ? 413 : e.status === 415 ? 415 : 400)
      .json({ error: res.locals.t(e.status === 413 ? 'errors.http_413' : 'errors.http_400') });
  }
  next(err);
}
