/** Interval elements, computed as Pharo's Interval>>do: does (start + (i * step)). */
import { add, compare, isNum, mul, sign, sub, floorQuotient, type Num } from './numbers.js';
import type { StInterval, StValue } from './objects.js';

export function intervalSize(iv: StInterval): number {
  const { from, to, by } = iv;
  if (!isNum(from) || !isNum(to) || !isNum(by)) return 0;
  const s = sign(by);
  if (s === 0) return 0;
  const diff = sub(to, from) as Num;
  if (s > 0 ? compare(to, from) < 0 : compare(to, from) > 0) return 0;
  const q = floorQuotient(diff, by);
  return Number(q) + 1;
}

export function intervalAt(iv: StInterval, index: number): StValue {
  return add(iv.from as Num, mul(BigInt(index - 1), iv.by as Num) as Num);
}

/** Enumerating more elements than this at once would exhaust memory; it fails as OutOfMemory. */
const MAX_ITEMS = 16_000_000;

export function intervalItems(iv: StInterval): StValue[] {
  const n = intervalSize(iv);
  if (n > MAX_ITEMS) throw new RangeError(`Interval too large to enumerate (${n} elements)`);
  const out: StValue[] = new Array<StValue>(n);
  for (let i = 0; i < n; i++) out[i] = intervalAt(iv, i + 1);
  return out;
}
