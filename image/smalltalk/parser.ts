/**
 * Recursive-descent parser for Pharo's expression syntax (doits: temporaries and statements).
 * Errors carry the offset and say what was expected, as Pharo's compiler does.
 */
import type { BlockNode, CascadePart, DoIt, LitValue, Node, VarNode } from './ast.js';
import type { Token } from './lexer.js';
import { TokenStream } from './tokenStream.js';
import { resolve } from './scope.js';

export { ParseError } from './lexer.js';

const PLACEHOLDER_REF = { kind: 'dynamic' } as const;

class Parser extends TokenStream {
  doit(): DoIt {
    const temps = this.temporaries();
    const body = this.statements('eof');
    if (this.type() !== 'eof') this.fail('Nothing more expected');
    return { temps, body, frameSize: 0, source: this.src };
  }

  private temporaries(): string[] {
    this.splitDoubleBar();
    const names: string[] = [];
    if (!this.isBar()) return names;
    this.advance();
    while (this.type() === 'ident') names.push(this.advance().text);
    if (!this.isBar()) this.fail("'|' expected");
    this.advance();
    return names;
  }

  private statements(closer: Token['type']): Node[] {
    const out: Node[] = [];
    for (;;) {
      while (this.type() === 'period') this.advance();
      if (this.type() === closer || this.type() === 'eof') return out;
      if (this.type() === 'caret') {
        // Statements after a return parse (as in Pharo) but never run.
        const start = this.advance().start;
        const value = this.expression();
        out.push({ k: 'ret', value, start, end: value.end });
      } else out.push(this.expression());
      if (this.type() === 'period') continue;
      if (this.type() !== closer && this.type() !== 'eof') this.fail('Period or end of statement expected');
    }
  }

  private expression(): Node {
    if (this.type() === 'ident' && this.peekNext().type === 'assign') {
      const id = this.advance();
      this.advance();
      const target: VarNode = { k: 'var', name: id.text, start: id.start, end: id.end, ref: PLACEHOLDER_REF };
      const value = this.expression();
      return { k: 'assign', target, value, start: id.start, end: value.end };
    }
    const first = this.keywordExpr();
    if (this.type() !== 'semi') return first;
    if (first.k !== 'send') this.fail('Cascade must follow a message send');
    const parts: CascadePart[] = [{ selector: first.selector, args: first.args }];
    let end = first.end;
    while (this.type() === 'semi') {
      this.advance();
      const part = this.cascadeMessage();
      parts.push(part.part);
      end = part.end;
    }
    return { k: 'cascade', receiver: first.receiver, parts, start: first.start, end };
  }

  private cascadeMessage(): { part: CascadePart; end: number } {
    const t = this.tok;
    if (t.type === 'ident') {
      this.advance();
      return { part: { selector: t.text, args: [] }, end: t.end };
    }
    if (t.type === 'binary') {
      this.advance();
      const arg = this.unaryExpr();
      return { part: { selector: t.text, args: [arg] }, end: arg.end };
    }
    if (t.type === 'keyword') {
      let selector = '';
      const args: Node[] = [];
      let end = t.end;
      while (this.type() === 'keyword') {
        selector += this.advance().text;
        const arg = this.binaryExpr();
        args.push(arg);
        end = arg.end;
      }
      return { part: { selector, args }, end };
    }
    return this.fail('Message expected after ;');
  }

  private keywordExpr(): Node {
    const receiver = this.binaryExpr();
    if (this.type() !== 'keyword') return receiver;
    let selector = '';
    const args: Node[] = [];
    let end = receiver.end;
    while (this.type() === 'keyword') {
      selector += this.advance().text;
      const arg = this.binaryExpr();
      args.push(arg);
      end = arg.end;
    }
    return { k: 'send', receiver, selector, args, start: receiver.start, end };
  }

  private binaryExpr(): Node {
    let node = this.unaryExpr();
    while (this.type() === 'binary') {
      const op = this.advance();
      const arg = this.unaryExpr();
      node = { k: 'send', receiver: node, selector: op.text, args: [arg], start: node.start, end: arg.end };
    }
    return node;
  }

  private unaryExpr(): Node {
    let node = this.primary();
    while (this.type() === 'ident') {
      const sel = this.advance();
      node = { k: 'send', receiver: node, selector: sel.text, args: [], start: node.start, end: sel.end };
    }
    return node;
  }

  private primary(): Node {
    const t = this.tok;
    const neg = this.negativeLiteral();
    if (neg) {
      this.advance();
      const num = this.advance();
      return { k: 'lit', value: neg, start: t.start, end: num.end };
    }
    switch (t.type) {
      case 'ident':
        this.advance();
        return { k: 'var', name: t.text, start: t.start, end: t.end, ref: PLACEHOLDER_REF };
      case 'literal':
        this.advance();
        return { k: 'lit', value: t.lit as LitValue, start: t.start, end: t.end };
      case 'lparen': {
        this.advance();
        const e = this.expression();
        if (this.type() !== 'rparen') this.fail("')' expected");
        this.advance();
        return e;
      }
      case 'lbrack':
        return this.block();
      case 'lbrace': {
        this.advance();
        const elements = this.statements('rbrace');
        if (elements.some((e) => e.k === 'ret')) this.fail('Return not allowed in a brace array', t.start);
        const close = this.expect('rbrace', "'}'");
        return { k: 'brace', elements, start: t.start, end: close.end };
      }
      case 'litArrayStart': {
        this.advance();
        const value = this.literalArrayBody();
        return { k: 'lit', value, start: t.start, end: this.lastEnd };
      }
      case 'byteArrayStart': {
        this.advance();
        const value = this.byteArrayBody();
        return { k: 'lit', value, start: t.start, end: this.lastEnd };
      }
      default:
        return this.fail('Variable or expression expected');
    }
  }

  private block(): BlockNode {
    const open = this.advance();
    const params: string[] = [];
    if (this.type() === 'colon') {
      while (this.type() === 'colon') {
        this.advance();
        if (this.type() !== 'ident') this.fail('Argument name expected');
        params.push(this.advance().text);
      }
      this.splitDoubleBar();
      if (this.isBar()) this.advance();
      else if (this.type() !== 'rbrack') this.fail("'|' or ']' expected");
    }
    const temps = this.temporaries();
    const body = this.statements('rbrack');
    if (this.type() !== 'rbrack') this.fail("']' expected");
    const close = this.advance();
    return {
      k: 'block',
      params,
      temps,
      body,
      start: open.start,
      end: close.end,
      source: this.src.slice(open.start, close.end),
      frameSize: 0,
      base: 0,
      inlined: false,
    };
  }
}

/** Parses and resolves a doit. Throws ParseError. */
export function parseDoIt(source: string): DoIt {
  const doit = new Parser(source).doit();
  resolve(doit);
  return doit;
}
