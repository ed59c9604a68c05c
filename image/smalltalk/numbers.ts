/**
 * The numeric tower: Integer (bigint), Fraction, ScaledDecimal, Float (number), with Pharo's
 * coercion rules: Float wins, ScaledDecimal beats Fraction and Integer, exact results normalise.
 */
import { fraction, scaled } from './kernel.js';
import { StFraction, StScaled, type StValue } from './objects.js';

export type Num = bigint | number | StFraction | StScaled;

export function isNum(v: StValue): v is Num {
  return typeof v === 'bigint' || typeof v === 'number' || v instanceof StFraction || v instanceof StScaled;
}

export function toFloat(v: Num): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return ratioToFloat(v.n, v.d);
}

function bitLength(n: bigint): number {
  return (n < 0n ? -n : n).toString(2).length;
}

export function ratioToFloat(n: bigint, d: bigint): number {
  const fn = Number(n);
  const fd = Number(d);
  if (Number.isFinite(fn) && Number.isFinite(fd) && Math.abs(fn) < 2 ** 53 && fd < 2 ** 53) return fn / fd;
  // Scale both to about 64 significant bits before dividing, so huge terms do not overflow.
  const shift = Math.max(bitLength(n), bitLength(d)) - 64;
  if (shift <= 0) return fn / fd;
  const s = BigInt(shift);
  const d2 = d >> s;
  if (d2 === 0n) return Number(n / d);
  return Number(n >> s) / Number(d2);
}

/** The exact value of a finite float as n/d. */
export function floatToRatio(x: number): [bigint, bigint] {
  if (Number.isInteger(x)) return [BigInt(x), 1n];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const negative = hi >>> 31 === 1;
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  let n = mant;
  let d = 1n << BigInt(-e);
  while ((n & 1n) === 0n && d > 1n) {
    n >>= 1n;
    d >>= 1n;
  }
  return [negative ? -n : n, d];
}

/** n/d of an exact number. */
export function ratio(v: bigint | StFraction | StScaled): [bigint, bigint] {
  return typeof v === 'bigint' ? [v, 1n] : [v.n, v.d];
}

const scaleOf = (v: Num): number | null => (v instanceof StScaled ? v.scale : null);

function exactResult(n: bigint, d: bigint, a: Num, b: Num): StValue {
  const sa = scaleOf(a);
  const sb = scaleOf(b);
  if (sa !== null || sb !== null) return scaled(n, d, Math.max(sa ?? 0, sb ?? 0));
  return fraction(n, d);
}

export function add(a: Num, b: Num): StValue {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a + b;
  if (typeof a === 'number' || typeof b === 'number') return toFloat(a) + toFloat(b);
  const [an, ad] = ratio(a);
  const [bn, bd] = ratio(b);
  return exactResult(an * bd + bn * ad, ad * bd, a, b);
}

export function sub(a: Num, b: Num): StValue {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a - b;
  if (typeof a === 'number' || typeof b === 'number') return toFloat(a) - toFloat(b);
  const [an, ad] = ratio(a);
  const [bn, bd] = ratio(b);
  return exactResult(an * bd - bn * ad, ad * bd, a, b);
}

const HALF_LIMIT = 1n << 2_097_152n;
const NEG_HALF_LIMIT = -HALF_LIMIT;

export function mul(a: Num, b: Num): StValue {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    const huge = a > HALF_LIMIT || a < NEG_HALF_LIMIT || b > HALF_LIMIT || b < NEG_HALF_LIMIT;
    if (huge && bitLength(a) + bitLength(b) > MAX_BITS) throw new RangeError('Maximum BigInt size exceeded');
    return a * b;
  }
  if (typeof a === 'number' || typeof b === 'number') return toFloat(a) * toFloat(b);
  const [an, ad] = ratio(a);
  const [bn, bd] = ratio(b);
  return exactResult(an * bn, ad * bd, a, b);
}

/** Caller has ruled out a zero divisor. */
export function div(a: Num, b: Num): StValue {
  if (typeof a === 'number' || typeof b === 'number') return toFloat(a) / toFloat(b);
  const [an, ad] = ratio(a);
  const [bn, bd] = ratio(b);
  return exactResult(an * bd, ad * bn, a, b);
}

export function isZero(v: Num): boolean {
  if (typeof v === 'bigint') return v === 0n;
  if (typeof v === 'number') return v === 0;
  return v.n === 0n;
}

/** -1, 0, 1, or NaN when unordered (a NaN is involved). Exact across kinds, as Pharo compares. */
export function compare(a: Num, b: Num): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  if (typeof a === 'number' || typeof b === 'number') {
    const f = typeof a === 'number' ? a : (b as number);
    if (Number.isNaN(f)) return NaN;
    if (!Number.isFinite(f)) {
      const sign = f > 0 ? 1 : -1;
      return typeof a === 'number' ? sign : -sign;
    }
  }
  const [an, ad] = typeof a === 'number' ? floatToRatio(a) : ratio(a);
  const [bn, bd] = typeof b === 'number' ? floatToRatio(b) : ratio(b);
  const l = an * bd;
  const r = bn * ad;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function negated(v: Num): StValue {
  if (typeof v === 'bigint') return -v;
  if (typeof v === 'number') return -v;
  if (v instanceof StScaled) return scaled(-v.n, v.d, v.scale);
  return fraction(-v.n, v.d);
}

export function sign(v: Num): number {
  if (typeof v === 'bigint') return v > 0n ? 1 : v < 0n ? -1 : 0;
  if (typeof v === 'number') return v > 0 ? 1 : v < 0 ? -1 : 0;
  return v.n > 0n ? 1 : v.n < 0n ? -1 : 0;
}

export function abs(v: Num): StValue {
  return sign(v) < 0 ? negated(v) : v;
}

function floorDivBig(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && a < 0n !== b < 0n) ? q - 1n : q;
}

export function truncated(v: Num): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  return v.n / v.d;
}

export function floor(v: Num): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.floor(v));
  return floorDivBig(v.n, v.d);
}

export function ceiling(v: Num): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.ceil(v));
  return -floorDivBig(-v.n, v.d);
}

/** Rounds half away from zero, as Pharo's `rounded` does. */
export function rounded(v: Num): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.sign(v) * Math.floor(Math.abs(v) + 0.5));
  const twice = (2n * (v.n < 0n ? -v.n : v.n) + v.d) / (2n * v.d);
  return v.n < 0n ? -twice : twice;
}

/** `//`: quotient rounded toward negative infinity. Divisor is non-zero. */
export function floorQuotient(a: Num, b: Num): StValue {
  if (typeof a === 'bigint' && typeof b === 'bigint') return floorDivBig(a, b);
  const q = div(a, b) as Num;
  return floor(q);
}

/** `\\`: remainder with the divisor's sign. */
export function floorModulo(a: Num, b: Num): StValue {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a - floorDivBig(a, b) * b;
  return sub(a, mul(b, floorQuotient(a, b) as Num) as Num);
}

export function truncQuotient(a: Num, b: Num): StValue {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a / b;
  return truncated(div(a, b) as Num);
}

export function truncRemainder(a: Num, b: Num): StValue {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a % b;
  return sub(a, mul(b, truncQuotient(a, b) as Num) as Num);
}

export function gcdBig(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Results beyond this many bits fail as OutOfMemory instead of stalling the evaluation. */
export const MAX_BITS = 1 << 22;

/** Exact power for exact bases and integer exponents; Float otherwise. */
export function raisedTo(base: Num, exp: Num): StValue {
  if (typeof exp === 'bigint' && typeof base !== 'number') {
    const e = exp < 0n ? -exp : exp;
    const [n, d] = ratio(base);
    const bits = Math.max(bitLength(n), bitLength(d));
    if (bits > 1 && Number(e) * (bits - 1) > MAX_BITS) throw new RangeError('Maximum BigInt size exceeded');
    const r = exactResult(n ** e, d ** e, base, base);
    if (exp >= 0n) return r;
    const [rn, rd] = ratio(r as bigint | StFraction | StScaled);
    return exactResult(rd, rn, base, base);
  }
  return Math.pow(toFloat(base), toFloat(exp));
}

/** Integer square root (floor). */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

export function asScaled(v: Num, scale: number): StValue {
  if (typeof v === 'number') {
    const [n, d] = floatToRatio(v);
    return scaled(n, d, scale);
  }
  const [n, d] = ratio(v);
  return scaled(n, d, scale);
}

