/** Object, UndefinedObject and Boolean protocol. */
import { identical, stEquals, equalityKey } from '../equality.js';
import { K, classOf, isKindOf, str, assoc } from '../kernel.js';
import { StArray, StBlock, StClass, StInstance, StMetaclass, StObject, StString, StSymbol, blockArity, type StValue } from '../objects.js';
import { displayString, printString } from '../printing.js';
import type { Runtime } from '../runtime.js';
import { shallowCopy, deepCopy } from './copying.js';
import { def, defClass } from './define.js';
import { writeToStream } from './streams.js';

function hashOf(v: StValue): bigint {
  if (typeof v === 'bigint') return v;
  const key = equalityKey(v);
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return BigInt(h >>> 2);
}

function perform(rt: Runtime, rcv: StValue, selector: StValue, args: StValue[]): StValue {
  if (!(selector instanceof StSymbol || selector instanceof StString)) return rt.raise('Error', 'selector must be a Symbol');
  return rt.send(rcv, selector.chars, args);
}

/** Pharo's ifTrue: etc. with a non-block argument send `value` to it. */
const valueOf = (rt: Runtime, v: StValue): StValue => (v instanceof StBlock ? rt.callBlock(v, []) : rt.send(v, 'value', []));

export function installObject(): void {
  const O = K.Object;
  def(O, ['printString', 'printStringLimitedTo:'], (_rt, r) => str(printString(r)));
  def(O, ['displayString', 'asString'], (_rt, r) => str(displayString(r)));
  def(O, 'printOn:', (rt, r, [s]) => writeToStream(rt, s as StValue, printString(r)));
  def(O, 'displayStringOn:', (rt, r, [s]) => writeToStream(rt, s as StValue, displayString(r)));
  def(O, 'class', (_rt, r) => classOf(r));
  def(O, 'isKindOf:', (_rt, r, [c]) => c instanceof StClass || c instanceof StMetaclass ? isKindOf(r, c) : false);
  def(O, 'isMemberOf:', (_rt, r, [c]) => classOf(r) === c);
  def(O, 'respondsTo:', (_rt, r, [s]) => (s instanceof StSymbol ? classOf(r).lookup(s.chars) !== null : false));
  def(O, 'isNil', () => false);
  def(O, ['notNil', 'isNotNil'], () => true);
  def(O, 'isEmptyOrNil', () => false);
  def(O, '=', (_rt, r, [a]) => stEquals(r, a as StValue));
  def(O, '~=', (_rt, r, [a]) => !stEquals(r, a as StValue));
  def(O, '==', (_rt, r, [a]) => identical(r, a as StValue));
  def(O, '~~', (_rt, r, [a]) => !identical(r, a as StValue));
  def(O, 'hash', (_rt, r) => hashOf(r));
  def(O, 'identityHash', (_rt, r) => (r instanceof StObject ? hashOf(r) : hashOf(r)));
  def(O, ['yourself', 'value', 'inspect', 'name'], (_rt, r) => r);
  def(O, ['copy', 'shallowCopy'], (_rt, r) => shallowCopy(r));
  def(O, 'deepCopy', (_rt, r) => deepCopy(r));
  def(O, '->', (_rt, r, [a]) => assoc(r, a as StValue));
  def(O, 'in:', (rt, r, [b]) => rt.callBlock(b as StValue, [r]));
  def(O, 'ifNil:', (_rt, r) => r);
  def(O, 'ifNotNil:', (rt, r, [b]) => rt.callBlock(b as StValue, blockArity(b as StValue) === 0 ? [] : [r]));
  def(O, 'ifNil:ifNotNil:', (rt, r, [, b]) => rt.callBlock(b as StValue, blockArity(b as StValue) === 0 ? [] : [r]));
  def(O, 'ifNotNil:ifNil:', (rt, r, [b]) => rt.callBlock(b as StValue, blockArity(b as StValue) === 0 ? [] : [r]));
  def(O, 'perform:', (rt, r, [s]) => perform(rt, r, s as StValue, []));
  def(O, 'perform:with:', (rt, r, [s, a]) => perform(rt, r, s as StValue, [a as StValue]));
  def(O, 'perform:with:with:', (rt, r, [s, a, b]) => perform(rt, r, s as StValue, [a as StValue, b as StValue]));
  def(O, 'perform:withArguments:', (rt, r, [s, a]) => perform(rt, r, s as StValue, a instanceof StArray ? a.items : []));
  def(O, 'error:', (rt, _r, [m]) => rt.raise('Error', m instanceof StString || m instanceof StSymbol ? m.chars : printString(m as StValue)));
  def(O, 'assert:', (rt, _r, [c]) => {
    const v = c instanceof StBlock ? rt.callBlock(c, []) : c;
    return v === true ? null : rt.raise('AssertionFailure', 'Assertion failed');
  });
  def(O, 'assert:description:', (rt, _r, [c, d]) => {
    const v = c instanceof StBlock ? rt.callBlock(c, []) : c;
    return v === true ? null : rt.raise('AssertionFailure', displayString(d as StValue));
  });
  def(O, 'halt', (rt) => rt.raise('Halt', null));
  def(O, 'subclassResponsibility', (rt) => rt.raise('SubclassResponsibility', 'My subclass should have overridden one of my messages.'));
  def(O, 'doesNotUnderstand:', (rt, r, [m]) =>
    rt.raise('MessageNotUnderstood', null, { message: m as StValue, receiver: r }));
  for (const [sel, cls] of [
    ['isString', K.String],
    ['isSymbol', K.Symbol],
    ['isNumber', K.Number],
    ['isInteger', K.Integer],
    ['isFloat', K.Float],
    ['isFraction', K.Fraction],
    ['isCharacter', K.Character],
    ['isArray', K.Array],
    ['isBlock', K.BlockClosure],
    ['isCollection', K.Collection],
    ['isDictionary', K.Dictionary],
    ['isInterval', K.Interval],
    ['isPoint', K.Point],
    ['isAssociation', K.Association],
    ['isBoolean', K.Boolean],
  ] as const) {
    def(O, sel, (_rt, r) => isKindOf(r, cls));
  }
  def(O, 'isClass', (_rt, r) => r instanceof StClass || r instanceof StMetaclass);
  def(O, ['isException'], (_rt, r) => r instanceof StInstance && r.cls.includesBehavior(K.Exception));

  const U = K.UndefinedObject;
  def(U, 'isNil', () => true);
  def(U, ['notNil', 'isNotNil'], () => false);
  def(U, 'isEmptyOrNil', () => true);
  def(U, 'ifNil:', (rt, _r, [b]) => valueOf(rt, b as StValue));
  def(U, 'ifNotNil:', () => null);
  def(U, 'ifNil:ifNotNil:', (rt, _r, [b]) => valueOf(rt, b as StValue));
  def(U, 'ifNotNil:ifNil:', (rt, _r, [, b]) => valueOf(rt, b as StValue));
  def(U, ['subclass:', 'subclass:instanceVariableNames:classVariableNames:package:', 'subclass:instanceVariableNames:classVariableNames:category:'], (rt) =>
    rt.raise('Error', 'Defining classes is not supported by the reference image'));

  const T = K.True;
  const F = K.False;
  def(T, 'not', () => false);
  def(F, 'not', () => true);
  def(T, '&', (_rt, _r, [a]) => a as StValue);
  def(F, '&', () => false);
  def(T, '|', () => true);
  def(F, '|', (_rt, _r, [a]) => a as StValue);
  def(T, ['and:'], (rt, _r, [b]) => valueOf(rt, b as StValue));
  def(F, ['and:'], () => false);
  def(T, ['or:'], () => true);
  def(F, ['or:'], (rt, _r, [b]) => valueOf(rt, b as StValue));
  def(T, 'xor:', (_rt, _r, [a]) => a !== true);
  def(F, 'xor:', (_rt, _r, [a]) => a === true);
  def(K.Boolean, 'eqv:', (_rt, r, [a]) => r === a);
  def(T, 'ifTrue:', (rt, _r, [b]) => valueOf(rt, b as StValue));
  def(F, 'ifTrue:', () => null);
  def(T, 'ifFalse:', () => null);
  def(F, 'ifFalse:', (rt, _r, [b]) => valueOf(rt, b as StValue));
  def(T, 'ifTrue:ifFalse:', (rt, _r, [b]) => valueOf(rt, b as StValue));
  def(F, 'ifTrue:ifFalse:', (rt, _r, [, b]) => valueOf(rt, b as StValue));
  def(T, 'ifFalse:ifTrue:', (rt, _r, [, b]) => valueOf(rt, b as StValue));
  def(F, 'ifFalse:ifTrue:', (rt, _r, [b]) => valueOf(rt, b as StValue));
  def(K.Boolean, ['asBit'], (_rt, r) => (r === true ? 1n : 0n));

  defClass(K.Object, 'new', (_rt, r) => new StInstance(r as StClass));
}
