/** Set/Bag/Dictionary storage: equality keys for the equality classes, identity for Identity*. */
import { equalityKey, identityKey } from '../equality.js';
import { K } from '../kernel.js';
import { StAssoc, StDict, StSet, type StClass, type StValue } from '../objects.js';

export function keyFor(cls: StClass, v: StValue): string {
  return cls.includesBehavior(K.IdentitySet) || cls.includesBehavior(K.IdentityDictionary) ? identityKey(v) : equalityKey(v);
}

export function makeSet(cls: StClass): StSet {
  return new StSet(cls);
}

export function setAdd(s: StSet, v: StValue, count: number): void {
  const k = keyFor(s.cls, v);
  const e = s.map.get(k);
  if (e) {
    if (s.cls.includesBehavior(K.Bag)) e.count += count;
  } else s.map.set(k, { value: v, count: s.cls.includesBehavior(K.Bag) ? count : 1 });
}

export function dictAt(d: StDict, key: StValue): StAssoc | undefined {
  return d.map.get(keyFor(d.cls, key));
}

export function dictPut(d: StDict, key: StValue, value: StValue): StValue {
  const k = keyFor(d.cls, key);
  const a = d.map.get(k);
  if (a) a.value = value;
  else d.map.set(k, new StAssoc(K.Association, key, value));
  return value;
}
