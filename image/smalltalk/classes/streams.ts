/** ReadStream / WriteStream on strings and arrays: enough for printOn: and streamContents:. */
import { K, char, str, arr } from '../kernel.js';
import { StArray, StChar, StClass, StStream, StString, StSymbol, type StValue } from '../objects.js';
import { displayString, printString } from '../printing.js';
import type { Runtime } from '../runtime.js';
import { def, defClass } from './define.js';

function contents(s: StStream): StValue {
  if (typeof s.items === 'string') return str(s.items.slice(0, s.readLimit));
  return arr(s.items.slice(0, s.readLimit));
}

function put(rt: Runtime, s: StStream, v: StValue): StValue {
  if (typeof s.items === 'string') {
    if (!(v instanceof StChar)) return rt.raise('Error', 'A character stream accepts only characters');
    const c = String.fromCodePoint(v.code);
    s.items = s.items.slice(0, s.position) + c + s.items.slice(s.position + 1);
    s.position += 1;
  } else {
    s.items[s.position] = v;
    s.position += 1;
  }
  s.readLimit = Math.max(s.readLimit, s.position);
  return v;
}

function putAll(rt: Runtime, s: StStream, v: StValue): StValue {
  if (typeof s.items === 'string') {
    const text = v instanceof StString || v instanceof StSymbol ? v.chars : null;
    if (text === null) return rt.raise('Error', 'A character stream accepts only strings');
    s.items = s.items.slice(0, s.position) + text + s.items.slice(s.position + text.length);
    s.position += text.length;
    s.readLimit = Math.max(s.readLimit, s.position);
    return v;
  }
  const items = v instanceof StArray ? v.items : [];
  for (const e of items) put(rt, s, e);
  return v;
}

/** Appends text to a stream argument (printOn: aStream). */
export function writeToStream(rt: Runtime, target: StValue, text: string): StValue {
  if (target instanceof StStream) putAll(rt, target, str(text));
  else rt.send(target, 'nextPutAll:', [str(text)]);
  return null;
}

function on(cls: StClass, coll: StValue, forWriting: boolean): StStream {
  const items = coll instanceof StString || coll instanceof StSymbol ? coll.chars : coll instanceof StArray ? [...coll.items] : '';
  return new StStream(cls, items, 0, forWriting ? 0 : items.length);
}

export function installStreams(): void {
  const P = K.ReadStream.superclass as StClass;
  defClass(K.ReadStream, 'on:', (_rt, r, [c]) => on(r as StClass, c as StValue, false));
  defClass(K.WriteStream, ['on:', 'with:'], (_rt, r, [c]) => on(r as StClass, c as StValue, true));
  defClass(K.String, ['new:streamContents:', 'streamContents:'], (rt, _r, args) => {
    const s = new StStream(K.WriteStream, '', 0, 0);
    rt.callBlock(args[args.length - 1] as StValue, [s]);
    return contents(s);
  });
  def(K.String, 'readStream', (_rt, r) => on(K.ReadStream, r, false));
  def(K.String, 'writeStream', (_rt, r) => on(K.WriteStream, r, true));
  def(K.Array, 'readStream', (_rt, r) => on(K.ReadStream, r, false));
  def(K.Array, 'writeStream', (_rt, r) => on(K.WriteStream, r, true));
  def(P, 'contents', (_rt, r) => contents(r as StStream));
  def(P, 'next', (_rt, r) => {
    const s = r as StStream;
    if (s.position >= s.readLimit) return null;
    const v = typeof s.items === 'string' ? char(s.items.codePointAt(s.position) as number) : (s.items[s.position] as StValue);
    s.position += 1;
    return v;
  });
  def(P, 'peek', (_rt, r) => {
    const s = r as StStream;
    if (s.position >= s.readLimit) return null;
    return typeof s.items === 'string' ? char(s.items.codePointAt(s.position) as number) : (s.items[s.position] as StValue);
  });
  def(P, 'atEnd', (_rt, r) => (r as StStream).position >= (r as StStream).readLimit);
  def(P, 'upToEnd', (_rt, r) => {
    const s = r as StStream;
    const rest = s.items.slice(s.position, s.readLimit);
    s.position = s.readLimit;
    return typeof rest === 'string' ? str(rest) : arr(rest);
  });
  def(P, 'skip:', (_rt, r, [n]) => {
    const s = r as StStream;
    s.position = Math.max(0, Math.min(s.readLimit, s.position + Number(n)));
    return r;
  });
  def(P, 'position', (_rt, r) => BigInt((r as StStream).position));
  def(P, 'reset', (_rt, r) => {
    (r as StStream).position = 0;
    return r;
  });
  def(P, ['nextPut:'], (rt, r, [v]) => put(rt, r as StStream, v as StValue));
  def(P, ['nextPutAll:', '<<'], (rt, r, [v]) => {
    const text = v instanceof StString || v instanceof StSymbol || typeof (r as StStream).items !== 'string' ? (v as StValue) : str(displayString(v as StValue));
    putAll(rt, r as StStream, text);
    return r;
  });
  def(P, 'print:', (rt, r, [v]) => {
    putAll(rt, r as StStream, str(printString(v as StValue)));
    return r;
  });
  def(P, 'cr', (rt, r) => put(rt, r as StStream, char(13)) && r);
  def(P, 'lf', (rt, r) => put(rt, r as StStream, char(10)) && r);
  def(P, 'space', (rt, r) => put(rt, r as StStream, char(32)) && r);
  def(P, 'tab', (rt, r) => put(rt, r as StStream, char(9)) && r);
}
