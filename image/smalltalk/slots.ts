/**
 * What an inspector shows: named instance variables as Pharo names them, and indexed slots.
 * Collections whose Pharo layout is an internal array (OrderedCollection, Dictionary, Set) show
 * their elements as indexed slots instead, as Pharo's inspector does in its items view.
 */
import { char } from './kernel.js';
import { intervalItems } from './intervals.js';
import {
  StArray,
  StAssoc,
  StBlock,
  StByteArray,
  StClass,
  StDict,
  StFraction,
  StInstance,
  StInterval,
  StMetaclass,
  StOrdered,
  StPoint,
  StScaled,
  StSet,
  StStream,
  StString,
  StSymbol,
  type StValue,
} from './objects.js';
import { sym } from './kernel.js';

export interface Slots {
  named: [string, StValue][];
  indexed: StValue[];
}

const chars = (s: string): StValue[] => Array.from(s, (c) => char(c.codePointAt(0) as number));

export function slotsOf(v: StValue): Slots {
  const none: Slots = { named: [], indexed: [] };
  if (v instanceof StPoint) return { named: [['x', v.x], ['y', v.y]], indexed: [] };
  if (v instanceof StAssoc) return { named: [['key', v.key], ['value', v.value]], indexed: [] };
  if (v instanceof StScaled) {
    return { named: [['numerator', v.n], ['denominator', v.d], ['scale', BigInt(v.scale)]], indexed: [] };
  }
  if (v instanceof StFraction) return { named: [['numerator', v.n], ['denominator', v.d]], indexed: [] };
  if (v instanceof StInterval) {
    return { named: [['start', v.from], ['stop', v.to], ['step', v.by]], indexed: intervalItems(v) };
  }
  if (v instanceof StArray) return { named: [], indexed: v.items };
  if (v instanceof StOrdered) {
    const named: [string, StValue][] = v.cls.name === 'SortedCollection' ? [['sortBlock', v.sortBlock]] : [];
    return { named, indexed: v.items };
  }
  if (v instanceof StString || v instanceof StSymbol) return { named: [], indexed: chars(v.chars) };
  if (v instanceof StByteArray) return { named: [], indexed: v.bytes.map((b) => BigInt(b)) };
  if (v instanceof StDict) return { named: [['tally', BigInt(v.map.size)]], indexed: [...v.map.values()] };
  if (v instanceof StSet) {
    const items: StValue[] = [];
    for (const e of v.map.values()) for (let i = 0; i < e.count; i++) items.push(e.value);
    return { named: [['tally', BigInt(items.length)]], indexed: items };
  }
  if (v instanceof StBlock) return { named: [['numArgs', BigInt(v.node.params.length)]], indexed: [] };
  if (v instanceof StStream) {
    const coll = v.items;
    return { named: [['position', BigInt(v.position)], ['readLimit', BigInt(v.readLimit)]], indexed: typeof coll === 'string' ? chars(coll) : coll };
  }
  if (v instanceof StClass) return { named: [['name', sym(v.name)], ['superclass', v.superclass]], indexed: [] };
  if (v instanceof StMetaclass) return { named: [['thisClass', v.thisClass]], indexed: [] };
  if (v instanceof StInstance) {
    const names = v.cls.allInstVarNames();
    const named: [string, StValue][] = names.map((n) => [n, v.get(n)]);
    for (const [n, value] of v.vars) if (!names.includes(n)) named.push([n, value]);
    return { named, indexed: [] };
  }
  return none;
}
