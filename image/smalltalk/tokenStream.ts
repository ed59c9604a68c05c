/**
 * A token stream with one token of lookahead, and the reading of literal arrays and byte arrays
 * (whose contents follow literal rules rather than expression rules).
 */
import type { LitValue } from './ast.js';
import { Lexer, ParseError, type Token } from './lexer.js';

export class TokenStream {
  protected lexer: Lexer;
  protected tok: Token;
  protected lookahead: Token | null = null;

  constructor(protected readonly src: string) {
    this.lexer = new Lexer(src);
    this.tok = this.lexer.next();
  }

  /** The current token's type (a call, so narrowing does not survive advance()). */
  protected type(): Token['type'] {
    return this.tok.type;
  }

  protected advance(): Token {
    const t = this.tok;
    if (this.lookahead) {
      this.tok = this.lookahead;
      this.lookahead = null;
    } else this.tok = this.lexer.next();
    return t;
  }

  protected peekNext(): Token {
    if (!this.lookahead) this.lookahead = this.lexer.next();
    return this.lookahead;
  }

  protected fail(message: string, pos = this.tok.start): never {
    throw new ParseError(message, pos);
  }

  protected expect(type: Token['type'], what: string): Token {
    if (this.type() !== type) this.fail(`${what} expected`);
    return this.advance();
  }

  protected isBar(): boolean {
    return this.type() === 'binary' && this.tok.text === '|';
  }

  /** Splits a `||` token (as in `[:a || t | ...]`) into two bars. */
  protected splitDoubleBar(): void {
    if (this.type() === 'binary' && this.tok.text === '||') {
      const t = this.tok;
      this.tok = { type: 'binary', text: '|', start: t.start, end: t.start + 1 };
      this.lookahead = { type: 'binary', text: '|', start: t.start + 1, end: t.end };
    }
  }

  protected negativeLiteral(): LitValue | null {
    if (!(this.type() === 'binary' && this.tok.text === '-')) return null;
    const next = this.peekNext();
    if (next.type !== 'literal' || next.start !== this.tok.end || !next.lit) return null;
    const lit = next.lit;
    switch (lit.t) {
      case 'int':
        return { t: 'int', v: -lit.v };
      case 'float':
        return { t: 'float', v: -lit.v };
      case 'frac':
        return { t: 'frac', n: -lit.n, d: lit.d };
      case 'scaled':
        return { t: 'scaled', n: -lit.n, d: lit.d, scale: lit.scale };
      default:
        return null;
    }
  }

  protected lastEnd = 0;

  protected literalArrayBody(): LitValue {
    const items: LitValue[] = [];
    for (;;) {
      const t = this.tok;
      const neg = this.negativeLiteral();
      if (neg) {
        this.advance();
        this.advance();
        items.push(neg);
        continue;
      }
      switch (t.type) {
        case 'rparen':
          this.lastEnd = this.advance().end;
          return { t: 'array', v: items };
        case 'literal':
          this.advance();
          items.push(t.lit as LitValue);
          break;
        case 'ident':
          this.advance();
          if (t.text === 'true') items.push({ t: 'true' });
          else if (t.text === 'false') items.push({ t: 'false' });
          else if (t.text === 'nil') items.push({ t: 'nil' });
          else items.push({ t: 'sym', v: t.text });
          break;
        case 'keyword': {
          // Adjacent keywords (`at:put:`) form one symbol.
          let name = this.advance().text;
          let end = t.end;
          while (this.type() === 'keyword' && this.tok.start === end) {
            end = this.tok.end;
            name += this.advance().text;
          }
          items.push({ t: 'sym', v: name });
          break;
        }
        case 'binary':
          this.advance();
          items.push({ t: 'sym', v: t.text });
          break;
        case 'lparen':
        case 'litArrayStart':
          this.advance();
          items.push(this.literalArrayBody());
          break;
        case 'lbrack':
        case 'byteArrayStart':
          this.advance();
          items.push(this.byteArrayBody());
          break;
        case 'eof':
          return this.fail("')' expected");
        default:
          return this.fail('Literal expected');
      }
    }
  }

  protected byteArrayBody(): LitValue {
    const bytes: number[] = [];
    for (;;) {
      const t = this.tok;
      if (t.type === 'rbrack') {
        this.lastEnd = this.advance().end;
        return { t: 'bytes', v: bytes };
      }
      if (t.type === 'literal' && t.lit?.t === 'int' && t.lit.v >= 0n && t.lit.v <= 255n) {
        this.advance();
        bytes.push(Number(t.lit.v));
        continue;
      }
      return this.fail(t.type === 'eof' ? "']' expected" : '8-bit integer expected');
    }
  }
}
