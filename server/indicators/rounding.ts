/**
 * Display/classification rounding: 2 decimals, half up on the DECIMAL value.
 * Binary floats store 88.305 as 88.30499999999999…; going through a 15-significant-digit decimal
 * string first recovers the decimal the value stands for, so 88.305 → 88.31, 1.005 → 1.01.
 */

/**
 * Round to 2 decimals, ties away from zero (Java's ROUND_HALF_UP; for the non-negative figures
 * of this module that is plain "half up"). Non-finite values are returned as they are; values of
 * 1e15 and above carry no meaningful decimals in a double and are returned unchanged.
 */
export function round2(x: number): number {
  if (!Number.isFinite(x)) return x;
  const abs = Math.abs(x);
  if (abs >= 1e15) return x;
  if (abs < 0.001) return 0;
  const text = abs.toPrecision(15); // fixed notation for 1e-3 <= abs < 1e15
  const [intPart = '0', fracPart = ''] = text.split('.');
  const frac = fracPart.padEnd(3, '0');
  let cents = BigInt(intPart + frac.slice(0, 2));
  if (frac.charCodeAt(2) >= 53 /* '5' */) cents += 1n;
  const digits = cents.toString().padStart(3, '0');
  const value = Number(`${digits.slice(0, -2)}.${digits.slice(-2)}`);
  return x < 0 && value !== 0 ? -value : value;
}

/** round2 with null passed through. */
export function round2OrNull(x: number | null): number | null {
  return x === null ? null : round2(x);
}
