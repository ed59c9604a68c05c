/** BlockClosure protocol and the exception protocol (on:do:, ensure:, signal, return:, retry ...). */
import { K, arr, classes, str } from '../kernel.js';
import { describeException, messageText } from '../printing.js';
import { exOuter, exPass, exResume, exRetry, exReturn, onDo, signalException, signalState, isResumable } from '../exceptions.js';
import { StArray, StClass, StInstance, StString, StSymbol, blockArity, type StValue } from '../objects.js';
import { def, defClass } from './define.js';

const asText = (v: StValue): StValue => (v instanceof StString || v instanceof StSymbol ? str(v.chars) : v);

function exceptionSet(items: StValue[]): StInstance {
  const set = new StInstance(K.ExceptionSet);
  set.set('exceptions', arr(items));
  return set;
}

function setItems(v: StValue): StValue[] {
  if (v instanceof StInstance && v.cls === K.ExceptionSet) {
    const l = v.get('exceptions');
    return l instanceof StArray ? l.items : [];
  }
  return [v];
}

export function installBlocks(): void {
  const B = K.BlockClosure;
  def(B, 'numArgs', (_rt, r) => BigInt(blockArity(r) ?? 0));
  def(B, ['value', 'value:', 'value:value:', 'value:value:value:', 'value:value:value:value:'], (rt, r, args) => rt.callBlock(r, args));
  def(B, 'valueWithArguments:', (rt, r, [a]) => (a instanceof StArray ? rt.callBlock(r, a.items) : rt.raise('Error', 'an Array expected')));
  def(B, 'cull:', (rt, r, [a]) => rt.callBlock(r, blockArity(r) === 0 ? [] : [a as StValue]));
  def(B, 'cull:cull:', (rt, r, args) => rt.callBlock(r, args.slice(0, blockArity(r) ?? 0)));
  def(B, 'whileTrue:', (rt, r, [b]) => {
    while (rt.callBlock(r, []) === true) rt.callBlock(b as StValue, []);
    return null;
  });
  def(B, 'whileFalse:', (rt, r, [b]) => {
    while (rt.callBlock(r, []) === false) rt.callBlock(b as StValue, []);
    return null;
  });
  def(B, 'whileTrue', (rt, r) => {
    while (rt.callBlock(r, []) === true) rt.tick();
    return null;
  });
  def(B, 'whileFalse', (rt, r) => {
    while (rt.callBlock(r, []) === false) rt.tick();
    return null;
  });
  def(B, 'repeat', (rt, r) => {
    for (;;) rt.callBlock(r, []);
  });
  def(B, 'ensure:', (rt, r, [b]) => {
    const depth = rt.stackDepth();
    try {
      return rt.callBlock(r, []);
    } finally {
      rt.truncateStack(depth);
      rt.callBlock(b as StValue, []);
    }
  });
  def(B, 'ifCurtailed:', (rt, r, [b]) => {
    const depth = rt.stackDepth();
    try {
      return rt.callBlock(r, []);
    } catch (e) {
      rt.truncateStack(depth);
      rt.callBlock(b as StValue, []);
      throw e;
    }
  });
  def(B, 'on:do:', (rt, r, [sel, h]) => onDo(rt, r, sel as StValue, h as StValue));
  def(B, 'onErrorDo:', (rt, r, [h]) => onDo(rt, r, K.Error, h as StValue));
  def(B, 'ifError:', (rt, r, [h]) => onDo(rt, r, K.Error, h as StValue));

  const E = K.Exception;
  defClass(E, 'signal', (rt, r) => signalException(rt, newException(r as StClass), rt.handlers.length - 1));
  defClass(E, 'signal:', (rt, r, [m]) => {
    const e = newException(r as StClass);
    e.set('messageText', asText(m as StValue));
    return signalException(rt, e, rt.handlers.length - 1);
  });
  defClass(E, 'new', (_rt, r) => newException(r as StClass));
  defClass(E, ',', (_rt, r, [o]) => exceptionSet([r, ...setItems(o as StValue)]));
  defClass(E, 'handles:', (_rt, r, [e]) => e instanceof StInstance && e.cls.includesBehavior(r as StClass));
  def(K.ExceptionSet, ',', (_rt, r, [o]) => exceptionSet([...setItems(r), ...setItems(o as StValue)]));

  def(E, 'signal', (rt, r) => signalException(rt, r as StInstance, rt.handlers.length - 1));
  def(E, 'signal:', (rt, r, [m]) => {
    (r as StInstance).set('messageText', asText(m as StValue));
    return signalException(rt, r as StInstance, rt.handlers.length - 1);
  });
  def(E, 'messageText', (_rt, r) => str(messageText(r as StInstance)));
  def(E, 'messageText:', (_rt, r, [m]) => {
    (r as StInstance).set('messageText', asText(m as StValue));
    return r;
  });
  def(E, 'description', (_rt, r) => str(describeException(r as StInstance)));
  def(E, 'return:', (rt, r, [v]) => exReturn(rt, r as StInstance, v as StValue));
  def(E, 'return', (rt, r) => exReturn(rt, r as StInstance, null));
  def(E, 'retry', (rt, r) => exRetry(rt, r as StInstance, null));
  def(E, 'retryUsing:', (rt, r, [b]) => exRetry(rt, r as StInstance, b as StValue));
  def(E, 'resume:', (rt, r, [v]) => exResume(rt, r as StInstance, v as StValue));
  def(E, 'resume', (rt, r) => exResume(rt, r as StInstance, null));
  def(E, 'pass', (rt, r) => exPass(rt, r as StInstance));
  def(E, 'outer', (rt, r) => exOuter(rt, r as StInstance));
  def(E, 'isResumable', (_rt, r) => isResumable(r as StInstance));
  def(E, 'signaler', (_rt, r) => (r as StInstance).get('signaler'));
  def(E, 'tag', (_rt, r) => (r as StInstance).get('tag') ?? str(messageText(r as StInstance)));
  def(E, 'tag:', (_rt, r, [t]) => {
    (r as StInstance).set('tag', t as StValue);
    return r;
  });
  def(E, 'isNested', (rt, r) => {
    const s = signalState(r as StInstance);
    return rt.handlers.slice(0, Math.max(0, s.handlerIndex)).some((h) => !h.disabled);
  });
  def(E, 'signalerContext', () => null);
  for (const name of ['message', 'receiver', 'dividend', 'subscript', 'key', 'object', 'result']) {
    def(E, name, (_rt, r) => (r as StInstance).get(name));
  }
  // NotFound and CollectionIsEmpty keep their collection as the signaler, as in Pharo.
  def(E, 'collection', (_rt, r) => (r as StInstance).get('collection') ?? (r as StInstance).get('signaler'));
  def(classes.get('MessageNotUnderstood') as StClass, 'return:', (rt, r, [v]) => exReturn(rt, r as StInstance, v as StValue));
  def(K.Message, 'selector', (_rt, r) => (r as StInstance).get('selector'));
  def(K.Message, ['arguments', 'args'], (_rt, r) => (r as StInstance).get('args'));
  def(K.Message, 'lookupClass', (_rt, r) => (r as StInstance).get('lookupClass'));
}

function newException(cls: StClass): StInstance {
  const e = new StInstance(cls);
  e.set('messageText', null);
  return e;
}

