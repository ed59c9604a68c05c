/** SequenceableCollection protocol (Array, OrderedCollection, Interval, String...) and their classes. */
import { stEquals } from '../equality.js';
import { K, arr } from '../kernel.js';
import { intervalAt, intervalSize } from '../intervals.js';
import * as N from '../numbers.js';
import { StArray, StByteArray, StClass, StInterval, StOrdered, StString, StSymbol, StChar, type StValue } from '../objects.js';
import type { Runtime } from '../runtime.js';
import { elementsOf, like, sortItems } from './collections.js';
import { def, defClass } from './define.js';

const els = (v: StValue): StValue[] => elementsOf(v) ?? [];

/** Larger allocations fail as OutOfMemory rather than exhausting the process. */
export const MAX_ELEMENTS = 16_000_000n;

/**
 * Pharo's Object>>errorSubscriptBounds: signals with the index only; the collection becomes the
 * signaler, so the text reads '10 in #(1 2 3)'.
 */
export function outOfBounds(rt: Runtime, coll: StValue, index: StValue): StValue {
  return rt.raise('SubscriptOutOfBounds', null, { subscript: index, signaler: coll });
}

function readOnlyError(rt: Runtime, coll: StValue, index: StValue, value: StValue): StValue {
  return rt.raise('ModificationForbidden', null, { object: coll, fieldIndex: index, newValue: value, retrySelector: null });
}

/** 1-based element access shared by every sequenceable collection. */
export function seqAt(rt: Runtime, r: StValue, index: StValue): StValue {
  if (typeof index !== 'bigint') {
    if (N.isNum(index)) return seqAt(rt, r, N.truncated(index));
    return rt.raise('Error', 'Index value must be an integer');
  }
  const i = Number(index);
  if (r instanceof StInterval) {
    const n = intervalSize(r);
    return i >= 1 && i <= n ? intervalAt(r, i) : outOfBounds(rt, r, index);
  }
  const items = els(r);
  return i >= 1 && i <= items.length ? (items[i - 1] as StValue) : outOfBounds(rt, r, index);
}

function seqAtPut(rt: Runtime, r: StValue, index: StValue, value: StValue): StValue {
  if (typeof index !== 'bigint') return rt.raise('Error', 'Index value must be an integer');
  const i = Number(index);
  if (r instanceof StArray || r instanceof StOrdered) {
    if (r instanceof StArray && r.readOnly) return readOnlyError(rt, r, index, value);
    if (i < 1 || i > r.items.length) return outOfBounds(rt, r, index);
    r.items[i - 1] = value;
    return value;
  }
  if (r instanceof StString) {
    if (r.readOnly) return readOnlyError(rt, r, index, value);
    if (!(value instanceof StChar)) return rt.raise('Error', 'Improper store into indexable object');
    const chars = Array.from(r.chars);
    if (i < 1 || i > chars.length) return outOfBounds(rt, r, index);
    chars[i - 1] = String.fromCodePoint(value.code);
    r.chars = chars.join('');
    return value;
  }
  if (r instanceof StByteArray) {
    if (r.readOnly) return readOnlyError(rt, r, index, value);
    if (i < 1 || i > r.bytes.length) return outOfBounds(rt, r, index);
    if (typeof value !== 'bigint' || value < 0n || value > 255n) return rt.raise('Error', 'Improper store into indexable object');
    r.bytes[i - 1] = Number(value);
    return value;
  }
  if (r instanceof StSymbol) return readOnlyError(rt, r, index, value);
  return rt.raise('Error', `Instances of ${(r as { cls: StClass }).cls.name} are not indexable`);
}

export function indexOf(r: StValue, x: StValue): number {
  return els(r).findIndex((e) => stEquals(e, x)) + 1;
}

function copyRange(rt: Runtime, r: StValue, from: number, to: number): StValue {
  const items = els(r);
  if (to < from) return like(rt, r, []);
  if (from < 1 || from > items.length + 1) return outOfBounds(rt, r, BigInt(from));
  if (to > items.length) return outOfBounds(rt, r, BigInt(to));
  return like(rt, r, items.slice(from - 1, to));
}


export function installSequences(): void {
  const Sq = K.SequenceableCollection;
  def(Sq, 'do:', (rt, r, [b]) => {
    for (const e of els(r)) rt.callBlock(b as StValue, [e]);
    return r;
  });
  def(Sq, 'at:', (rt, r, [i]) => seqAt(rt, r, i as StValue));
  def(Sq, 'at:put:', (rt, r, [i, v]) => seqAtPut(rt, r, i as StValue, v as StValue));
  def(Sq, 'at:ifAbsent:', (rt, r, [i, b]) => {
    const n = els(r).length;
    return typeof i === 'bigint' && i >= 1n && i <= BigInt(n) ? seqAt(rt, r, i) : rt.callBlock(b as StValue, []);
  });
  const nth = (n: number) => (rt: Runtime, r: StValue): StValue => {
    const items = els(r);
    if (items.length === 0) return rt.raise('CollectionIsEmpty', null, { collection: r });
    return items.length >= n ? (items[n - 1] as StValue) : outOfBounds(rt, r, BigInt(n));
  };
  def(Sq, 'first', nth(1));
  def(Sq, 'second', nth(2));
  def(Sq, 'third', nth(3));
  def(Sq, 'last', (rt, r) => {
    const items = els(r);
    return items.length ? (items[items.length - 1] as StValue) : rt.raise('CollectionIsEmpty', null, { collection: r });
  });
  def(Sq, 'first:', (rt, r, [n]) => copyRange(rt, r, 1, Number(n)));
  def(Sq, 'last:', (rt, r, [n]) => copyRange(rt, r, els(r).length - Number(n) + 1, els(r).length));
  def(Sq, 'allButFirst', (rt, r) => like(rt, r, els(r).slice(1)));
  def(Sq, 'allButLast', (rt, r) => like(rt, r, els(r).slice(0, -1)));
  def(Sq, 'allButFirst:', (rt, r, [n]) => like(rt, r, els(r).slice(Number(n))));
  def(Sq, 'allButLast:', (rt, r, [n]) => like(rt, r, els(r).slice(0, Math.max(0, els(r).length - Number(n)))));
  def(Sq, 'copyFrom:to:', (rt, r, [a, b]) => copyRange(rt, r, Number(a), Number(b)));
  def(Sq, 'indexOf:', (_rt, r, [x]) => BigInt(indexOf(r, x as StValue)));
  def(Sq, 'indexOf:ifAbsent:', (rt, r, [x, b]) => {
    const i = indexOf(r, x as StValue);
    return i > 0 ? BigInt(i) : rt.callBlock(b as StValue, []);
  });
  def(Sq, ['reversed', 'reverse'], (rt, r) => like(rt, r, [...els(r)].reverse()));
  def(Sq, 'reverseDo:', (rt, r, [b]) => {
    for (const e of [...els(r)].reverse()) rt.callBlock(b as StValue, [e]);
    return r;
  });
  def(Sq, ['doWithIndex:', 'withIndexDo:'], (rt, r, [b]) => {
    els(r).forEach((e, i) => rt.callBlock(b as StValue, [e, BigInt(i + 1)]));
    return r;
  });
  def(Sq, 'keysAndValuesDo:', (rt, r, [b]) => {
    els(r).forEach((e, i) => rt.callBlock(b as StValue, [BigInt(i + 1), e]));
    return r;
  });
  def(Sq, ['withIndexCollect:', 'collectWithIndex:'], (rt, r, [b]) => like(rt, r, els(r).map((e, i) => rt.callBlock(b as StValue, [e, BigInt(i + 1)])), true));
  def(Sq, 'with:collect:', (rt, r, [o, b]) => {
    const other = els(o as StValue);
    if (other.length !== els(r).length) return rt.raise('Error', 'otherCollection must be the same size');
    return like(rt, r, els(r).map((e, i) => rt.callBlock(b as StValue, [e, other[i] as StValue])), true);
  });
  def(Sq, 'with:do:', (rt, r, [o, b]) => {
    const other = els(o as StValue);
    if (other.length !== els(r).length) return rt.raise('Error', 'otherCollection must be the same size');
    els(r).forEach((e, i) => rt.callBlock(b as StValue, [e, other[i] as StValue]));
    return r;
  });
  def(Sq, 'keys', (_rt, r) => new StInterval(K.Interval, 1n, BigInt(els(r).length), 1n));
  def(Sq, ',', (rt, r, [o]) => {
    const other = elementsOf(o as StValue);
    if (!other) return rt.raise('Error', 'a collection expected');
    return like(rt, r, [...els(r), ...other]);
  });
  def(Sq, 'copyWith:', (rt, r, [x]) => like(rt, r, [...els(r), x as StValue]));
  def(Sq, 'copyWithout:', (rt, r, [x]) => like(rt, r, els(r).filter((e) => !stEquals(e, x as StValue))));
  def(Sq, 'copyReplaceAll:with:', (rt, r, [a, b]) => {
    const items = els(r);
    const pat = els(a as StValue);
    const rep = els(b as StValue);
    const out: StValue[] = [];
    for (let i = 0; i < items.length; ) {
      if (pat.length && pat.every((p, j) => stEquals(items[i + j] as StValue, p))) {
        out.push(...rep);
        i += pat.length;
      } else out.push(items[i++] as StValue);
    }
    return like(rt, r, out);
  });
  def(Sq, 'sort', (rt, r) => sortInPlace(rt, r, null));
  def(Sq, 'sort:', (rt, r, [b]) => sortInPlace(rt, r, b as StValue));
  def(Sq, 'swap:with:', (rt, r, [i, j]) => {
    const a = seqAt(rt, r, i as StValue);
    const b = seqAt(rt, r, j as StValue);
    seqAtPut(rt, r, i as StValue, b);
    seqAtPut(rt, r, j as StValue, a);
    return r;
  });
  def(Sq, 'atAllPut:', (rt, r, [v]) => {
    els(r).forEach((_e, i) => seqAtPut(rt, r, BigInt(i + 1), v as StValue));
    return r;
  });
  def(Sq, 'isSequenceable', () => true);
  def(Sq, 'asArray', (_rt, r) => arr([...els(r)]));

  defClass(K.ArrayedCollection, 'new', (_rt, r) => newArrayed(r as StClass, 0));
  const checkedSize = (rt: Runtime, n: StValue | undefined): number | StValue => {
    if (!(typeof n === 'bigint' && n >= 0n)) return rt.raise('Error', 'a non-negative Integer expected');
    if (n > MAX_ELEMENTS) return rt.raise('OutOfMemory', `Cannot allocate ${n} elements`);
    return Number(n);
  };
  defClass(K.ArrayedCollection, 'new:', (rt, r, [n]) => {
    const size = checkedSize(rt, n);
    return typeof size === 'number' ? newArrayed(r as StClass, size) : size;
  });
  defClass(K.ArrayedCollection, 'new:withAll:', (rt, r, [n, v]) => {
    const size = checkedSize(rt, n);
    if (typeof size !== 'number') return size;
    const a = newArrayed(r as StClass, size);
    // Filled in one step where the storage allows it: a String is one JS string, and storing
    // into it element by element would copy it once per element.
    if (a instanceof StString && v instanceof StChar) {
      a.chars = String.fromCodePoint(v.code).repeat(size);
      return a;
    }
    if (a instanceof StArray) {
      a.items.fill(v as StValue);
      return a;
    }
    for (let i = 1; i <= size; i++) seqAtPut(rt, a, BigInt(i), v as StValue);
    return a;
  });
  defClass(K.ArrayedCollection, 'withAll:', (rt, r, [src]) => like(rt, newArrayed(r as StClass, 0), [...els(src as StValue)]));

}

function newArrayed(cls: StClass, n: number): StValue {
  if (cls.includesBehavior(K.String)) return new StString(K.ByteString, '\u0000'.repeat(n));
  if (cls.includesBehavior(K.ByteArray)) return new StByteArray(K.ByteArray, new Array<number>(n).fill(0));
  return new StArray(cls, new Array<StValue>(n).fill(null));
}

function sortInPlace(rt: Runtime, r: StValue, block: StValue): StValue {
  if (r instanceof StArray || r instanceof StOrdered) {
    if (r instanceof StArray && r.readOnly) return rt.raise('ModificationForbidden', null, { object: r, fieldIndex: 1n, newValue: null, retrySelector: null });
    r.items = sortItems(rt, r.items, block);
    return r;
  }
  if (r instanceof StString && !r.readOnly) {
    const sorted = sortItems(rt, els(r), block) as StChar[];
    r.chars = sorted.map((c) => String.fromCodePoint(c.code)).join('');
    return r;
  }
  return rt.raise('Error', 'This collection cannot be sorted in place');
}
