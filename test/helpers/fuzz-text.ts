import fc from 'fast-check';

// The text of the fuzz (issue 12): strings that break things (NUL, bidi controls, script, SQL,
// template syntax, odd digits, absurd dates and periods, huge ones) and how they go on the wire:
// percent-encoded byte by byte (a lone surrogate as U+FFFD), or as deliberately broken escapes.

const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '3\u0000',
  '\u202Egnp.exe\u202C',
  '\u2066\u2067\u2068\u2069',
  '\u200B\u200D\uFEFF',
  '\r\n\t',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1",
  '1; DROP TABLE responses; --',
  "1' UNION SELECT password_hash FROM users --",
  '${7*7}{{7*7}}<%= 7*7 %>',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'Ω≈ç√∫˜µ≤≥÷',
  '👍🏽👨‍👩‍👧‍👦🇮🇩',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '٣',
  '３',
  '1.0',
  '1e3',
  '-1',
  '0',
  '5',
  '4 ',
  '0x3',
  'NaN',
  'Infinity',
  'null',
  'true',
  '[]',
  '{}',
  'na',
  'L',
  'sma',
  'not_served',
  'gave_up',
  'full',
  '9999-99',
  '0000-Q9',
  '2026-13',
  '2026-Q5',
  '2026-S3',
  '2026-02-30',
  '-2026-01',
  '99999-01-01',
  '2026-1-1',
  '1970-01-01',
  '2100-12-31',
  '2026-07',
  '2026-Q1',
  '2025',
  '2026-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
];

/** Percent-encoding sent as is: broken escapes, overlong and surrogate UTF-8, stray separators. */
const RAW_BAD = ['%', '%%', '%zz', '%4', '%C0%AF', '%FF%FE', '%E0%80', '%ED%A0%80', '%00', '%F4%90%80%80', '+', '&&', '=', '==', ';', '%26%3D'];

export const nastyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 990, max: 3000 }).map((n) => 'é'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

/** Percent-encodes every byte outside the unreserved set (a lone surrogate becomes U+FFFD's bytes). */
export function enc(text: string): string {
  let out = '';
  for (const b of Buffer.from(text, 'utf8'))
    out += /[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/** A wire piece: encoded text, or a raw broken escape. */
export const piece: fc.Arbitrary<string> = fc.oneof({ weight: 5, arbitrary: nastyText.map(enc) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_BAD) });
