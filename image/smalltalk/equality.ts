/**
 * `=`, `==` and the equality keys that Dictionary and Set use in place of Pharo's `hash`.
 * Objects equal under `=` get the same key, so a key lookup is one Map access.
 */
import { compare, floatToRatio, isNum } from './numbers.js';
import {
  StArray,
  StAssoc,
  StByteArray,
  StChar,
  StDict,
  StFraction,
  StInterval,
  StObject,
  StOrdered,
  StPoint,
  StScaled,
  StSet,
  StString,
  StSymbol,
  type StValue,
} from './objects.js';
import { intervalItems } from './intervals.js';

export function identical(a: StValue, b: StValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  return a === b;
}

const ids = new WeakMap<StObject, number>();
let nextId = 1;
export function identityId(o: StObject): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}

function sequence(v: StValue): StValue[] | null {
  if (v instanceof StArray) return v.items;
  if (v instanceof StInterval) return intervalItems(v);
  return null;
}

export function stEquals(a: StValue, b: StValue, depth = 0): boolean {
  if (a === b) return true;
  if (depth > 64) return false;
  if (isNum(a)) return isNum(b) && compare(a, b) === 0;
  if (a instanceof StSymbol) return false;
  if (a instanceof StString) return (b instanceof StString || b instanceof StSymbol) && a.chars === b.chars;
  if (a instanceof StArray || a instanceof StInterval) {
    // Array and Interval share a species (Array), so they compare element by element.
    const x = sequence(a) as StValue[];
    const y = sequence(b);
    if (!y || (a instanceof StArray && b instanceof StArray && a.cls !== b.cls)) return false;
    return x.length === y.length && x.every((e, i) => stEquals(e, y[i] as StValue, depth + 1));
  }
  if (a instanceof StOrdered) {
    return b instanceof StOrdered && a.cls === b.cls && a.items.length === b.items.length &&
      a.items.every((e, i) => stEquals(e, b.items[i] as StValue, depth + 1));
  }
  if (a instanceof StByteArray) {
    return b instanceof StByteArray && a.bytes.length === b.bytes.length && a.bytes.every((e, i) => e === b.bytes[i]);
  }
  if (a instanceof StAssoc) return b instanceof StAssoc && stEquals(a.key, b.key, depth + 1) && stEquals(a.value, b.value, depth + 1);
  if (a instanceof StPoint) return b instanceof StPoint && stEquals(a.x, b.x, depth + 1) && stEquals(a.y, b.y, depth + 1);
  if (a instanceof StDict) {
    if (!(b instanceof StDict) || a.cls !== b.cls || a.map.size !== b.map.size) return false;
    for (const [k, e] of a.map) {
      const other = b.map.get(k);
      if (!other || !stEquals(e.value, other.value, depth + 1)) return false;
    }
    return true;
  }
  if (a instanceof StSet) {
    if (!(b instanceof StSet) || a.cls !== b.cls || a.map.size !== b.map.size) return false;
    for (const [k, e] of a.map) if (b.map.get(k)?.count !== e.count) return false;
    return true;
  }
  return false;
}

export function equalityKey(v: StValue, depth = 0): string {
  switch (typeof v) {
    case 'bigint':
      return `n${v}`;
    case 'number': {
      if (!Number.isFinite(v)) return `f${v}`;
      const [n, d] = floatToRatio(v);
      return d === 1n ? `n${n}` : `n${n}/${d}`;
    }
    case 'boolean':
      return v ? 'T' : 'F';
  }
  if (v === null) return 'nil';
  if (depth > 8) return 'deep';
  if (v instanceof StFraction || v instanceof StScaled) return `n${v.n}/${v.d}`;
  if (v instanceof StString || v instanceof StSymbol) return `s${v.chars}`;
  if (v instanceof StChar) return `c${v.code}`;
  const seq = sequence(v);
  if (seq) return `a[${seq.map((e) => equalityKey(e, depth + 1)).join(',')}]`;
  if (v instanceof StOrdered) return `o${identityId(v.cls)}[${v.items.map((e) => equalityKey(e, depth + 1)).join(',')}]`;
  if (v instanceof StByteArray) return `b[${v.bytes.join(',')}]`;
  if (v instanceof StAssoc) return `A(${equalityKey(v.key, depth + 1)}->${equalityKey(v.value, depth + 1)})`;
  if (v instanceof StPoint) return `P(${equalityKey(v.x, depth + 1)}@${equalityKey(v.y, depth + 1)})`;
  return `#${identityId(v)}`;
}

/** Key for identity collections (IdentitySet, IdentityDictionary). */
export function identityKey(v: StValue): string {
  if (v instanceof StObject && !(v instanceof StSymbol) && !(v instanceof StChar)) return `#${identityId(v)}`;
  return equalityKey(v);
}
