import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { Router } from 'express';
import { LANGUAGES, localize } from '../i18n.js';
import { paths } from '../paths.js';
import { loadableCrossOrigin } from '../security.js';
import { EMBED_SCRIPT_PATH } from '../urls.js';

// GET /embed.js: the survey widget of the contract ("Reach"), pasted into agencies' sites as
//   <script src="{PUBLIC_URL}/embed.js" data-mutu-service="CODE" defer></script>
// Built once at start-up from static/embed.js with the widget's texts in every language of
// locales/ (embed.*), compressed once. It is the one script other origins may load
// (Cross-Origin-Resource-Policy: cross-origin); its URL never changes, so it is cached for an hour.

const TEXTS = /\/\*texts\*\/[\s\S]*?\/\*end\*\//;

/** static/embed.js with the embed.* texts of every language in place of its built-in default. */
function widgetSource(): string {
  const source = readFileSync(join(paths.static, 'embed.js'), 'utf8');
  const texts = Object.fromEntries(
    LANGUAGES.map((lang) => {
      const { t } = localize(lang);
      return [lang, { button: t('embed.button'), title: t('embed.title'), close: t('embed.close') }];
    }),
  );
  if (!TEXTS.test(source)) throw new Error('static/embed.js lost its /*texts*/ … /*end*/ marker');
  return source.replace(TEXTS, () => JSON.stringify(texts));
}

export function widgetRoutes(): Router {
  const raw = Buffer.from(widgetSource());
  const gzip = gzipSync(raw, { level: 9 });
  const br = brotliCompressSync(raw);
  const etag = `"${createHash('sha256').update(raw).digest('base64url').slice(0, 16)}"`;
  const router = Router();
  router.get(EMBED_SCRIPT_PATH, (req, res) => {
    loadableCrossOrigin(res);
    res.set({ 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600', ETag: etag, Vary: 'Accept-Encoding' });
    if (req.headers['if-none-match'] === etag) return void res.status(304).end();
    const accepted = req.acceptsEncodings('br', 'gzip', 'identity');
    const body = accepted === 'br' ? br : accepted === 'gzip' ? gzip : raw;
    if (body !== raw) res.set('Content-Encoding', accepted as string);
    res.set('Content-Length', String(body.length)).end(req.method === 'HEAD' ? undefined : body);
  });
  return router;
}
