/** OrderedCollection, SortedCollection and Interval protocol. */
import { K, arr } from '../kernel.js';
import { intervalAt, intervalSize } from '../intervals.js';
import { StClass, StInterval, StOrdered, type StValue } from '../objects.js';
import type { Runtime } from '../runtime.js';
import { elementsOf, sortItems } from './collections.js';
import { def, defClass } from './define.js';
import { indexOf, outOfBounds } from './sequences.js';

const els = (v: StValue): StValue[] => elementsOf(v) ?? [];
const ordered = (r: StValue): StOrdered => r as StOrdered;

function insertSorted(rt: Runtime, o: StOrdered, v: StValue): void {
  o.items.push(v);
  o.items = sortItems(rt, o.items, o.sortBlock);
}

export function installOrdered(): void {
  const OC = K.OrderedCollection;
  defClass(OC, ['new', 'new:'], (_rt, r) => new StOrdered(r as StClass, []));
  defClass(OC, 'withAll:', (rt, r, [src]) => {
    const o = new StOrdered(r as StClass, [...els(src as StValue)]);
    if (r === K.SortedCollection) o.items = sortItems(rt, o.items, null);
    return o;
  });
  defClass(K.SortedCollection, 'sortBlock:', (_rt, r, [b]) => {
    const o = new StOrdered(r as StClass, []);
    o.sortBlock = b as StValue;
    return o;
  });
  def(OC, ['add:', 'addLast:'], (rt, r, [v]) => {
    if (ordered(r).cls === K.SortedCollection) insertSorted(rt, ordered(r), v as StValue);
    else ordered(r).items.push(v as StValue);
    return v as StValue;
  });
  def(OC, 'addFirst:', (_rt, r, [v]) => {
    ordered(r).items.unshift(v as StValue);
    return v as StValue;
  });
  def(OC, ['addAll:', 'addAllLast:'], (rt, r, [src]) => {
    for (const e of [...els(src as StValue)]) rt.send(r, 'add:', [e]);
    return src as StValue;
  });
  def(OC, 'addAllFirst:', (_rt, r, [src]) => {
    ordered(r).items.unshift(...els(src as StValue));
    return src as StValue;
  });
  def(OC, 'add:beforeIndex:', (rt, r, [v, i]) => {
    const idx = Number(i);
    if (idx < 1 || idx > ordered(r).items.length + 1) return outOfBounds(rt, r, i as StValue);
    ordered(r).items.splice(idx - 1, 0, v as StValue);
    return v as StValue;
  });
  const emptyCheck = (rt: Runtime, r: StValue): boolean => {
    if (ordered(r).items.length > 0) return true;
    rt.raise('CollectionIsEmpty', null, { collection: r });
    return false;
  };
  def(OC, 'removeFirst', (rt, r) => (emptyCheck(rt, r) ? (ordered(r).items.shift() as StValue) : null));
  def(OC, 'removeLast', (rt, r) => (emptyCheck(rt, r) ? (ordered(r).items.pop() as StValue) : null));
  def(OC, 'removeFirst:', (rt, r, [n]) => {
    const k = Number(n);
    if (k > ordered(r).items.length) return rt.raise('CollectionIsEmpty', null, { collection: r });
    return arr(ordered(r).items.splice(0, k));
  });
  def(OC, 'removeLast:', (rt, r, [n]) => {
    const k = Number(n);
    if (k > ordered(r).items.length) return rt.raise('CollectionIsEmpty', null, { collection: r });
    return arr(ordered(r).items.splice(ordered(r).items.length - k, k));
  });
  def(OC, 'remove:ifAbsent:', (rt, r, [v, b]) => {
    const i = indexOf(r, v as StValue);
    if (i === 0) return rt.callBlock(b as StValue, []);
    return ordered(r).items.splice(i - 1, 1)[0] as StValue;
  });
  def(OC, 'remove:', (rt, r, [v]) => {
    const i = indexOf(r, v as StValue);
    if (i === 0) return rt.raise('NotFound', null, { object: v as StValue, signaler: r });
    return ordered(r).items.splice(i - 1, 1)[0] as StValue;
  });
  def(OC, 'removeAll:', (rt, r, [src]) => {
    for (const e of [...els(src as StValue)]) rt.send(r, 'remove:', [e]);
    return src as StValue;
  });
  def(OC, 'removeAll', (_rt, r) => {
    ordered(r).items = [];
    return r;
  });
  def(OC, ['removeAt:', 'removeIndex:'], (rt, r, [i]) => {
    const idx = Number(i);
    if (idx < 1 || idx > ordered(r).items.length) return outOfBounds(rt, r, i as StValue);
    return ordered(r).items.splice(idx - 1, 1)[0] as StValue;
  });
  def(OC, 'removeAllSuchThat:', (rt, r, [b]) => {
    ordered(r).items = ordered(r).items.filter((e) => rt.callBlock(b as StValue, [e]) !== true);
    return r;
  });
  def(K.SortedCollection, 'sortBlock', (_rt, r) => ordered(r).sortBlock);
  def(K.SortedCollection, 'addFirst:', (rt) => rt.raise('Error', 'This message is not appropriate for this object'));
  def(K.SortedCollection, 'at:put:', (rt) => rt.raise('Error', 'This message is not appropriate for this object'));

  const I = K.Interval;
  defClass(I, 'from:to:', (_rt, _r, [a, b]) => new StInterval(K.Interval, a as StValue, b as StValue, 1n));
  defClass(I, 'from:to:by:', (_rt, _r, [a, b, c]) => new StInterval(K.Interval, a as StValue, b as StValue, c as StValue));
  // As Pharo's Interval: first is the start and last is computed, even for an empty interval.
  def(I, 'first', (_rt, r) => (r as StInterval).from);
  def(I, 'last', (rt, r) => {
    const iv = r as StInterval;
    return rt.send(iv.to, '-', [rt.send(rt.send(iv.to, '-', [iv.from]), '\\\\', [iv.by])]);
  });
  def(I, 'sum', (rt, r) => {
    const iv = r as StInterval;
    const b = BigInt(intervalSize(iv));
    const inner = rt.send(rt.send(b - 1n, '*', [iv.by]), '+', [rt.send(iv.from, '*', [2n])]);
    return rt.send(rt.send(b, '*', [inner]), '/', [2n]);
  });
  def(I, '+', (rt, r, [n]) => {
    const iv = r as StInterval;
    return new StInterval(K.Interval, rt.send(iv.from, '+', [n as StValue]), rt.send(iv.to, '+', [n as StValue]), iv.by);
  });
  def(I, '-', (rt, r, [n]) => {
    const iv = r as StInterval;
    return new StInterval(K.Interval, rt.send(iv.from, '-', [n as StValue]), rt.send(iv.to, '-', [n as StValue]), iv.by);
  });
  def(I, 'add:', (rt) => rt.raise('Error', 'This message is not appropriate for this object'));
  def(I, 'remove:', (rt) => rt.raise('Error', 'elements cannot be removed from an Interval'));
  def(I, 'increment', (_rt, r) => (r as StInterval).by);
  def(I, 'size', (_rt, r) => BigInt(intervalSize(r as StInterval)));
  def(I, 'do:', (rt, r, [b]) => {
    const iv = r as StInterval;
    const n = intervalSize(iv);
    for (let i = 1; i <= n; i++) rt.callBlock(b as StValue, [intervalAt(iv, i)]);
    return r;
  });
  def(I, 'collect:', (rt, r, [b]) => {
    const iv = r as StInterval;
    const n = intervalSize(iv);
    const out: StValue[] = new Array<StValue>(n);
    for (let i = 1; i <= n; i++) out[i - 1] = rt.callBlock(b as StValue, [intervalAt(iv, i)]);
    return arr(out);
  });
  def(I, 'inject:into:', (rt, r, [acc, b]) => {
    const iv = r as StInterval;
    const n = intervalSize(iv);
    let a = acc as StValue;
    for (let i = 1; i <= n; i++) a = rt.callBlock(b as StValue, [a, intervalAt(iv, i)]);
    return a;
  });
  def(I, 'at:put:', (rt) => rt.raise('Error', 'you can not store into an interval'));
}
