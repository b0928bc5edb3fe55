import QRCode from 'qrcode';
import type { Config } from '../config.js';
import { counterUrl, surveyUrl } from '../urls.js';

// QR codes (contract "Reach"): always an absolute URL built from PUBLIC_URL, error correction M
// (about 15% of the code may be damaged or covered and it still reads), a quiet zone of 4 modules.

const OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** The QR code as an SVG document (vector: it prints sharp at any size); `size` in px for width/height. */
export function qrSvg(text: string, size = 320): Promise<string> {
  return QRCode.toString(text, { ...OPTIONS, type: 'svg', width: size });
}

/** The QR code as a PNG (for messaging apps), `size` px wide. */
export function qrPng(text: string, size = 640): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...OPTIONS, type: 'png', width: size });
}

/** An app path as an absolute address under PUBLIC_URL. */
export function absoluteUrl(config: Pick<Config, 'publicUrl'>, path: string): string {
  return `${config.publicUrl}${path}`;
}

/** What a service's plain QR code says: its survey link with ?ch=qr. */
export const surveyQrTarget = (config: Pick<Config, 'publicUrl'>, code: string): string => absoluteUrl(config, surveyUrl(code, { ch: 'qr' }));

/** What a counter link's QR code says: its /k/ address. */
export const counterQrTarget = (config: Pick<Config, 'publicUrl'>, token: string): string => absoluteUrl(config, counterUrl(token));

export interface PublicUrlWarnings {
  /** PUBLIC_URL unset, or a loopback address: printed codes will not open on citizens' phones */
  local: boolean;
  /** plain http on a non-local host: the widget on an https site and the kiosk's offline mode will not work */
  insecure: boolean;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;

/** What the reach and poster pages warn about PUBLIC_URL. */
export function publicUrlWarnings(config: Pick<Config, 'publicUrl' | 'publicUrlSet'>): PublicUrlWarnings {
  const url = new URL(config.publicUrl);
  const local = !config.publicUrlSet || LOOPBACK.test(url.hostname) || url.hostname.endsWith('.localhost');
  return { local, insecure: !local && url.protocol === 'http:' };
}
