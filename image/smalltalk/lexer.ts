/**
 * Tokeniser for Smalltalk-80 expression syntax as Pharo reads it. Number literals are turned into
 * exact values here (radix, exponent, scaled decimals), so the parser only deals with structure.
 */
import type { LitValue } from './ast.js';

export type TokType =
  | 'ident'
  | 'keyword'
  | 'binary'
  | 'literal'
  | 'assign'
  | 'caret'
  | 'period'
  | 'semi'
  | 'lparen'
  | 'rparen'
  | 'lbrack'
  | 'rbrack'
  | 'lbrace'
  | 'rbrace'
  | 'colon'
  | 'litArrayStart'
  | 'byteArrayStart'
  | 'eof';

export interface Token {
  type: TokType;
  text: string;
  start: number;
  end: number;
  lit?: LitValue;
}

export class ParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const BINARY_CHARS = '!%&*+,-/<=>?@\\~|';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentChar = (c: string): boolean => isLetter(c) || isDigit(c);
export const isBinaryChar = (c: string): boolean => c !== '' && BINARY_CHARS.includes(c);

function digitValue(c: string): number {
  if (isDigit(c)) return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  return 99;
}

export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export class Lexer {
  pos = 0;
  constructor(readonly src: string) {}

  private peek(offset = 0): string {
    return this.src.charAt(this.pos + offset);
  }

  private skipBlanks(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') this.pos++;
      else if (c === '"') {
        const open = this.pos;
        const close = this.src.indexOf('"', this.pos + 1);
        if (close < 0) throw new ParseError('Unmatched comment quote', open);
        this.pos = close + 1;
      } else return;
    }
  }

  next(): Token {
    this.skipBlanks();
    const start = this.pos;
    const c = this.peek();
    const tok = (type: TokType, len: number, lit?: LitValue): Token => {
      this.pos += len;
      const t: Token = { type, text: this.src.slice(start, this.pos), start, end: this.pos };
      if (lit) t.lit = lit;
      return t;
    };
    if (c === '') return { type: 'eof', text: '', start, end: start };
    if (isLetter(c)) {
      let p = this.pos + 1;
      while (isIdentChar(this.src.charAt(p))) p++;
      if (this.src.charAt(p) === ':' && this.src.charAt(p + 1) !== '=') return tok('keyword', p + 1 - start);
      return tok('ident', p - start);
    }
    if (isDigit(c)) return this.number(start);
    switch (c) {
      case "'":
        return this.withLit(start, { t: 'str', v: this.stringBody() });
      case '$': {
        const cp = this.src.codePointAt(this.pos + 1);
        if (cp === undefined) throw new ParseError('Character expected', this.pos + 1);
        return tok('literal', 1 + (cp > 0xffff ? 2 : 1), { t: 'char', v: cp });
      }
      case '#':
        return this.hash(start);
      case ':':
        if (this.peek(1) === '=') return tok('assign', 2);
        return tok('colon', 1);
      case '_':
        return tok('assign', 1);
      case '^':
        return tok('caret', 1);
      case '.':
        return tok('period', 1);
      case ';':
        return tok('semi', 1);
      case '(':
        return tok('lparen', 1);
      case ')':
        return tok('rparen', 1);
      case '[':
        return tok('lbrack', 1);
      case ']':
        return tok('rbrack', 1);
      case '{':
        return tok('lbrace', 1);
      case '}':
        return tok('rbrace', 1);
    }
    if (isBinaryChar(c)) {
      let p = this.pos + 1;
      // A minus never continues a binary selector, so `3+-2` is `3 + -2` as in Pharo.
      while (isBinaryChar(this.src.charAt(p)) && this.src.charAt(p) !== '-') p++;
      return tok('binary', p - start);
    }
    throw new ParseError(`Unknown character ${JSON.stringify(c)}`, start);
  }

  private withLit(start: number, lit: LitValue): Token {
    return { type: 'literal', text: this.src.slice(start, this.pos), start, end: this.pos, lit };
  }

  /** Reads a quoted string at `pos` (which is on the opening quote), doubled quotes included. */
  private stringBody(): string {
    const open = this.pos;
    let out = '';
    let p = this.pos + 1;
    for (;;) {
      const q = this.src.indexOf("'", p);
      if (q < 0) throw new ParseError('Unmatched string quote', open);
      out += this.src.slice(p, q);
      if (this.src.charAt(q + 1) === "'") {
        out += "'";
        p = q + 2;
      } else {
        this.pos = q + 1;
        return out;
      }
    }
  }

  private hash(start: number): Token {
    const n = this.peek(1);
    if (n === '(') {
      this.pos += 2;
      return { type: 'litArrayStart', text: '#(', start, end: this.pos };
    }
    if (n === '[') {
      this.pos += 2;
      return { type: 'byteArrayStart', text: '#[', start, end: this.pos };
    }
    if (n === "'") {
      this.pos++;
      return this.withLit(start, { t: 'sym', v: this.stringBody() });
    }
    if (isLetter(n)) {
      let p = this.pos + 1;
      while (isIdentChar(this.src.charAt(p)) || this.src.charAt(p) === ':') p++;
      const name = this.src.slice(this.pos + 1, p);
      this.pos = p;
      return this.withLit(start, { t: 'sym', v: name });
    }
    if (isBinaryChar(n)) {
      let p = this.pos + 1;
      while (isBinaryChar(this.src.charAt(p))) p++;
      const name = this.src.slice(this.pos + 1, p);
      this.pos = p;
      return this.withLit(start, { t: 'sym', v: name });
    }
    if (n === '#') {
      this.pos++;
      const t = this.hash(this.pos);
      return { ...t, start };
    }
    throw new ParseError('Literal expected after #', start + 1);
  }

  private digits(radix: number): string {
    let p = this.pos;
    while (p < this.src.length && digitValue(this.src.charAt(p)) < radix) p++;
    const s = this.src.slice(this.pos, p);
    this.pos = p;
    return s;
  }

  private number(start: number): Token {
    let radix = 10;
    let negative = false;
    let intPart = this.digits(10);
    if (this.peek() === 'r') {
      radix = Number(intPart);
      if (radix < 2 || radix > 36) throw new ParseError('Radix must be between 2 and 36', start);
      this.pos++;
      if (this.peek() === '-') {
        negative = true;
        this.pos++;
      }
      intPart = this.digits(radix);
      if (intPart === '') throw new ParseError('Digit expected', this.pos);
    }
    let fracPart = '';
    let isFloat = false;
    if (this.peek() === '.' && digitValue(this.peek(1)) < radix) {
      this.pos++;
      fracPart = this.digits(radix);
      isFloat = true;
    }
    let exponent = 0;
    const e = this.peek();
    if ((e === 'e' || e === 'd' || e === 'q') && (isDigit(this.peek(1)) || (this.peek(1) === '-' && isDigit(this.peek(2))))) {
      this.pos++;
      let sign = 1;
      if (this.peek() === '-') {
        sign = -1;
        this.pos++;
      }
      exponent = sign * Number(this.digits(10));
    }
    const mantissa = toBigInt(intPart + fracPart, radix) * (negative ? -1n : 1n);
    const fracScale = BigInt(radix) ** BigInt(fracPart.length);
    if (this.peek() === 's' && !isLetter(this.peek(1))) {
      this.pos++;
      const scaleDigits = this.digits(10);
      const scale = scaleDigits === '' ? fracPart.length : Number(scaleDigits);
      let n = mantissa;
      let d = fracScale;
      if (exponent >= 0) n *= BigInt(radix) ** BigInt(exponent);
      else d *= BigInt(radix) ** BigInt(-exponent);
      const g = gcd(n, d) || 1n;
      return this.withLit(start, { t: 'scaled', n: n / g, d: d / g, scale });
    }
    if (isFloat) {
      const v =
        radix === 10
          ? Number(`${negative ? '-' : ''}${intPart}.${fracPart}e${exponent}`)
          : (Number(mantissa) / Number(fracScale)) * Math.pow(radix, exponent);
      return this.withLit(start, { t: 'float', v });
    }
    if (exponent >= 0) return this.withLit(start, { t: 'int', v: mantissa * BigInt(radix) ** BigInt(exponent) });
    // An integer with a negative exponent is an exact Fraction (or Integer), never a Float.
    const d = BigInt(radix) ** BigInt(-exponent);
    const g = gcd(mantissa, d) || 1n;
    if (d / g === 1n) return this.withLit(start, { t: 'int', v: mantissa / g });
    return this.withLit(start, { t: 'frac', n: mantissa / g, d: d / g });
  }
}

function toBigInt(digits: string, radix: number): bigint {
  if (radix === 10) return BigInt(digits);
  const r = BigInt(radix);
  let v = 0n;
  for (const ch of digits) v = v * r + BigInt(digitValue(ch));
  return v;
}
