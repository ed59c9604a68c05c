/** Dictionary, Set and Bag protocol. */
import { stEquals } from '../equality.js';
import { K, arr } from '../kernel.js';
import { StAssoc, StClass, StDict, StSet, type StValue } from '../objects.js';
import type { Runtime } from '../runtime.js';
import { elementsOf } from './collections.js';
import { def, defClass } from './define.js';
import { dictAt, dictPut, keyFor, makeSet, setAdd } from './hashedCore.js';

const missingKey = (rt: Runtime, d: StValue, key: StValue): StValue => rt.raise('KeyNotFound', null, { key, collection: d });

function newDictLike(d: StDict): StDict {
  return new StDict(d.cls);
}

export function installHashed(): void {
  const D = K.Dictionary;
  defClass(D, ['new', 'new:'], (_rt, r) => new StDict(r as StClass));
  defClass(D, 'newFrom:', (rt, r, [src]) => {
    const d = new StDict(r as StClass);
    for (const a of elementsOf(src as StValue) ?? []) {
      if (a instanceof StAssoc) dictPut(d, a.key, a.value);
      else return rt.raise('Error', 'Dictionary newFrom: expects associations');
    }
    if (src instanceof StDict) for (const a of src.map.values()) dictPut(d, a.key, a.value);
    return d;
  });
  // Pharo: a Dictionary made from a plain collection keys its elements by position.
  defClass(D, 'withAll:', (rt, r, [src]) => {
    if (src instanceof StDict) return rt.send(r, 'newFrom:', [src]);
    const d = new StDict(r as StClass);
    (elementsOf(src as StValue) ?? []).forEach((e, i) => dictPut(d, BigInt(i + 1), e));
    return d;
  });
  const dict = (r: StValue): StDict => r as StDict;
  def(D, 'at:', (rt, r, [k]) => {
    const a = dictAt(dict(r), k as StValue);
    return a ? a.value : missingKey(rt, r, k as StValue);
  });
  def(D, 'at:put:', (_rt, r, [k, v]) => dictPut(dict(r), k as StValue, v as StValue));
  def(D, 'at:ifAbsent:', (rt, r, [k, b]) => {
    const a = dictAt(dict(r), k as StValue);
    return a ? a.value : rt.callBlock(b as StValue, []);
  });
  def(D, 'at:ifAbsentPut:', (rt, r, [k, b]) => {
    const a = dictAt(dict(r), k as StValue);
    return a ? a.value : dictPut(dict(r), k as StValue, rt.callBlock(b as StValue, []));
  });
  def(D, 'at:ifPresent:', (rt, r, [k, b]) => {
    const a = dictAt(dict(r), k as StValue);
    return a ? rt.send(b as StValue, 'cull:', [a.value]) : null;
  });
  def(D, 'at:ifPresent:ifAbsent:', (rt, r, [k, b, n]) => {
    const a = dictAt(dict(r), k as StValue);
    return a ? rt.send(b as StValue, 'cull:', [a.value]) : rt.callBlock(n as StValue, []);
  });
  def(D, 'add:', (rt, r, [a]) => {
    if (!(a instanceof StAssoc)) return rt.raise('Error', 'Dictionary add: expects an Association');
    dict(r).map.set(keyFor(dict(r).cls, a.key), a);
    return a;
  });
  def(D, 'addAll:', (rt, r, [src]) => {
    if (src instanceof StDict) for (const a of src.map.values()) dictPut(dict(r), a.key, a.value);
    else for (const a of elementsOf(src as StValue) ?? []) rt.send(r, 'add:', [a]);
    return src as StValue;
  });
  def(D, 'removeKey:', (rt, r, [k]) => {
    const key = keyFor(dict(r).cls, k as StValue);
    const a = dict(r).map.get(key);
    if (!a) return missingKey(rt, r, k as StValue);
    dict(r).map.delete(key);
    return a.value;
  });
  def(D, 'removeKey:ifAbsent:', (rt, r, [k, b]) => {
    const key = keyFor(dict(r).cls, k as StValue);
    const a = dict(r).map.get(key);
    if (!a) return rt.callBlock(b as StValue, []);
    dict(r).map.delete(key);
    return a.value;
  });
  def(D, 'includesKey:', (_rt, r, [k]) => dictAt(dict(r), k as StValue) !== undefined);
  def(D, 'includes:', (_rt, r, [v]) => [...dict(r).map.values()].some((a) => stEquals(a.value, v as StValue)));
  def(D, 'keys', (_rt, r) => arr([...dict(r).map.values()].map((a) => a.key)));
  def(D, 'values', (_rt, r) => arr([...dict(r).map.values()].map((a) => a.value)));
  def(D, 'associations', (_rt, r) => arr([...dict(r).map.values()]));
  def(D, 'keyAtValue:', (_rt, r, [v]) => [...dict(r).map.values()].find((a) => stEquals(a.value, v as StValue))?.key ?? null);
  def(D, 'keyAtValue:ifAbsent:', (rt, r, [v, b]) => {
    const a = [...dict(r).map.values()].find((x) => stEquals(x.value, v as StValue));
    return a ? a.key : rt.callBlock(b as StValue, []);
  });
  def(D, 'keysAndValuesDo:', (rt, r, [b]) => {
    for (const a of [...dict(r).map.values()]) rt.callBlock(b as StValue, [a.key, a.value]);
    return r;
  });
  def(D, 'associationsDo:', (rt, r, [b]) => {
    for (const a of [...dict(r).map.values()]) rt.callBlock(b as StValue, [a]);
    return r;
  });
  def(D, 'keysDo:', (rt, r, [b]) => {
    for (const a of [...dict(r).map.values()]) rt.callBlock(b as StValue, [a.key]);
    return r;
  });
  def(D, 'valuesDo:', (rt, r, [b]) => {
    for (const a of [...dict(r).map.values()]) rt.callBlock(b as StValue, [a.value]);
    return r;
  });
  def(D, 'collect:', (rt, r, [b]) => {
    const out = newDictLike(dict(r));
    for (const a of [...dict(r).map.values()]) dictPut(out, a.key, rt.callBlock(b as StValue, [a.value]));
    return out;
  });
  def(D, 'select:', (rt, r, [b]) => {
    const out = newDictLike(dict(r));
    for (const a of [...dict(r).map.values()]) if (rt.callBlock(b as StValue, [a.value]) === true) dictPut(out, a.key, a.value);
    return out;
  });
  def(D, 'reject:', (rt, r, [b]) => {
    const out = newDictLike(dict(r));
    for (const a of [...dict(r).map.values()]) if (rt.callBlock(b as StValue, [a.value]) !== true) dictPut(out, a.key, a.value);
    return out;
  });
  def(D, 'keysSortedSafely', (rt, r) => rt.send(arr([...dict(r).map.values()].map((a) => a.key)), 'sorted', []));
  def(D, ['remove:', 'remove:ifAbsent:'], (rt) => rt.raise('ShouldNotImplement', 'This message is not appropriate for this object'));

  const S = K.Set;
  const B = K.Bag;
  for (const cls of [S, B]) {
    defClass(cls, ['new', 'new:'], (_rt, r) => makeSet(r as StClass));
    defClass(cls, 'withAll:', (_rt, r, [src]) => {
      const s = makeSet(r as StClass);
      for (const e of elementsOf(src as StValue) ?? []) setAdd(s, e, 1);
      return s;
    });
    def(cls, 'add:', (_rt, r, [v]) => {
      setAdd(r as StSet, v as StValue, 1);
      return v as StValue;
    });
    def(cls, 'addAll:', (_rt, r, [src]) => {
      for (const e of elementsOf(src as StValue) ?? []) setAdd(r as StSet, e, 1);
      return src as StValue;
    });
    def(cls, 'remove:ifAbsent:', (rt, r, [v, b]) => removeFrom(rt, r as StSet, v as StValue, () => rt.callBlock(b as StValue, [])));
    def(cls, 'remove:', (rt, r, [v]) => removeFrom(rt, r as StSet, v as StValue, () => rt.raise('NotFound', null, { object: v as StValue, signaler: r })));
    def(cls, 'includes:', (_rt, r, [v]) => (r as StSet).map.has(keyFor((r as StSet).cls, v as StValue)));
    def(cls, 'size', (_rt, r) => BigInt([...(r as StSet).map.values()].reduce((n, e) => n + e.count, 0)));
  }
  def(B, 'add:withOccurrences:', (_rt, r, [v, n]) => {
    setAdd(r as StSet, v as StValue, Number(n));
    return v as StValue;
  });
  def(B, 'occurrencesOf:', (_rt, r, [v]) => BigInt((r as StSet).map.get(keyFor((r as StSet).cls, v as StValue))?.count ?? 0));
  def(B, 'asSet', (_rt, r) => {
    const s = makeSet(K.Set);
    for (const e of (r as StSet).map.values()) setAdd(s, e.value, 1);
    return s;
  });
}

function removeFrom(_rt: Runtime, s: StSet, v: StValue, absent: () => StValue): StValue {
  const k = keyFor(s.cls, v);
  const e = s.map.get(k);
  if (!e) return absent();
  if (e.count > 1) e.count -= 1;
  else s.map.delete(k);
  return v;
}
