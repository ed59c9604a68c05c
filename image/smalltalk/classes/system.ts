/** Classes as objects (Behavior protocol), Smalltalk (the globals) and Transcript. */
import { K, classes, sym, arr, str } from '../kernel.js';
import { StClass, StMetaclass, StOrdered, StString, StSymbol, type Behavior, type StValue } from '../objects.js';
import { displayString, printString } from '../printing.js';
import type { Runtime } from '../runtime.js';
import { def } from './define.js';

const keyName = (v: StValue): string | null => (v instanceof StSymbol || v instanceof StString ? v.chars : null);

function lookupGlobal(rt: Runtime, name: string): StValue | undefined {
  const g = rt.world.globals.get(name);
  if (g !== undefined) return g;
  const c = classes.get(name);
  if (c) return c;
  if (name === 'Smalltalk') return rt.world.smalltalk;
  if (name === 'Transcript') return rt.world.transcriptObject;
  return undefined;
}

function subclassesOf(b: Behavior): StValue[] {
  if (b instanceof StClass) return [...classes.values()].filter((c) => c.superclass === b);
  if (b instanceof StMetaclass) return [...classes.values()].filter((c) => c.superclass === b.thisClass).map((c) => c.meta);
  return [];
}

export function installSystem(): void {
  const Bh = K.Behavior;
  def(Bh, 'name', (_rt, r) => (r instanceof StClass ? sym(r.name) : str((r as Behavior).displayName)));
  def(Bh, 'superclass', (_rt, r) => (r as Behavior).superBehavior());
  def(Bh, 'allSuperclasses', (_rt, r) => {
    const out: StValue[] = [];
    for (let b = (r as Behavior).superBehavior(); b; b = b.superBehavior()) out.push(b);
    return newOrdered(out);
  });
  def(Bh, 'withAllSuperclasses', (_rt, r) => {
    const out: StValue[] = [];
    for (let b: Behavior | null = r as Behavior; b; b = b.superBehavior()) out.push(b);
    return newOrdered(out);
  });
  def(Bh, 'subclasses', (_rt, r) => arr(subclassesOf(r as Behavior)));
  def(Bh, 'inheritsFrom:', (_rt, r, [c]) => r !== c && (r as Behavior).includesBehavior(c as Behavior));
  def(Bh, 'includesBehavior:', (_rt, r, [c]) => (r as Behavior).includesBehavior(c as Behavior));
  def(Bh, ['canUnderstand:'], (_rt, r, [s]) => (keyName(s as StValue) !== null ? (r as Behavior).lookup(keyName(s as StValue) as string) !== null : false));
  def(Bh, 'includesSelector:', (_rt, r, [s]) => (r as Behavior).methods.has(keyName(s as StValue) ?? ''));
  def(Bh, 'selectors', (_rt, r) => arr([...(r as Behavior).methods.keys()].sort().map(sym)));
  def(Bh, ['instVarNames', 'instanceVariableNames'], (_rt, r) => arr(r instanceof StClass ? r.instVarNames.map(sym) : []));
  def(Bh, 'allInstVarNames', (_rt, r) => arr(r instanceof StClass ? r.allInstVarNames().map(sym) : []));
  def(Bh, 'isMeta', (_rt, r) => r instanceof StMetaclass);
  def(Bh, ['instanceSide', 'theNonMetaClass'], (_rt, r) => (r instanceof StMetaclass ? r.thisClass : r));
  def(Bh, ['classSide', 'theMetaClass'], (_rt, r) => (r instanceof StClass ? r.meta : r));
  def(Bh, 'soleInstance', (_rt, r) => (r instanceof StMetaclass ? r.thisClass : null));
  def(Bh, 'category', (_rt, r) => str(r instanceof StClass && r.includesBehavior(K.Exception) ? 'Kernel-Exceptions' : 'Kernel'));
  def(Bh, ['subclass:', 'subclass:instanceVariableNames:classVariableNames:package:', 'subclass:instanceVariableNames:classVariableNames:category:', 'subclass:instanceVariableNames:classVariableNames:poolDictionaries:category:'], (rt) =>
    rt.raise('Error', 'Defining classes is not supported by the reference image'));
  def(K.Metaclass, 'instanceSide', (_rt, r) => (r as StMetaclass).thisClass);

  const S = K.SystemDictionary;
  def(S, 'at:', (rt, _r, [k]) => {
    const v = lookupGlobal(rt, keyName(k as StValue) ?? '');
    return v === undefined ? rt.raise('KeyNotFound', null, { key: k as StValue, collection: rt.world.smalltalk }) : v;
  });
  def(S, 'at:ifAbsent:', (rt, _r, [k, b]) => lookupGlobal(rt, keyName(k as StValue) ?? '') ?? rt.callBlock(b as StValue, []));
  def(S, 'at:ifPresent:', (rt, _r, [k, b]) => {
    const v = lookupGlobal(rt, keyName(k as StValue) ?? '');
    return v === undefined ? null : rt.callBlock(b as StValue, [v]);
  });
  def(S, 'at:put:', (rt, _r, [k, v]) => {
    const name = keyName(k as StValue);
    if (name === null) return rt.raise('Error', 'Global names must be Symbols');
    if (classes.has(name) || name === 'Smalltalk' || name === 'Transcript') return rt.raise('Error', `Cannot redefine the global ${name}`);
    rt.world.globals.set(name, v as StValue);
    return v as StValue;
  });
  def(S, ['includesKey:', 'hasClassNamed:'], (rt, _r, [k]) => lookupGlobal(rt, keyName(k as StValue) ?? '') !== undefined);
  def(S, 'removeKey:', (rt, _r, [k]) => {
    const name = keyName(k as StValue) ?? '';
    const v = rt.world.globals.get(name);
    if (v === undefined) return rt.raise('KeyNotFound', null, { key: k as StValue, collection: rt.world.smalltalk });
    rt.world.globals.delete(name);
    return v;
  });
  def(S, 'removeKey:ifAbsent:', (rt, _r, [k, b]) => {
    const name = keyName(k as StValue) ?? '';
    const v = rt.world.globals.get(name);
    if (v === undefined) return rt.callBlock(b as StValue, []);
    rt.world.globals.delete(name);
    return v;
  });
  def(S, 'globals', (rt) => arr([...rt.world.globals.keys()].sort().map(sym)));
  def(S, 'version', () => str('Pharo-compatible STUI reference image'));

  const T = K.ThreadSafeTranscript;
  const out = (rt: Runtime, r: StValue, text: string): StValue => {
    rt.transcript(text);
    return r;
  };
  def(T, ['show:', 'nextPutAll:', '<<'], (rt, r, [v]) => out(rt, r, displayString(v as StValue)));
  def(T, ['display:'], (rt, r, [v]) => out(rt, r, displayString(v as StValue)));
  def(T, 'print:', (rt, r, [v]) => out(rt, r, printString(v as StValue)));
  def(T, 'nextPut:', (rt, r, [v]) => out(rt, r, displayString(v as StValue)));
  def(T, ['cr', 'newLine', 'lf'], (rt, r) => out(rt, r, '\n'));
  def(T, 'crShow:', (rt, r, [v]) => out(rt, r, '\n' + displayString(v as StValue)));
  def(T, 'tab', (rt, r) => out(rt, r, '\t'));
  def(T, 'space', (rt, r) => out(rt, r, ' '));
  def(T, ['flush', 'endEntry', 'clear'], (_rt, r) => r);
}

function newOrdered(items: StValue[]): StValue {
  return new StOrdered(K.OrderedCollection, items);
}
