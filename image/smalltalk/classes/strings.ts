/** String, Symbol and Character protocol. */
import { K, arr, char, str, sym } from '../kernel.js';
import { Lexer, ParseError } from '../lexer.js';
import { materialize } from '../literals.js';
import { StArray, StChar, StDict, StString, StSymbol, type StValue } from '../objects.js';
import { displayString } from '../printing.js';
import type { Runtime } from '../runtime.js';
import { def, defClass } from './define.js';
import { dictAt } from './hashedCore.js';

const text = (v: StValue): string | null => (v instanceof StString || v instanceof StSymbol ? v.chars : null);
const chars = (r: StValue): string => (r as StString).chars;

function parseNumber(s: string): StValue | undefined {
  const t = s.trim();
  const negative = t.startsWith('-');
  const body = negative ? t.slice(1) : t;
  if (!/^[0-9]/.test(body)) return undefined;
  try {
    const lexer = new Lexer(body);
    const tok = lexer.next();
    if (tok.type !== 'literal' || !tok.lit || lexer.next().type !== 'eof') return undefined;
    if (!['int', 'float', 'frac', 'scaled'].includes(tok.lit.t)) return undefined;
    const v = materialize(tok.lit);
    if (!negative) return v;
    if (typeof v === 'bigint') return -v;
    if (typeof v === 'number') return -v;
    return undefined;
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function installStrings(): void {
  const S = K.String;
  def(S, 'size', (_rt, r) => BigInt(Array.from(chars(r)).length));
  def(S, 'asUppercase', (_rt, r) => (r instanceof StSymbol ? sym(r.chars.toUpperCase()) : str(chars(r).toUpperCase())));
  def(S, 'asLowercase', (_rt, r) => (r instanceof StSymbol ? sym(r.chars.toLowerCase()) : str(chars(r).toLowerCase())));
  def(S, 'capitalized', (_rt, r) => str(chars(r).charAt(0).toUpperCase() + chars(r).slice(1)));
  def(S, 'asSymbol', (_rt, r) => sym(chars(r)));
  def(S, 'asString', (_rt, r) => (r instanceof StSymbol ? str(r.chars) : r));
  def(S, 'asNumber', (rt, r) => parseNumber(chars(r)) ?? rt.raise('Error', 'Reading a number failed'));
  def(S, 'asInteger', (_rt, r) => {
    const m = /-?\d+/.exec(chars(r));
    return m ? BigInt(m[0]) : null;
  });
  def(S, ['includesSubstring:', 'includesSubString:'], (rt, r, [s]) => {
    const t = text(s as StValue);
    return t === null ? rt.raise('Error', 'a String expected') : chars(r).includes(t);
  });
  def(S, ['beginsWith:', 'startsWith:'], (_rt, r, [s]) => chars(r).startsWith(text(s as StValue) ?? '\u0000'));
  def(S, 'endsWith:', (_rt, r, [s]) => chars(r).endsWith(text(s as StValue) ?? '\u0000'));
  def(S, 'lines', (_rt, r) => {
    const c = chars(r);
    if (c === '') return arr([]);
    const parts = c.split(/\r\n|\r|\n/);
    if (parts[parts.length - 1] === '') parts.pop();
    return arr(parts.map(str));
  });
  def(S, ['substrings', 'subStrings'], (_rt, r) => arr(chars(r).split(/[\s]+/).filter((p) => p !== '').map(str)));
  def(S, ['substrings:', 'subStrings:'], (_rt, r, [seps]) => {
    const set = seps instanceof StChar ? String.fromCodePoint(seps.code) : (text(seps as StValue) ?? '');
    const out: string[] = [];
    let cur = '';
    for (const ch of chars(r)) {
      if (set.includes(ch)) {
        if (cur !== '') out.push(cur);
        cur = '';
      } else cur += ch;
    }
    if (cur !== '') out.push(cur);
    return arr(out.map(str));
  });
  def(S, ['trimBoth', 'trimmed', 'trim'], (_rt, r) => str(chars(r).trim()));
  def(S, 'trimLeft', (_rt, r) => str(chars(r).trimStart()));
  def(S, 'trimRight', (_rt, r) => str(chars(r).trimEnd()));
  def(S, 'format:', (rt, r, [args]) =>
    str(
      chars(r).replace(/\{([^}]*)\}/g, (_m, key: string) => {
        let v: StValue = null;
        if (args instanceof StDict) v = dictAt(args, sym(key))?.value ?? dictAt(args, str(key))?.value ?? null;
        else if (args instanceof StArray) v = args.items[Number(key) - 1] ?? null;
        else v = rt.send(args as StValue, 'at:', [BigInt(Number(key))]);
        return displayString(v);
      }),
    ),
  );
  def(S, 'join:', (_rt, r, [c]) => str(((c as StArray).items ?? []).map((e) => displayString(e)).join(chars(r))));
  def(S, 'sameAs:', (_rt, r, [s]) => chars(r).toLowerCase() === (text(s as StValue) ?? '').toLowerCase());
  def(S, 'isString', () => true);
  def(S, 'isSymbol', (_rt, r) => r instanceof StSymbol);
  def(S, 'isAllDigits', (_rt, r) => /^\d*$/.test(chars(r)));
  def(S, 'asByteArray', (rt, r) => rt.send(K.ByteArray, 'withAll:', [arr(Array.from(Buffer.from(chars(r), 'latin1')).map((b) => BigInt(b)))]));
  def(S, 'replaceAll:with:', (rt, r, [a, b]) => {
    if (!(r instanceof StString) || r.readOnly) return rt.raise('ModificationForbidden', null, { object: r, fieldIndex: 1n, newValue: b as StValue, retrySelector: null });
    const from = String.fromCodePoint((a as StChar).code);
    const to = String.fromCodePoint((b as StChar).code);
    r.chars = r.chars.split(from).join(to);
    return r;
  });
  def(S, 'hash', (_rt, r) => {
    let h = 0;
    for (const ch of chars(r)) h = (Math.imul(h, 31) + (ch.codePointAt(0) as number)) | 0;
    return BigInt(h >>> 2);
  });
  for (const [sel, test] of [
    ['<', (c: number) => c < 0],
    ['>', (c: number) => c > 0],
    ['<=', (c: number) => c <= 0],
    ['>=', (c: number) => c >= 0],
  ] as const) {
    def(S, sel, (rt, r, [o]) => {
      const t = text(o as StValue);
      return t === null ? rt.raise('Error', 'a String expected') : test(compareStrings(chars(r), t));
    });
  }
  defClass(S, ['cr'], () => str('\r'));
  defClass(S, ['lf'], () => str('\n'));
  defClass(S, ['crlf'], () => str('\r\n'));
  defClass(S, ['tab'], () => str('\t'));
  defClass(S, ['space'], () => str(' '));
  defClass(S, ['empty'], () => str(''));
  defClass(S, 'with:', (_rt, _r, [c]) => str(String.fromCodePoint((c as StChar).code)));

  const Y = K.Symbol;
  def(Y, ['value:', 'cull:'], (rt, r, [a]) => rt.send(a as StValue, chars(r), []));
  def(Y, 'value:value:', (rt, r, [a, b]) => rt.send(a as StValue, chars(r), [b as StValue]));
  def(Y, 'numArgs', (_rt, r) => {
    const s = chars(r);
    if (/^[!%&*+,\-/<=>?@\\~|]+$/.test(s)) return 1n;
    return BigInt((s.match(/:/g) ?? []).length);
  });
  def(Y, 'keywords', (_rt, r) => arr((chars(r).match(/[^:]+:/g) ?? [chars(r)]).map(str)));
  def(Y, ['copy', 'shallowCopy', 'deepCopy'], (_rt, r) => r);
  defClass(Y, ['new', 'new:'], (rt) => rt.raise('Error', 'Symbols can only be created with asSymbol or literals'));
  defClass(Y, 'intern:', (_rt, _r, [s]) => sym(text(s as StValue) ?? ''));

  const C = K.Character;
  const code = (r: StValue): number => (r as StChar).code;
  const ch = (r: StValue): string => String.fromCodePoint(code(r));
  def(C, ['value', 'asInteger', 'codePoint', 'charCode', 'asciiValue'], (_rt, r) => BigInt(code(r)));
  def(C, 'asCharacter', (_rt, r) => r);
  def(C, 'isVowel', (_rt, r) => 'aeiouAEIOU'.includes(ch(r)));
  def(C, 'isLetter', (_rt, r) => /\p{L}/u.test(ch(r)));
  def(C, 'isDigit', (_rt, r) => /[0-9]/.test(ch(r)));
  def(C, 'isAlphaNumeric', (_rt, r) => /[\p{L}0-9]/u.test(ch(r)));
  def(C, 'isUppercase', (_rt, r) => ch(r) !== ch(r).toLowerCase());
  def(C, 'isLowercase', (_rt, r) => ch(r) !== ch(r).toUpperCase());
  def(C, ['isSeparator'], (_rt, r) => [32, 9, 10, 13, 12].includes(code(r)));
  def(C, 'isCharacter', () => true);
  def(C, 'asUppercase', (_rt, r) => char(ch(r).toUpperCase().codePointAt(0) as number));
  def(C, 'asLowercase', (_rt, r) => char(ch(r).toLowerCase().codePointAt(0) as number));
  def(C, 'asString', (_rt, r) => str(ch(r)));
  def(C, 'asSymbol', (_rt, r) => sym(ch(r)));
  def(C, 'digitValue', (_rt, r) => {
    const c = ch(r);
    if (/[0-9]/.test(c)) return BigInt(code(r) - 48);
    if (/[A-Z]/.test(c)) return BigInt(code(r) - 55);
    return -1n;
  });
  for (const [sel, test] of [
    ['<', (c: number) => c < 0],
    ['>', (c: number) => c > 0],
    ['<=', (c: number) => c <= 0],
    ['>=', (c: number) => c >= 0],
  ] as const) {
    def(C, sel, (rt: Runtime, r, [o]) => (o instanceof StChar ? test(code(r) - o.code) : rt.raise('Error', 'a Character expected')));
  }
  def(C, 'to:', (rt, r, [o]) => {
    if (!(o instanceof StChar)) return rt.raise('Error', 'a Character expected');
    const out: StValue[] = [];
    for (let c = code(r); c <= o.code; c++) out.push(char(c));
    return arr(out);
  });
  defClass(C, 'value:', (rt, _r, [v]) => (typeof v === 'bigint' && v >= 0n && v <= 0x10ffffn ? char(Number(v)) : rt.raise('Error', 'a code point expected')));
  defClass(C, 'digitValue:', (_rt, _r, [v]) => char('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.charCodeAt(Number(v))));
  const named: [string, number][] = [['cr', 13], ['lf', 10], ['linefeed', 10], ['space', 32], ['tab', 9], ['null', 0], ['escape', 27], ['newPage', 12], ['backspace', 8], ['delete', 127], ['enter', 3], ['nbsp', 160], ['home', 1], ['end', 4]];
  for (const [name, c] of named) defClass(C, name, () => char(c));
  defClass(C, 'new', (rt) => rt.raise('Error', 'Characters are created with Character value:'));
}
