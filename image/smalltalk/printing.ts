/**
 * printString and displayString as Pharo writes them. Output is capped at 50000 characters and
 * then ends in '...etc...', as Pharo's printString (printStringLimitedTo: 50000) does; the cap
 * also stops runaway printing of cyclic structures.
 */
import { classOf, K } from './kernel.js';
import * as exceptionText from './exceptionText.js';
import { printFloat, printFraction, printScaled } from './numprint.js';
import {
  StArray,
  StAssoc,
  StBlock,
  StByteArray,
  StChar,
  StClass,
  StDict,
  StFraction,
  StInstance,
  StInterval,
  StMetaclass,
  StNativeBlock,
  StOrdered,
  StPoint,
  StScaled,
  StSet,
  StString,
  StSymbol,
  type StValue,
} from './objects.js';
import { isNum, compare, type Num } from './numbers.js';

export const PRINT_LIMIT = 50000;

class Full {}

class Out {
  text = '';
  constructor(readonly limit: number) {}
  put(s: string): void {
    this.text += s;
    // Like Pharo's limitedTo: stream: reaching the limit counts as cut.
    if (this.text.length >= this.limit) throw new Full();
  }
}

export function printString(v: StValue, limit = PRINT_LIMIT): string {
  return render(v, false, limit);
}

/** An exception's Pharo texts (exceptionText.ts), with the values inside them printed as here. */
export const messageText = (e: StInstance): string => exceptionText.messageText(e, printString);
export const describeException = (e: StInstance): string => exceptionText.describeException(e, printString);
export const outcomeText = (e: StInstance): string => exceptionText.outcomeText(e, printString);

/** printString that cannot fail: structures nested too deeply for the stack get a placeholder. */
export function safePrintString(v: StValue, limit = PRINT_LIMIT): string {
  try {
    return printString(v, limit);
  } catch (e) {
    if (e instanceof Error && e.message.includes('Maximum call stack size exceeded')) {
      return `${article(classOf(v).displayName)} (nested too deeply to print)`;
    }
    throw e;
  }
}

/**
 * Pharo's displayString: Strings, Symbols and Characters show their characters; everything else,
 * collections included (Collection has no displayStringOn:), shows its printString.
 */
export function displayString(v: StValue, limit = PRINT_LIMIT): string {
  return render(v, v instanceof StString || v instanceof StSymbol || v instanceof StChar, limit);
}

function render(v: StValue, display: boolean, limit: number): string {
  const out = new Out(limit);
  try {
    printOn(v, out, display);
    return out.text;
  } catch (e) {
    if (e instanceof Full) return out.text.slice(0, limit) + '...etc...';
    throw e;
  }
}

export function article(name: string): string {
  return /^[AEIOUaeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

/** Pharo's Character class>>constantNames, first match wins (so 12 is newPage, not pageDown). */
const CHAR_NAMES: [string, number][] = [
  ['backspace', 8], ['cr', 13], ['delete', 127], ['escape', 27], ['lf', 10], ['newPage', 12], ['space', 32],
  ['tab', 9], ['arrowDown', 31], ['arrowLeft', 28], ['arrowRight', 29], ['arrowUp', 30], ['enter', 3],
  ['end', 4], ['home', 1], ['insert', 5], ['nbsp', 160], ['pageDown', 12], ['pageUp', 11], ['null', 0],
];

/** As Pharo's Character>>printOn:: `$a` above 32 (except 127), else `Character cr` or `Character value: 7`. */
export function printChar(code: number): string {
  if (code > 32 && code !== 127) return `$${String.fromCodePoint(code)}`;
  const named = CHAR_NAMES.find(([, c]) => c === code);
  return named ? `Character ${named[0]}` : `Character value: ${code}`;
}

export function printSymbol(name: string): string {
  const plain =
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ||
    /^([A-Za-z_][A-Za-z0-9_]*:)+$/.test(name) ||
    /^[!%&*+,\-/<=>?@\\~|]+$/.test(name);
  return plain ? `#${name}` : `#'${name.replace(/'/g, "''")}'`;
}

export const quoteString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Pharo prints an Array in literal form when every element is a literal, else in brace form. */
function isLiteral(v: StValue): boolean {
  if (v === null || typeof v === 'boolean' || typeof v === 'bigint') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (v instanceof StScaled || v instanceof StString || v instanceof StSymbol || v instanceof StChar) return true;
  if (v instanceof StByteArray) return true;
  if (v instanceof StArray) return v.cls === K.Array && v.items.every(isLiteral);
  return false;
}

function elements(items: StValue[], out: Out, sep: string): void {
  items.forEach((e, i) => {
    if (i > 0) out.put(sep);
    printOn(e, out, false);
  });
}

/** Pharo's isSelfEvaluating: the printString, evaluated, gives an equal object back. */
function isSelfEvaluating(v: StValue, depth = 0): boolean {
  if (depth > 32) return false;
  if (isLiteral(v) || isNum(v)) return true;
  if (v instanceof StPoint) return isSelfEvaluating(v.x, depth + 1) && isSelfEvaluating(v.y, depth + 1);
  if (v instanceof StAssoc) return isSelfEvaluating(v.key, depth + 1) && isSelfEvaluating(v.value, depth + 1);
  if (v instanceof StInterval || v instanceof StClass || v instanceof StMetaclass) return true;
  if (v instanceof StArray) return v.cls === K.Array && v.items.every((e) => isSelfEvaluating(e, depth + 1));
  return v instanceof StInstance && v.cls === K.SystemDictionary;
}

/** Literal form `#(1 $a)`, else self-evaluating form `{(1@2). 3}`, else `an Array(an Object)`. */
function printArray(a: StArray, out: Out): void {
  if (isLiteral(a)) {
    out.put('#(');
    elements(a.items, out, ' ');
    out.put(')');
  } else if (isSelfEvaluating(a)) {
    out.put('{');
    elements(a.items, out, '. ');
    out.put('}');
  } else {
    out.put(`${article(a.cls.name)}(`);
    elements(a.items, out, ' ');
    out.put(')');
  }
}

/**
 * Dictionary keys in the order Pharo's keysSortedSafely gives: strings with strings and numbers
 * with numbers by `<`, objects of one class by printString, otherwise by class name.
 */
export function sortedKeysSafely(keys: StValue[]): StValue[] {
  const isStr = (v: StValue): boolean => v instanceof StString || v instanceof StSymbol;
  const before = (x: StValue, y: StValue): boolean => {
    if (isStr(x) && isStr(y)) return (x as StString).chars < (y as StString).chars;
    if (isNum(x) && isNum(y)) return compare(x, y) < 0;
    const cx = classOf(x);
    const cy = classOf(y);
    if (cx === cy) return printString(x, 200) < printString(y, 200);
    return cx.displayName < cy.displayName;
  };
  return [...keys].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
}


/** Set elements: numbers ascending (small integers sit in hash order in Pharo), others as added. */
export function setPrintOrder(values: StValue[]): StValue[] {
  if (values.every(isNum)) return [...values].sort((a, b) => compare(a as Num, b as Num) || 0);
  return values;
}

export function printOn(v: StValue, out: Out, display: boolean): void {
  if (v === null) return out.put('nil');
  switch (typeof v) {
    case 'boolean':
      return out.put(v ? 'true' : 'false');
    case 'bigint':
      return out.put(v.toString());
    case 'number':
      return out.put(printFloat(v));
  }
  if (v instanceof StString) return out.put(display ? v.chars : quoteString(v.chars));
  if (v instanceof StSymbol) return out.put(display ? v.chars : printSymbol(v.chars));
  if (v instanceof StChar) return out.put(display ? String.fromCodePoint(v.code) : printChar(v.code));
  if (v instanceof StFraction) return out.put(printFraction(v));
  if (v instanceof StScaled) return out.put(printScaled(v));
  if (v instanceof StArray) return printArray(v, out);
  if (v instanceof StByteArray) return out.put(`#[${v.bytes.join(' ')}]`);
  if (v instanceof StOrdered || v instanceof StSet) {
    out.put(`${article(v.cls.name)}(`);
    if (v instanceof StOrdered) elements(v.items, out, ' ');
    else {
      const values: StValue[] = [];
      for (const e of v.map.values()) for (let i = 0; i < e.count; i++) values.push(e.value);
      elements(setPrintOrder(values), out, ' ');
    }
    return out.put(')');
  }
  if (v instanceof StDict) {
    out.put(`${article(v.cls.name)}(`);
    // Pharo prints only the size of a dictionary with more than 100 entries.
    if (v.map.size > 100) return out.put(`size ${v.map.size})`);
    const byKey = new Map<StValue, StAssoc>();
    for (const a of v.map.values()) byKey.set(a.key, a);
    for (const key of sortedKeysSafely([...byKey.keys()])) {
      const a = byKey.get(key) as StAssoc;
      printOn(a.key, out, false);
      out.put('->');
      printOn(a.value, out, false);
      out.put(' ');
    }
    return out.put(')');
  }
  if (v instanceof StInterval) {
    out.put('(');
    printOn(v.from, out, false);
    out.put(' to: ');
    printOn(v.to, out, false);
    if (!(v.by === 1n)) {
      out.put(' by: ');
      printOn(v.by, out, false);
    }
    return out.put(')');
  }
  if (v instanceof StAssoc) {
    printOn(v.key, out, false);
    out.put('->');
    return printOn(v.value, out, false);
  }
  if (v instanceof StPoint) {
    out.put('(');
    printOn(v.x, out, false);
    out.put('@');
    // Pharo separates a negative y so the text does not read as the binary selector `@-`.
    if (isNum(v.y) && compare(v.y, 0n) < 0) out.put(' ');
    printOn(v.y, out, false);
    return out.put(')');
  }
  if (v instanceof StBlock) return out.put(v.node.source);
  if (v instanceof StNativeBlock) return out.put('[ "primitive" ]');
  if (v instanceof StClass) return out.put(v.name);
  if (v instanceof StMetaclass) return out.put(v.displayName);
  if (v instanceof StInstance) {
    if (v.cls === K.SystemDictionary) return out.put('Smalltalk');
    if (v.cls.includesBehavior(classOfException())) return out.put(describeException(v));
    if (v.cls === K.Message) {
      const sel = v.get('selector');
      const args = v.get('args');
      const selName = sel instanceof StSymbol ? sel.chars : '';
      if (!(args instanceof StArray) || args.items.length === 0) return out.put(selName);
      const parts = selName.split(':').filter((p) => p !== '');
      if (parts.length !== args.items.length) {
        out.put(selName + ' ');
        return printOn(args.items[0] ?? null, out, false);
      }
      parts.forEach((p, i) => {
        if (i > 0) out.put(' ');
        out.put(`${p}: `);
        printOn(args.items[i] ?? null, out, false);
      });
      return;
    }
  }
  return out.put(article(classOf(v).displayName));
}

const classOfException = (): StClass => K.Exception;
