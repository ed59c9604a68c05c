/**
 * Binds every variable to a frame slot or to a run-time lookup, and marks the sends that Pharo's
 * compiler inlines (ifTrue:, whileTrue:, to:do: ...) so their literal blocks run without closures.
 */
import type { BlockNode, DoIt, InlineKind, Node, SendNode, VarRef } from './ast.js';

interface FrameInfo {
  size: number;
  depth: number;
}

class Scope {
  readonly vars = new Map<string, number>();
  constructor(
    readonly parent: Scope | null,
    readonly frame: FrameInfo,
  ) {}

  declare(name: string): number {
    const index = this.frame.size++;
    this.vars.set(name, index);
    return index;
  }

  lookup(name: string): VarRef | null {
    for (let s: Scope | null = this; s; s = s.parent) {
      const index = s.vars.get(name);
      if (index !== undefined) return { kind: 'temp', depth: this.frame.depth - s.frame.depth, index };
    }
    return null;
  }
}

const SPECIAL: Record<string, VarRef> = {
  self: { kind: 'self' },
  super: { kind: 'super' },
  true: { kind: 'true' },
  false: { kind: 'false' },
  nil: { kind: 'nil' },
  thisContext: { kind: 'thisContext' },
};

const isBlock = (n: Node | undefined, arity: number): n is BlockNode =>
  n !== undefined && n.k === 'block' && n.params.length === arity;
const isBlockUpTo1 = (n: Node | undefined): n is BlockNode =>
  n !== undefined && n.k === 'block' && n.params.length <= 1;

function inlineKind(s: SendNode): InlineKind | undefined {
  const a = s.args;
  switch (s.selector) {
    case 'ifTrue:':
    case 'ifFalse:':
    case 'and:':
    case 'or:':
    case 'timesRepeat:':
      return isBlock(a[0], 0) ? s.selector : undefined;
    case 'ifTrue:ifFalse:':
    case 'ifFalse:ifTrue:':
      return isBlock(a[0], 0) && isBlock(a[1], 0) ? s.selector : undefined;
    case 'whileTrue:':
    case 'whileFalse:':
      return isBlock(s.receiver, 0) && isBlock(a[0], 0) ? s.selector : undefined;
    case 'whileTrue':
    case 'whileFalse':
      return isBlock(s.receiver, 0) ? s.selector : undefined;
    case 'to:do:':
      return isBlock(a[1], 1) ? s.selector : undefined;
    case 'to:by:do:':
      return isBlock(a[2], 1) ? s.selector : undefined;
    case 'ifNil:':
      return isBlock(a[0], 0) ? s.selector : undefined;
    case 'ifNotNil:':
      return isBlockUpTo1(a[0]) ? s.selector : undefined;
    case 'ifNil:ifNotNil:':
      return isBlock(a[0], 0) && isBlockUpTo1(a[1]) ? s.selector : undefined;
    case 'ifNotNil:ifNil:':
      return isBlockUpTo1(a[0]) && isBlock(a[1], 0) ? s.selector : undefined;
    default:
      return undefined;
  }
}

function visit(node: Node, scope: Scope): void {
  switch (node.k) {
    case 'lit':
      return;
    case 'var':
      node.ref = SPECIAL[node.name] ?? scope.lookup(node.name) ?? { kind: 'dynamic' };
      return;
    case 'assign':
      visit(node.target, scope);
      visit(node.value, scope);
      return;
    case 'ret':
      visit(node.value, scope);
      return;
    case 'brace':
      for (const e of node.elements) visit(e, scope);
      return;
    case 'cascade':
      visit(node.receiver, scope);
      for (const p of node.parts) for (const a of p.args) visit(a, scope);
      return;
    case 'block':
      visitRealBlock(node, scope);
      return;
    case 'send': {
      const kind = inlineKind(node);
      if (kind) node.inline = kind;
      if (kind && node.receiver.k === 'block') visitInlined(node.receiver, scope);
      else visit(node.receiver, scope);
      for (const a of node.args) {
        if (kind && a.k === 'block') visitInlined(a, scope);
        else visit(a, scope);
      }
      return;
    }
  }
}

function visitRealBlock(block: BlockNode, outer: Scope): void {
  const scope = new Scope(outer, { size: 0, depth: outer.frame.depth + 1 });
  block.base = 0;
  for (const p of block.params) scope.declare(p);
  for (const t of block.temps) scope.declare(t);
  for (const s of block.body) visit(s, scope);
  block.frameSize = scope.frame.size;
}

/** An inlined block's names live in the enclosing frame, as Pharo's compiler arranges it. */
function visitInlined(block: BlockNode, outer: Scope): void {
  const scope = new Scope(outer, outer.frame);
  block.base = outer.frame.size;
  block.inlined = true;
  for (const p of block.params) scope.declare(p);
  for (const t of block.temps) scope.declare(t);
  for (const s of block.body) visit(s, scope);
  block.frameSize = 0;
}

export function resolve(doit: DoIt): void {
  const scope = new Scope(null, { size: 0, depth: 0 });
  for (const t of doit.temps) scope.declare(t);
  for (const s of doit.body) visit(s, scope);
  doit.frameSize = scope.frame.size;
}
