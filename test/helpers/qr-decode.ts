import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// Reads QR codes back from PNG images (jsqr, pngjs), for the QR and poster tests.

interface Point {
  x: number;
  y: number;
}
export interface DecodedQr {
  data: string;
  location: { topLeftCorner: Point; topRightCorner: Point; bottomLeftCorner: Point; bottomRightCorner: Point };
}
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => DecodedQr | null;

// jsqr is CommonJS with an ES default export in its types: take whichever the loader hands over
const jsQR = ((jsQRModule as unknown as { default?: JsQr }).default ?? jsQRModule) as unknown as JsQr;

/** The QR code in a PNG (its text and corners), or null when none reads. */
export function decodePng(png: Buffer): (DecodedQr & { width: number; height: number }) | null {
  const img = PNG.sync.read(png);
  const found = jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height);
  return found ? { ...found, width: img.width, height: img.height } : null;
}
