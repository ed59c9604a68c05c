/**
 * The sends Pharo's compiler inlines (ifTrue:, and:, whileTrue:, to:do:, timesRepeat:, ifNil:...):
 * their literal blocks run in the enclosing frame, without closures or message sends.
 */
import type { BlockNode, Node, SendNode } from './ast.js';
import { add, compare, isNum, isZero, sign, type Num } from './numbers.js';
import type { Frame, Home, StValue } from './objects.js';

/** What inlined evaluation needs from the interpreter. */
export interface Interp {
  eval(node: Node, frame: Frame, home: Home): StValue;
  body(node: BlockNode, frame: Frame, home: Home): StValue;
  send(receiver: StValue, selector: string, args: StValue[]): StValue;
  raise(className: string, messageText: string | null, fields?: Record<string, StValue>): StValue;
  tick(): void;
}

/** Runs a block the compiler inlined, in the current frame. */
function inlined(it: Interp, block: Node, frame: Frame, home: Home, arg?: StValue): StValue {
  const node = block as BlockNode;
  if (arg !== undefined && node.params.length > 0) frame.vars[node.base] = arg;
  return it.body(node, frame, home);
}

/** The send as a real message, when the receiver is not what the inlined form expects. */
function realSend(it: Interp, node: SendNode, receiver: StValue, frame: Frame, home: Home): StValue {
  const args = node.args.map((a) => it.eval(a, frame, home));
  return it.send(receiver, node.selector, args);
}

/** The commonest inlined sends, kept in a small method of their own. */
export function conditional(it: Interp, node: SendNode, frame: Frame, home: Home): StValue {
  const a = node.args;
  const r = it.eval(node.receiver, frame, home);
  if (typeof r !== 'boolean') return realSend(it, node, r, frame, home);
  const sel = node.selector;
  let block: Node | undefined;
  if (sel === 'ifTrue:') block = r ? a[0] : undefined;
  else if (sel === 'ifFalse:') block = r ? undefined : a[0];
  else block = (sel === 'ifTrue:ifFalse:' ? r : !r) ? a[0] : a[1];
  if (!block) return null;
  const stmts = (block as BlockNode).body;
  // A one-statement branch is evaluated directly: one frame less in recursive code.
  return stmts.length === 1 ? it.eval(stmts[0] as Node, frame, home) : it.body(block as BlockNode, frame, home);
}

export function evalInlined(it: Interp, node: SendNode, frame: Frame, home: Home): StValue {
  const kind = node.inline;
  if (kind === 'ifTrue:ifFalse:' || kind === 'ifTrue:' || kind === 'ifFalse:' || kind === 'ifFalse:ifTrue:') {
    return conditional(it, node, frame, home);
  }
  return otherInline(it, node, frame, home);
}

function otherInline(it: Interp, node: SendNode, frame: Frame, home: Home): StValue {
  const a = node.args;
  switch (node.inline) {
    case 'ifTrue:':
    case 'ifFalse:':
    case 'ifTrue:ifFalse:':
    case 'ifFalse:ifTrue:':
      return conditional(it, node, frame, home);
    case 'and:':
    case 'or:': {
      const r = it.eval(node.receiver, frame, home);
      if (typeof r !== 'boolean') return realSend(it, node, r, frame, home);
      if (node.inline === 'and:') return r ? inlined(it, a[0] as Node, frame, home) : false;
      return r ? true : inlined(it, a[0] as Node, frame, home);
    }
    case 'whileTrue:':
    case 'whileFalse:':
    case 'whileTrue':
    case 'whileFalse': {
      const want = node.inline.startsWith('whileTrue');
      for (;;) {
        it.tick();
        const c = inlined(it, node.receiver, frame, home);
        if (typeof c !== 'boolean') return it.raise('NonBooleanReceiver', null, { object: c });
        if (c !== want) return null;
        if (a[0]) inlined(it, a[0], frame, home);
      }
    }
    case 'timesRepeat:': {
      const n = it.eval(node.receiver, frame, home);
      if (typeof n !== 'bigint') return realSend(it, node, n, frame, home);
      for (let i = 1n; i <= n; i++) {
        it.tick();
        inlined(it, a[0] as Node, frame, home);
      }
      return n;
    }
    case 'to:do:':
    case 'to:by:do:': {
      const from = it.eval(node.receiver, frame, home);
      const to = it.eval(a[0] as Node, frame, home);
      const step: StValue = node.inline === 'to:do:' ? 1n : it.eval(a[1] as Node, frame, home);
      const body = (node.inline === 'to:do:' ? a[1] : a[2]) as Node;
      if (!isNum(from) || !isNum(to) || !isNum(step)) {
        const args = node.inline === 'to:do:' ? [to] : [to, step];
        return it.send(from, node.selector, [...args, it.eval(body, frame, home)]);
      }
      if (isZero(step)) return it.raise('Error', 'step must not be zero');
      const up = sign(step) > 0;
      if (typeof from === 'bigint' && typeof to === 'bigint' && typeof step === 'bigint') {
        for (let i = from; up ? i <= to : i >= to; i += step) {
          it.tick();
          inlined(it, body, frame, home, i);
        }
      } else {
        for (let i: StValue = from; up ? compare(i as Num, to) <= 0 : compare(i as Num, to) >= 0; i = add(i as Num, step)) {
          it.tick();
          inlined(it, body, frame, home, i);
        }
      }
      return from;
    }
    case 'ifNil:':
    case 'ifNotNil:':
    case 'ifNil:ifNotNil:':
    case 'ifNotNil:ifNil:': {
      const r = it.eval(node.receiver, frame, home);
      const nilBlock = node.inline === 'ifNil:' || node.inline === 'ifNil:ifNotNil:' ? a[0] : node.inline === 'ifNotNil:ifNil:' ? a[1] : undefined;
      const notNilBlock = node.inline === 'ifNotNil:' || node.inline === 'ifNotNil:ifNil:' ? a[0] : node.inline === 'ifNil:ifNotNil:' ? a[1] : undefined;
      if (r === null) return nilBlock ? inlined(it, nilBlock, frame, home) : null;
      return notNilBlock ? inlined(it, notNilBlock, frame, home, r) : r;
    }
    default:
      return realSend(it, node, it.eval(node.receiver, frame, home), frame, home);
  }
}
