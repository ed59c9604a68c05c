/**
 * Number printStrings as Pharo writes them. Floats use the shortest digits that read back to the
 * same value (what Pharo's absPrintExactlyOn:base: produces) and switch to exponent notation
 * outside 1.0e-4 ≤ |x| < 1.0e6 (Pharo's `baseExpEstimate between: -3 and: 6`).
 */
import type { StFraction, StScaled } from './objects.js';

export function printFloat(x: number): string {
  if (Number.isNaN(x)) return 'Float nan';
  if (x === Infinity) return 'Float infinity';
  if (x === -Infinity) return 'Float infinity negated';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mant, expText] = Math.abs(x).toExponential().split('e');
  const digits = (mant as string).replace('.', '');
  const exp = Number(expText);
  if (exp >= -4 && exp <= 5) {
    if (exp >= 0) {
      const intLen = exp + 1;
      const intPart = digits.length >= intLen ? digits.slice(0, intLen) : digits + '0'.repeat(intLen - digits.length);
      const frac = digits.slice(intLen) || '0';
      return `${sign}${intPart}.${frac}`;
    }
    return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}e${exp}`;
}

export function printInteger(v: bigint, radix = 10): string {
  return v.toString(radix).toUpperCase();
}

export function printFraction(f: StFraction): string {
  return `(${f.n}/${f.d})`;
}

/** `scale` decimals, the last one rounded half away from zero, then `s<scale>`. */
export function printScaled(s: StScaled): string {
  return `${decimalDigits(s.n, s.d, s.scale)}s${s.scale}`;
}

export function decimalDigits(n: bigint, d: bigint, places: number): string {
  const negative = n < 0n;
  const an = negative ? -n : n;
  const factor = 10n ** BigInt(places);
  const scaledValue = (2n * an * factor + d) / (2n * d);
  let text = scaledValue.toString();
  if (places > 0) {
    text = text.padStart(places + 1, '0');
    text = `${text.slice(0, text.length - places)}.${text.slice(text.length - places)}`;
  }
  return (negative && scaledValue !== 0n ? '-' : '') + text;
}
