/** copy and deepCopy. Copies are always writable, even of read-only literals. */
import {
  StArray,
  StAssoc,
  StByteArray,
  StDict,
  StInstance,
  StOrdered,
  StPoint,
  StSet,
  StString,
  StStream,
  type StValue,
} from '../objects.js';

export function shallowCopy(v: StValue): StValue {
  if (v instanceof StString) return new StString(v.cls, v.chars);
  if (v instanceof StArray) return new StArray(v.cls, [...v.items]);
  if (v instanceof StByteArray) return new StByteArray(v.cls, [...v.bytes]);
  if (v instanceof StOrdered) {
    const c = new StOrdered(v.cls, [...v.items]);
    c.sortBlock = v.sortBlock;
    return c;
  }
  if (v instanceof StDict) {
    // Pharo copies the associations too, so the copy's at:put: does not touch the original.
    const m = new Map<string, StAssoc>();
    for (const [k, a] of v.map) m.set(k, new StAssoc(a.cls, a.key, a.value));
    return new StDict(v.cls, m);
  }
  if (v instanceof StSet) {
    const m = new Map<string, { value: StValue; count: number }>();
    for (const [k, e] of v.map) m.set(k, { ...e });
    return new StSet(v.cls, m);
  }
  if (v instanceof StAssoc) return new StAssoc(v.cls, v.key, v.value);
  if (v instanceof StPoint) return new StPoint(v.cls, v.x, v.y);
  if (v instanceof StStream) return new StStream(v.cls, typeof v.items === 'string' ? v.items : [...v.items], v.position, v.readLimit);
  if (v instanceof StInstance) {
    const c = new StInstance(v.cls);
    for (const [k, x] of v.vars) c.set(k, x);
    return c;
  }
  return v;
}

export function deepCopy(v: StValue): StValue {
  const c = shallowCopy(v);
  if (c instanceof StArray || c instanceof StOrdered) c.items = c.items.map(shallowCopy);
  else if (c instanceof StDict) for (const a of c.map.values()) a.value = shallowCopy(a.value);
  else if (c instanceof StAssoc) c.value = shallowCopy(c.value);
  return c;
}
