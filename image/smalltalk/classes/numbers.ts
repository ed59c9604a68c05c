/** Number, Integer, Float, Fraction and ScaledDecimal protocol. */
import { K, char, fraction, point, str } from '../kernel.js';
import * as N from '../numbers.js';
import { decimalDigits, printInteger } from '../numprint.js';
import { StArray, StFraction, StInterval, StOrdered, StPoint, StScaled, StString, StChar, type StValue } from '../objects.js';
import { nativeBlock } from './nativeBlocks.js';
import type { Runtime } from '../runtime.js';
import { def, defClass } from './define.js';

type Num = N.Num;

/** What Pharo does with a non-number argument: ask it to adapt (Points do; others do not understand). */
function adapt(rt: Runtime, r: Num, sel: string, a: StValue): StValue {
  if (a instanceof StPoint) return rt.send(point(r, r), sel, [a]);
  if (a instanceof StArray || a instanceof StOrdered || a instanceof StInterval) {
    return rt.send(a, 'collect:', [collectWith(rt, r, sel)]);
  }
  if (a instanceof StString) return rt.send(r, sel, [rt.send(a, 'asNumber', [])]);
  const adaptSel = typeof r === 'bigint' ? 'adaptToInteger:andSend:' : typeof r === 'number' ? 'adaptToFloat:andSend:' : 'adaptToFraction:andSend:';
  return rt.send(a, adaptSel, [r, null]);
}

/** Arithmetic lives in the concrete classes, so error stacks read 'SmallInteger>>/' as in Pharo. */
const CONCRETE = [K.SmallInteger, K.LargePositiveInteger, K.Float, K.Fraction, K.ScaledDecimal];

function arith(sel: string, op: (a: Num, b: Num) => StValue, checkZero: boolean): void {
  def(K.Number, sel, (rt, r, [a]) => {
    const x = r as Num;
    if (!N.isNum(a as StValue)) return adapt(rt, x, sel, a as StValue);
    const y = a as Num;
    if (checkZero && N.isZero(y)) return rt.raise('ZeroDivide', null, { dividend: x });
    return op(x, y);
  });
  const m = K.Number.methods.get(sel);
  if (m) for (const c of CONCRETE) def(c, sel, m);
}

function comparison(sel: string, test: (c: number) => boolean): void {
  def(K.Number, sel, (rt, r, [a]) => {
    if (!N.isNum(a as StValue)) return adapt(rt, r as Num, sel, a as StValue);
    const c = N.compare(r as Num, a as Num);
    return Number.isNaN(c) ? false : test(c);
  });
  const m = K.Number.methods.get(sel);
  if (m) for (const c of CONCRETE) def(c, sel, m);
}

/** `[:each | receiver <sel> each]`, for `3 + #(1 2)`. */
function collectWith(rt: Runtime, r: Num, sel: string): StValue {
  return nativeBlock(1, (args) => rt.send(r, sel, [args[0] as StValue]));
}

const int = (rt: Runtime, v: StValue, what = 'an Integer'): bigint | null => {
  if (typeof v === 'bigint') return v;
  rt.raise('Error', `${what} expected`);
  return null;
};

function isPrime(n: bigint): boolean {
  if (n < 2n) return false;
  if (n < 4n) return true;
  if (n % 2n === 0n || n % 3n === 0n) return false;
  for (let i = 5n; i * i <= n; i += 6n) if (n % i === 0n || n % (i + 2n) === 0n) return false;
  return true;
}

export function installNumbers(): void {
  const Nm = K.Number;
  const I = K.Integer;
  const F = K.Float;
  arith('+', N.add, false);
  arith('-', N.sub, false);
  arith('*', N.mul, false);
  arith('/', N.div, true);
  arith('//', N.floorQuotient, true);
  arith('\\\\', N.floorModulo, true);
  arith('rem:', N.truncRemainder, true);
  arith('quo:', N.truncQuotient, true);
  comparison('<', (c) => c < 0);
  comparison('>', (c) => c > 0);
  comparison('<=', (c) => c <= 0);
  comparison('>=', (c) => c >= 0);
  def(Nm, 'max:', (rt, r, [a]) => (N.isNum(a as StValue) ? (N.compare(r as Num, a as Num) >= 0 ? r : (a as StValue)) : adapt(rt, r as Num, 'max:', a as StValue)));
  def(Nm, 'min:', (rt, r, [a]) => (N.isNum(a as StValue) ? (N.compare(r as Num, a as Num) <= 0 ? r : (a as StValue)) : adapt(rt, r as Num, 'min:', a as StValue)));
  def(Nm, 'between:and:', (_rt, r, [a, b]) => N.compare(r as Num, a as Num) >= 0 && N.compare(r as Num, b as Num) <= 0);
  def(Nm, 'abs', (_rt, r) => N.abs(r as Num));
  def(Nm, 'negated', (_rt, r) => N.negated(r as Num));
  def(Nm, 'sign', (_rt, r) => BigInt(N.sign(r as Num)));
  def(Nm, 'isZero', (_rt, r) => N.isZero(r as Num));
  def(Nm, 'negative', (_rt, r) => N.sign(r as Num) < 0);
  def(Nm, 'positive', (_rt, r) => N.sign(r as Num) >= 0);
  def(Nm, 'strictlyPositive', (_rt, r) => N.sign(r as Num) > 0);
  def(Nm, 'squared', (_rt, r) => N.mul(r as Num, r as Num));
  def(Nm, 'reciprocal', (rt, r) => (N.isZero(r as Num) ? rt.raise('ZeroDivide', null, { dividend: 1n }) : N.div(1n, r as Num)));
  def(Nm, ['raisedTo:', '**'], (rt, r, [a]) => {
    if (!N.isNum(a as StValue)) return adapt(rt, r as Num, 'raisedTo:', a as StValue);
    if (N.isZero(r as Num) && N.sign(a as Num) < 0) return rt.raise('ZeroDivide', null, { dividend: 1n });
    return N.raisedTo(r as Num, a as Num);
  });
  def(Nm, 'sqrt', (_rt, r) => Math.sqrt(N.toFloat(r as Num)));
  def(Nm, 'ln', (_rt, r) => Math.log(N.toFloat(r as Num)));
  def(Nm, 'log', (_rt, r) => Math.log10(N.toFloat(r as Num)));
  def(Nm, 'log:', (_rt, r, [b]) => Math.log(N.toFloat(r as Num)) / Math.log(N.toFloat(b as Num)));
  def(Nm, 'exp', (_rt, r) => Math.exp(N.toFloat(r as Num)));
  def(Nm, 'sin', (_rt, r) => Math.sin(N.toFloat(r as Num)));
  def(Nm, 'cos', (_rt, r) => Math.cos(N.toFloat(r as Num)));
  def(Nm, 'tan', (_rt, r) => Math.tan(N.toFloat(r as Num)));
  def(Nm, 'arcTan', (_rt, r) => Math.atan(N.toFloat(r as Num)));
  def(Nm, 'degreesToRadians', (_rt, r) => (N.toFloat(r as Num) * Math.PI) / 180);
  def(Nm, 'asFloat', (_rt, r) => N.toFloat(r as Num));
  def(Nm, ['asInteger', 'truncated'], (_rt, r) => N.truncated(r as Num));
  def(Nm, 'floor', (_rt, r) => N.floor(r as Num));
  def(Nm, 'ceiling', (_rt, r) => N.ceiling(r as Num));
  def(Nm, 'rounded', (_rt, r) => N.rounded(r as Num));
  def(Nm, 'fractionPart', (_rt, r) => N.sub(r as Num, N.truncated(r as Num)));
  def(Nm, 'integerPart', (_rt, r) => (typeof r === 'number' ? Math.trunc(r) : N.truncated(r as Num)));
  def(Nm, 'roundTo:', (_rt, r, [q]) => N.mul(N.rounded(N.div(r as Num, q as Num) as Num), q as Num));
  def(Nm, 'truncateTo:', (_rt, r, [q]) => N.mul(N.truncated(N.div(r as Num, q as Num) as Num), q as Num));
  def(Nm, 'even', (_rt, r) => N.isZero(N.floorModulo(r as Num, 2n) as Num));
  def(Nm, 'odd', (_rt, r) => !N.isZero(N.floorModulo(r as Num, 2n) as Num));
  def(Nm, 'isNaN', (_rt, r) => typeof r === 'number' && Number.isNaN(r));
  def(Nm, 'isInfinite', (_rt, r) => typeof r === 'number' && !Number.isFinite(r) && !Number.isNaN(r));
  def(Nm, 'isFinite', (_rt, r) => typeof r !== 'number' || Number.isFinite(r));
  def(Nm, '@', (_rt, r, [y]) => point(r, y as StValue));
  def(Nm, 'asPoint', (_rt, r) => point(r, r));
  def(Nm, 'to:', (_rt, r, [b]) => new StInterval(K.Interval, r, b as StValue, 1n));
  def(Nm, 'to:by:', (rt, r, [b, s]) => (N.isNum(s as StValue) && N.isZero(s as Num) ? rt.raise('DomainError', 'Zero size steps not allowed') : new StInterval(K.Interval, r, b as StValue, s as StValue)));
  def(Nm, 'to:do:', (rt, r, [b, blk]) => {
    for (let i: StValue = r; N.compare(i as Num, b as Num) <= 0; i = N.add(i as Num, 1n)) rt.callBlock(blk as StValue, [i]);
    return r;
  });
  def(Nm, 'to:by:do:', (rt, r, [b, s, blk]) => {
    if (N.isZero(s as Num)) return rt.raise('Error', 'step must not be zero');
    const up = N.sign(s as Num) > 0;
    for (let i: StValue = r; up ? N.compare(i as Num, b as Num) <= 0 : N.compare(i as Num, b as Num) >= 0; i = N.add(i as Num, s as Num)) {
      rt.callBlock(blk as StValue, [i]);
    }
    return r;
  });
  def(Nm, 'numerator', (_rt, r) => (r instanceof StFraction ? r.n : r));
  def(Nm, 'denominator', (_rt, r) => (r instanceof StFraction ? r.d : 1n));
  def(Nm, ['asExactFraction', 'asFraction'], (_rt, r) => {
    if (typeof r === 'number') {
      const [n, d] = N.floatToRatio(r);
      return fraction(n, d);
    }
    if (r instanceof StScaled) return fraction(r.n, r.d);
    return r;
  });
  def(Nm, 'asScaledDecimal:', (_rt, r, [s]) => N.asScaled(r as Num, Number(s)));
  def(Nm, 'printShowingDecimalPlaces:', (_rt, r, [p]) => {
    const places = Number(p);
    if (typeof r === 'number') {
      const [n, d] = N.floatToRatio(r);
      return str(decimalDigits(n, d, places));
    }
    const [n, d] = N.ratio(r as bigint | StFraction | StScaled);
    return str(decimalDigits(n, d, places));
  });
  def(Nm, 'isNumber', () => true);

  def(I, 'factorial', (rt, r) => {
    const n = r as bigint;
    if (n < 0n) return rt.raise('Error', 'Not valid for negative integers');
    if (n > 1_000_000n) return rt.raise('OutOfMemory', 'Integer too large');
    let f = 1n;
    for (let i = 2n; i <= n; i++) {
      f *= i;
      if ((i & 255n) === 0n) rt.tick();
    }
    return f;
  });
  def(I, 'gcd:', (rt, r, [a]) => {
    const b = int(rt, a as StValue);
    return b === null ? null : N.gcdBig(r as bigint, b);
  });
  def(I, 'lcm:', (rt, r, [a]) => {
    const b = int(rt, a as StValue);
    if (b === null) return null;
    const x = r as bigint;
    if (x === 0n || b === 0n) return 0n;
    const l = (x * b) / N.gcdBig(x, b);
    return l < 0n ? -l : l;
  });
  def(I, 'isPrime', (_rt, r) => isPrime(r as bigint));
  def(I, 'isProbablyPrime', (_rt, r) => isPrime(r as bigint));
  def(I, 'sqrtFloor', (_rt, r) => N.isqrt(r as bigint));
  def(I, 'isPowerOfTwo', (_rt, r) => (r as bigint) > 0n && ((r as bigint) & ((r as bigint) - 1n)) === 0n);
  def(I, 'highBit', (_rt, r) => BigInt((r as bigint).toString(2).replace('-', '').length));
  def(I, 'bitAnd:', (rt, r, [a]) => (typeof a === 'bigint' ? (r as bigint) & a : rt.raise('Error', 'an Integer expected')));
  def(I, 'bitOr:', (rt, r, [a]) => (typeof a === 'bigint' ? (r as bigint) | a : rt.raise('Error', 'an Integer expected')));
  def(I, 'bitXor:', (rt, r, [a]) => (typeof a === 'bigint' ? (r as bigint) ^ a : rt.raise('Error', 'an Integer expected')));
  def(I, 'bitInvert', (_rt, r) => ~(r as bigint));
  def(I, 'bitAt:', (_rt, r, [i]) => ((r as bigint) >> ((i as bigint) - 1n)) & 1n);
  const shiftLeft = (rt: Runtime, r: bigint, a: StValue): StValue => {
    if (typeof a !== 'bigint') return rt.raise('Error', 'an Integer expected');
    if (a > BigInt(N.MAX_BITS)) return rt.raise('OutOfMemory', 'Integer too large');
    return a >= 0n ? r << a : r >> -a;
  };
  def(I, 'bitShift:', (rt, r, [a]) => shiftLeft(rt, r as bigint, a as StValue));
  def(I, '<<', (rt, r, [a]) => shiftLeft(rt, r as bigint, a as StValue));
  def(I, '>>', (_rt, r, [a]) => (r as bigint) >> (a as bigint));
  def(I, 'timesRepeat:', (rt, r, [b]) => {
    for (let i = 1n; i <= (r as bigint); i++) rt.callBlock(b as StValue, []);
    return r;
  });
  def(I, ['printString:', 'printStringBase:', 'radix:'], (rt, r, [b]) => {
    const base = Number(b);
    if (!(base >= 2 && base <= 36)) return rt.raise('Error', 'base must be between 2 and 36');
    return str(printInteger(r as bigint, base));
  });
  def(I, ['printStringRadix:', 'storeString:'], (_rt, r, [b]) => {
    const v = r as bigint;
    return str(`${v < 0n ? '-' : ''}${Number(b)}r${printInteger(v < 0n ? -v : v, Number(b))}`);
  });
  def(I, 'printStringHex', (_rt, r) => str(printInteger(r as bigint, 16)));
  def(I, 'hex', (_rt, r) => {
    const v = r as bigint;
    return str(`${v < 0n ? '-' : ''}16r${printInteger(v < 0n ? -v : v, 16)}`);
  });
  def(I, 'printString:base:', (_rt, r, [b]) => str(printInteger(r as bigint, Number(b))));
  def(I, 'printPaddedWith:to:', (_rt, r, [c, w]) => {
    const v = r as bigint;
    const digits = (v < 0n ? -v : v).toString();
    const pad = String.fromCodePoint((c as StChar).code);
    return str((v < 0n ? '-' : '') + digits.padStart(Number(w) - (v < 0n ? 1 : 0), pad));
  });
  def(I, ['asCharacter', 'asCharacterOrNil'], (_rt, r) => char(Number(r)));
  def(I, 'isInteger', () => true);
  def(I, 'atRandom', (_rt, r) => BigInt(1 + Math.floor(Math.random() * Number(r))));
  def(I, 'numberOfDigitsInBase:', (_rt, r, [b]) => BigInt(((r as bigint) < 0n ? -(r as bigint) : (r as bigint)).toString(Number(b)).length));
  def(I, 'asWords', (_rt, r) => str(String(r)));

  def(F, 'isFloat', () => true);
  def(F, 'truncated', (rt, r) => (Number.isFinite(r as number) ? BigInt(Math.trunc(r as number)) : rt.raise('Error', 'Cannot truncate a non-finite Float')));
  def(F, 'rounded', (rt, r) => (Number.isFinite(r as number) ? N.rounded(r as number) : rt.raise('Error', 'Cannot round a non-finite Float')));
  defClass(F, 'pi', () => Math.PI);
  defClass(F, 'e', () => Math.E);
  defClass(F, 'infinity', () => Infinity);
  defClass(F, 'negativeInfinity', () => -Infinity);
  defClass(F, 'nan', () => NaN);
  defClass(F, 'fmax', () => Number.MAX_VALUE);
  defClass(F, 'fminNormalized', () => 2.2250738585072014e-308);
  defClass(F, 'epsilon', () => Number.EPSILON);
  defClass(K.SmallInteger, 'maxVal', () => (1n << 60n) - 1n);
  defClass(K.SmallInteger, 'minVal', () => -(1n << 60n));
  defClass(K.Fraction, 'numerator:denominator:', (rt, _r, [n, d]) =>
    d === 0n ? rt.raise('ZeroDivide', null, { dividend: n as StValue }) : fraction(n as bigint, d as bigint));
  defClass(K.Number, 'readFrom:', (rt, _r, [s]) => rt.send(s as StValue, 'asNumber', []));
  def(K.Fraction, 'isFraction', (_rt, r) => !(r instanceof StScaled));
  def(K.ScaledDecimal, 'scale', (_rt, r) => BigInt((r as StScaled).scale));
}
