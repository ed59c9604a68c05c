/**
 * The Collection protocol shared by every collection: enumeration, conversion, searching,
 * aggregation. Each collection exposes its elements as a list and can make one "like itself"
 * (its species), which is how collect:/select: choose their result class as Pharo does.
 */
import { stEquals } from '../equality.js';
import { K, arr, char } from '../kernel.js';
import { intervalItems } from '../intervals.js';
import * as N from '../numbers.js';
import {
  StArray,
  StByteArray,
  StChar,
  StDict,
  StInterval,
  StOrdered,
  StSet,
  StString,
  StSymbol,
  type StValue,
} from '../objects.js';
import type { Runtime } from '../runtime.js';
import { def, defClass } from './define.js';
import { makeSet, setAdd } from './hashedCore.js';

export function elementsOf(v: StValue): StValue[] | null {
  if (v instanceof StArray || v instanceof StOrdered) return v.items;
  if (v instanceof StInterval) return intervalItems(v);
  if (v instanceof StString || v instanceof StSymbol) return Array.from(v.chars, (c) => char(c.codePointAt(0) as number));
  if (v instanceof StByteArray) return v.bytes.map((b) => BigInt(b));
  if (v instanceof StSet) {
    const out: StValue[] = [];
    for (const e of v.map.values()) for (let i = 0; i < e.count; i++) out.push(e.value);
    return out;
  }
  if (v instanceof StDict) return [...v.map.values()].map((a) => a.value);
  return null;
}

/** A new collection of the receiver's species holding `items` (Pharo's `species new` + adds). */
export function like(rt: Runtime, v: StValue, items: StValue[], forCollect = false): StValue {
  if (v instanceof StArray) return new StArray(v.cls, items);
  if (v instanceof StOrdered) {
    if (v.cls === K.SortedCollection && forCollect) return new StOrdered(K.OrderedCollection, items);
    const o = new StOrdered(v.cls, items);
    o.sortBlock = v.sortBlock;
    return o;
  }
  if (v instanceof StInterval) return arr(items);
  if (v instanceof StString || v instanceof StSymbol) {
    if (!items.every((c) => c instanceof StChar)) return rt.raise('Error', 'Improper store into indexable object');
    return new StString(K.ByteString, items.map((c) => String.fromCodePoint((c as StChar).code)).join(''));
  }
  if (v instanceof StByteArray) {
    if (!items.every((b) => typeof b === 'bigint' && b >= 0n && b <= 255n)) return rt.raise('Error', 'Improper store into indexable object');
    return new StByteArray(K.ByteArray, items.map(Number));
  }
  if (v instanceof StSet) {
    const s = makeSet(v.cls);
    for (const e of items) setAdd(s, e, 1);
    return s;
  }
  return arr(items);
}

const truthy = (rt: Runtime, b: StValue, e: StValue): boolean => rt.callBlock(b, [e]) === true;

/** `a <= b` by message, so mixed numbers, strings and characters sort as in Pharo. */
export function lessEq(rt: Runtime, a: StValue, b: StValue): boolean {
  if (N.isNum(a) && N.isNum(b)) return N.compare(a, b) <= 0;
  return rt.send(a, '<=', [b]) === true;
}

export function sortItems(rt: Runtime, items: StValue[], block: StValue): StValue[] {
  const before = block === null ? (a: StValue, b: StValue) => lessEq(rt, a, b) : (a: StValue, b: StValue) => rt.callBlock(block, [a, b]) === true;
  return [...items].sort((a, b) => (before(a, b) ? (before(b, a) ? 0 : -1) : 1));
}

function emptyError(rt: Runtime, v: StValue): StValue {
  return rt.raise('CollectionIsEmpty', null, { collection: v });
}

export function installCollections(): void {
  const C = K.Collection;
  const els = (v: StValue): StValue[] => elementsOf(v) ?? [];
  def(C, 'do:', (rt, r, [b]) => {
    for (const e of els(r)) rt.callBlock(b as StValue, [e]);
    return r;
  });
  def(C, 'do:separatedBy:', (rt, r, [b, s]) => {
    els(r).forEach((e, i) => {
      if (i > 0) rt.callBlock(s as StValue, []);
      rt.callBlock(b as StValue, [e]);
    });
    return r;
  });
  def(C, 'collect:', (rt, r, [b]) => like(rt, r, els(r).map((e) => rt.callBlock(b as StValue, [e])), true));
  def(C, 'select:', (rt, r, [b]) => like(rt, r, els(r).filter((e) => truthy(rt, b as StValue, e))));
  def(C, 'reject:', (rt, r, [b]) => like(rt, r, els(r).filter((e) => !truthy(rt, b as StValue, e))));
  def(C, 'select:thenCollect:', (rt, r, [s, c]) =>
    like(rt, r, els(r).filter((e) => truthy(rt, s as StValue, e)).map((e) => rt.callBlock(c as StValue, [e])), true));
  def(C, 'collect:thenSelect:', (rt, r, [c, s]) =>
    like(rt, r, els(r).map((e) => rt.callBlock(c as StValue, [e])).filter((e) => truthy(rt, s as StValue, e)), true));
  def(C, 'flatCollect:', (rt, r, [b]) => {
    const out: StValue[] = [];
    for (const e of els(r)) out.push(...(elementsOf(rt.callBlock(b as StValue, [e])) ?? []));
    return like(rt, r instanceof StInterval || r instanceof StString ? arr([]) : r, out, true);
  });
  def(C, 'detect:ifNone:', (rt, r, [b, n]) => {
    for (const e of els(r)) if (truthy(rt, b as StValue, e)) return e;
    return rt.callBlock(n as StValue, []);
  });
  def(C, 'detect:', (rt, r, [b]) => {
    for (const e of els(r)) if (truthy(rt, b as StValue, e)) return e;
    return rt.raise('NotFound', null, { object: b as StValue, signaler: r });
  });
  def(C, 'detect:ifFound:ifNone:', (rt, r, [b, f, n]) => {
    for (const e of els(r)) if (truthy(rt, b as StValue, e)) return rt.callBlock(f as StValue, [e]);
    return rt.callBlock(n as StValue, []);
  });
  def(C, 'inject:into:', (rt, r, [acc, b]) => {
    let a = acc as StValue;
    for (const e of els(r)) a = rt.callBlock(b as StValue, [a, e]);
    return a;
  });
  def(C, 'includes:', (_rt, r, [x]) => els(r).some((e) => stEquals(e, x as StValue)));
  def(C, 'identityIncludes:', (_rt, r, [x]) => els(r).some((e) => e === x));
  def(C, 'occurrencesOf:', (_rt, r, [x]) => BigInt(els(r).filter((e) => stEquals(e, x as StValue)).length));
  def(C, 'includesAll:', (_rt, r, [o]) => (elementsOf(o as StValue) ?? []).every((x) => els(r).some((e) => stEquals(e, x))));
  def(C, 'includesAny:', (_rt, r, [o]) => (elementsOf(o as StValue) ?? []).some((x) => els(r).some((e) => stEquals(e, x))));
  def(C, 'size', (_rt, r) => BigInt(els(r).length));
  def(C, 'isEmpty', (_rt, r) => els(r).length === 0);
  def(C, ['notEmpty', 'isNotEmpty'], (_rt, r) => els(r).length > 0);
  def(C, 'isEmptyOrNil', (_rt, r) => els(r).length === 0);
  def(C, 'ifEmpty:', (rt, r, [b]) => (els(r).length === 0 ? rt.callBlock(b as StValue, []) : r));
  def(C, 'ifNotEmpty:', (rt, r, [b]) => (els(r).length > 0 ? rt.send(b as StValue, 'cull:', [r]) : r));
  def(C, 'ifEmpty:ifNotEmpty:', (rt, r, [a, b]) => (els(r).length === 0 ? rt.callBlock(a as StValue, []) : rt.send(b as StValue, 'cull:', [r])));
  def(C, 'ifNotEmpty:ifEmpty:', (rt, r, [b, a]) => (els(r).length === 0 ? rt.callBlock(a as StValue, []) : rt.send(b as StValue, 'cull:', [r])));
  def(C, 'anySatisfy:', (rt, r, [b]) => els(r).some((e) => truthy(rt, b as StValue, e)));
  def(C, 'allSatisfy:', (rt, r, [b]) => els(r).every((e) => truthy(rt, b as StValue, e)));
  def(C, 'noneSatisfy:', (rt, r, [b]) => !els(r).some((e) => truthy(rt, b as StValue, e)));
  def(C, 'count:', (rt, r, [b]) => BigInt(els(r).filter((e) => truthy(rt, b as StValue, e)).length));
  def(C, 'anyOne', (rt, r) => (els(r).length ? (els(r)[0] as StValue) : emptyError(rt, r)));
  def(C, 'sum', (rt, r) => {
    const items = els(r);
    if (!items.length) return emptyError(rt, r);
    return items.slice(1).reduce<StValue>((a, e) => rt.send(a, '+', [e]), items[0] as StValue);
  });
  // As Pharo: `sum` of an empty collection fails its emptyCheck, `sum:` answers 0 (sum:ifEmpty:).
  const sumOf = (rt: Runtime, r: StValue, b: StValue, ifEmpty: () => StValue): StValue => {
    const items = els(r).map((e) => rt.callBlock(b, [e]));
    if (!items.length) return ifEmpty();
    return items.slice(1).reduce<StValue>((a, e) => rt.send(a, '+', [e]), items[0] as StValue);
  };
  def(C, 'sum:', (rt, r, [b]) => sumOf(rt, r, b as StValue, () => 0n));
  def(C, 'sum:ifEmpty:', (rt, r, [b, e]) => sumOf(rt, r, b as StValue, () => rt.callBlock(e as StValue, [])));
  def(C, 'sumNumbers', (rt, r) => els(r).reduce<StValue>((a, e) => rt.send(a, '+', [e]), 0n));
  def(C, 'averageIfEmpty:', (rt, r, [b]) => (els(r).length ? rt.send(r, 'average', []) : rt.callBlock(b as StValue, [])));
  def(C, 'range', (rt, r) => rt.send(rt.send(r, 'max', []), '-', [rt.send(r, 'min', [])]));
  // Collections-Arithmetic: element-wise functions.
  for (const sel of ['abs', 'negated', 'sqrt', 'squared', 'floor', 'ceiling', 'rounded', 'truncated', 'reciprocal', 'sign', 'ln', 'log', 'exp', 'sin', 'cos', 'tan', 'arcTan']) {
    def(C, sel, (rt, r) => like(rt, r, els(r).map((e) => rt.send(e, sel, [])), true));
  }
  def(C, 'roundTo:', (rt, r, [q]) => like(rt, r, els(r).map((e) => rt.send(e, 'roundTo:', [q as StValue])), true));
  def(C, 'detectSum:', (rt, r, [b]) => els(r).reduce<StValue>((a, e) => rt.send(a, '+', [rt.callBlock(b as StValue, [e])]), 0n));
  def(C, 'max', (rt, r) => {
    const items = els(r);
    if (!items.length) return emptyError(rt, r);
    return items.reduce((m, e) => rt.send(m, 'max:', [e]));
  });
  def(C, 'min', (rt, r) => {
    const items = els(r);
    if (!items.length) return emptyError(rt, r);
    return items.reduce((m, e) => rt.send(m, 'min:', [e]));
  });
  def(C, 'detectMax:', (rt, r, [b]) => {
    let best: StValue = null;
    let bestKey: StValue = null;
    els(r).forEach((e, i) => {
      const k = rt.callBlock(b as StValue, [e]);
      if (i === 0 || rt.send(k, '>', [bestKey]) === true) [best, bestKey] = [e, k];
    });
    return best;
  });
  def(C, 'detectMin:', (rt, r, [b]) => {
    let best: StValue = null;
    let bestKey: StValue = null;
    els(r).forEach((e, i) => {
      const k = rt.callBlock(b as StValue, [e]);
      if (i === 0 || rt.send(k, '<', [bestKey]) === true) [best, bestKey] = [e, k];
    });
    return best;
  });
  def(C, 'average', (rt, r) => {
    const items = els(r);
    if (!items.length) return emptyError(rt, r);
    const total = items.slice(1).reduce<StValue>((a, e) => rt.send(a, '+', [e]), items[0] as StValue);
    return rt.send(total, '/', [BigInt(items.length)]);
  });
  def(C, 'asArray', (_rt, r) => arr([...els(r)]));
  def(C, 'asOrderedCollection', (_rt, r) => new StOrdered(K.OrderedCollection, [...els(r)]));
  def(C, 'asSet', (_rt, r) => {
    const s = makeSet(K.Set);
    for (const e of els(r)) setAdd(s, e, 1);
    return s;
  });
  def(C, 'asIdentitySet', (_rt, r) => {
    const s = makeSet(K.IdentitySet);
    for (const e of els(r)) setAdd(s, e, 1);
    return s;
  });
  def(C, 'asBag', (_rt, r) => {
    const s = makeSet(K.Bag);
    for (const e of els(r)) setAdd(s, e, 1);
    return s;
  });
  def(C, 'asSortedCollection', (rt, r) => new StOrdered(K.SortedCollection, sortItems(rt, els(r), null)));
  def(C, 'asSortedCollection:', (rt, r, [b]) => {
    const s = new StOrdered(K.SortedCollection, sortItems(rt, els(r), b as StValue));
    s.sortBlock = b as StValue;
    return s;
  });
  def(C, ['sorted', 'asSortedArray'], (rt, r) => like(rt, r instanceof StSet || r instanceof StDict ? arr([]) : r, sortItems(rt, els(r), null)));
  def(C, 'sorted:', (rt, r, [b]) => like(rt, r instanceof StSet || r instanceof StDict ? arr([]) : r, sortItems(rt, els(r), b as StValue)));
  def(C, 'isCollection', () => true);
  def(C, 'groupedBy:', (rt, r, [b]) => {
    const d = rt.send(K.Dictionary, 'new', []);
    for (const e of els(r)) {
      const k = rt.callBlock(b as StValue, [e]);
      const bucket = rt.send(d, 'at:ifAbsentPut:', [k, nativeBlockFor(rt)]);
      rt.send(bucket, 'add:', [e]);
    }
    return d;
  });
  // Pharo's collection arithmetic: element-wise with a number or an equally long collection.
  for (const sel of ['+', '-', '*', '/', '//', '\\\\', 'raisedTo:']) {
    def(K.Collection, sel, (rt, r, [a]) => {
      const mine = els(r);
      const other = elementsOf(a as StValue);
      if (other && other.length !== mine.length) return rt.raise('Error', 'otherCollection must be the same size');
      const out = mine.map((e, i) => rt.send(e, sel, [other ? (other[i] as StValue) : (a as StValue)]));
      return like(rt, r instanceof StInterval ? arr([]) : r, out, true);
    });
  }
  defClass(C, 'with:', (rt, r, args) => rt.send(r, 'withAll:', [arr(args)]));
  defClass(C, ['with:with:', 'with:with:with:', 'with:with:with:with:', 'with:with:with:with:with:', 'with:with:with:with:with:with:'], (rt, r, args) =>
    rt.send(r, 'withAll:', [arr(args)]));
}

/** `[OrderedCollection new]` for groupedBy:, without parsing source. */
function nativeBlockFor(rt: Runtime): StValue {
  return rt.send(K.OrderedCollection, 'new', []);
}
