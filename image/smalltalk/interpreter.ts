/**
 * The AST interpreter: one instance per evaluation. It keeps the handler stack, a cheap call
 * stack for error reports, and a step counter that checks the clock every 1024 steps.
 */
import type { AssignNode, BlockNode, BraceNode, CascadeNode, DoIt, Node, ReturnNode, SendNode, VarNode } from './ast.js';
import { K, classOf, sym, arr } from './kernel.js';
import { materialize } from './literals.js';
import { StBlock, StInstance, StNativeBlock, type Behavior, type Frame, type Home, type StValue } from './objects.js';
import {
  Interrupt,
  NonLocalReturn,
  type HandlerRecord,
  type Runtime,
  type WorldState,
} from './runtime.js';
import { makeException, signalException } from './exceptions.js';
import { conditional, evalInlined } from './inlining.js';
import { CallStack } from './callStack.js';
import { readVariable, writeVariable } from './variables.js';

const DOIT = 'UndefinedObject>>DoIt';

/**
 * Whether a JavaScript error comes from exhausting the stack. Near the limit V8 may report it
 * from whatever it was doing (compiling a regular expression, say), so only the message counts;
 * and no regular expression is used here, for the same reason.
 */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof Error && typeof e.message === 'string' && e.message.includes('Maximum call stack size exceeded');
}
const CONDITIONALS = new Set(['ifTrue:', 'ifFalse:', 'ifTrue:ifFalse:', 'ifFalse:ifTrue:']);
const BLOCK_VALUE = new Set(['value', 'value:', 'value:value:', 'value:value:value:', 'value:value:value:value:']);

export class Interpreter implements Runtime {
  readonly handlers: HandlerRecord[] = [];
  private readonly stack = new CallStack();
  private steps = 0;

  constructor(
    readonly world: WorldState,
    readonly workspace: Map<string, StValue>,
    private readonly deadline: number,
    readonly limitMs: number,
    private readonly transcriptSink: (text: string) => void,
  ) {}

  transcript(text: string): void {
    this.transcriptSink(text);
  }

  tick(): void {
    if ((++this.steps & 1023) === 0 && Date.now() > this.deadline) throw new Interrupt(this.limitMs);
  }

  stackDepth(): number {
    return this.stack.depth();
  }

  truncateStack(depth: number): void {
    this.stack.truncate(depth);
  }

  stackSnapshot(): string[] {
    return this.stack.snapshot();
  }

  private push(cls: Behavior | null, owner: Behavior | string, selector: string): void {
    this.stack.push(cls, owner, selector);
  }

  private pop(): void {
    this.stack.pop();
  }

  runDoIt(doit: DoIt): StValue {
    const home: Home = { alive: true, receiver: null };
    const frame: Frame = { vars: new Array<StValue>(doit.frameSize).fill(null), parent: null };
    this.push(null, DOIT, 'DoIt');
    try {
      let result: StValue = null;
      for (const stmt of doit.body) {
        if (stmt.k === 'ret') return this.eval(stmt.value, frame, home);
        result = this.eval(stmt, frame, home);
      }
      return result;
    } catch (e) {
      if (e instanceof NonLocalReturn && e.home === home) return e.value;
      throw e;
    } finally {
      home.alive = false;
    }
  }

  raise(className: string, messageText: string | null, fields: Record<string, StValue> = {}): StValue {
    return this.signal(makeException(className, messageText, fields));
  }

  signal(exception: StInstance): StValue {
    return signalException(this, exception, this.handlers.length - 1);
  }

  send(receiver: StValue, selector: string, args: StValue[]): StValue {
    return this.sendFrom(classOf(receiver), receiver, selector, args);
  }

  // No try/finally around the call: whoever catches an unwinding exception (on:do:, ensure:,
  // a handler, the doit) truncates the call stack to its own depth, and small frames let
  // recursion go deeper.
  private sendFrom(cls: Behavior, receiver: StValue, selector: string, args: StValue[]): StValue {
    this.tick();
    const found = cls.lookup(selector);
    if (!found) return this.doesNotUnderstand(cls, receiver, selector, args);
    this.push(classOf(receiver), found.owner, selector);
    let result: StValue;
    try {
      result = found.method(this, receiver, args);
    } catch (e) {
      result = this.primitiveFailure(e, receiver, selector);
    }
    this.pop();
    return result;
  }

  /**
   * A primitive that met arguments it cannot handle fails as in Pharo (PrimitiveFailed), and an
   * allocation JavaScript refuses is OutOfMemory; both are Smalltalk exceptions a handler can
   * catch. Everything else (control flow, stack overflow, the time limit) passes through.
   */
  private primitiveFailure(e: unknown, receiver: StValue, selector: string): StValue {
    if (isStackOverflow(e)) throw e;
    if (e instanceof RangeError) {
      const m = e.message.toLowerCase();
      if (m.includes('array length') || m.includes('bigint') || m.includes('allocat') || m.includes('too large')) {
        return this.raise('OutOfMemory', `Out of memory: ${e.message}`);
      }
    }
    if (e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError) {
      return this.raise('PrimitiveFailed', `primitive #${selector} in ${classOf(receiver).displayName} failed`, { selector: sym(selector) });
    }
    throw e;
  }



  private doesNotUnderstand(cls: Behavior, receiver: StValue, selector: string, args: StValue[]): StValue {
    const message = new StInstance(K.Message);
    message.set('selector', sym(selector));
    message.set('args', arr(args));
    message.set('lookupClass', cls);
    this.push(classOf(receiver), K.Object, `doesNotUnderstand: #${selector}`);
    try {
      return this.signal(makeException('MessageNotUnderstood', null, { message, receiver }));
    } finally {
      this.pop();
    }
  }

  callBlock(block: StValue, args: StValue[]): StValue {
    if (block instanceof StNativeBlock && block.numArgs === args.length) return block.fn(args);
    if (!(block instanceof StBlock)) {
      const sel = ['value', 'value:', 'value:value:', 'value:value:value:', 'value:value:value:value:'][args.length];
      return this.send(block, sel ?? 'valueWithArguments:', sel ? args : [arr(args)]);
    }
    const node = block.node;
    if (node.params.length !== args.length) {
      return this.raise('ArgumentsCountMismatch', null, {
        expectedArgumentsCount: BigInt(node.params.length),
        calledArgumentsCount: BigInt(args.length),
      });
    }
    this.tick();
    if (node.inlined) {
      // A block the compiler inlined, now needed as an object: it runs in its enclosing frame.
      for (let i = 0; i < args.length; i++) block.frame.vars[node.base + i] = args[i] as StValue;
      return this.body(node, block.frame, block.home);
    }
    const vars = new Array<StValue>(node.frameSize).fill(null);
    for (let i = 0; i < args.length; i++) vars[i] = args[i] as StValue;
    this.push(null, '[] in UndefinedObject>>DoIt', '');
    const frame: Frame = { vars, parent: block.frame };
    const stmts = node.body;
    let result: StValue = null;
    for (let i = 0; i < stmts.length; i++) result = this.eval(stmts[i] as Node, frame, block.home);
    this.pop();
    return result;
  }

  /** Runs a block's statements in `frame`; answers the last value (nil when empty). */
  body(node: BlockNode, frame: Frame, home: Home): StValue {
    const stmts = node.body;
    let result: StValue = null;
    for (let i = 0; i < stmts.length; i++) result = this.eval(stmts[i] as Node, frame, home);
    return result;
  }

  // eval dispatches to one small method per node kind: small frames let deep recursion go deeper.
  eval(node: Node, frame: Frame, home: Home): StValue {
    switch (node.k) {
      case 'send': {
        if (node.inline) return CONDITIONALS.has(node.inline) ? conditional(this, node, frame, home) : evalInlined(this, node, frame, home);
        // The common send, handled here rather than in a helper: one frame less per send.
        const receiver = this.eval(node.receiver, frame, home);
        const argNodes = node.args;
        const n = argNodes.length;
        const args = new Array<StValue>(n);
        for (let i = 0; i < n; i++) args[i] = this.eval(argNodes[i] as Node, frame, home);
        if (receiver instanceof StBlock && BLOCK_VALUE.has(node.selector)) return this.callBlock(receiver, args);
        return this.evalSend(node, receiver, args);
      }
      case 'var':
        return node.ref.kind === 'temp' ? this.readTemp(node.ref.depth, node.ref.index, frame) : this.evalVar(node, home);
      case 'lit':
        if (node.cache === undefined) node.cache = materialize(node.value);
        return node.cache as StValue;
      case 'assign':
        return this.evalAssign(node, frame, home);
      case 'cascade':
        return this.evalCascade(node, frame, home);
      case 'block':
        return new StBlock(K.BlockClosure, node, frame, home);
      case 'ret':
        return this.evalReturn(node, frame, home);
      case 'brace':
        return this.evalBrace(node, frame, home);
    }
  }

  private readTemp(depth: number, index: number, frame: Frame): StValue {
    let f = frame;
    for (let d = depth; d > 0; d--) f = f.parent as Frame;
    return f.vars[index] as StValue;
  }

  private evalVar(node: VarNode, home: Home): StValue {
    switch (node.ref.kind) {
      case 'self':
      case 'super':
        return home.receiver;
      case 'true':
        return true;
      case 'false':
        return false;
      case 'dynamic':
        return this.readDynamic(node.name);
      default:
        return null;
    }
  }

  private evalSend(node: SendNode, receiver: StValue, args: StValue[]): StValue {
    const r = node.receiver;
    if (r.k === 'var' && r.ref.kind === 'super') {
      return this.sendFrom(classOf(receiver).superBehavior() ?? K.Object, receiver, node.selector, args);
    }
    return this.sendFrom(classOf(receiver), receiver, node.selector, args);
  }


  private evalAssign(node: AssignNode, frame: Frame, home: Home): StValue {
    const value = this.eval(node.value, frame, home);
    const ref = node.target.ref;
    if (ref.kind === 'temp') {
      let f = frame;
      for (let d = ref.depth; d > 0; d--) f = f.parent as Frame;
      f.vars[ref.index] = value;
    } else if (ref.kind === 'dynamic') this.writeDynamic(node.target.name, value);
    else return this.raise('Error', `Cannot store into ${node.target.name}`);
    return value;
  }

  private evalCascade(node: CascadeNode, frame: Frame, home: Home): StValue {
    const receiver = this.eval(node.receiver, frame, home);
    let result: StValue = null;
    for (const part of node.parts) {
      const args = part.args.map((a) => this.eval(a, frame, home));
      result = this.send(receiver, part.selector, args);
    }
    return result;
  }

  private evalReturn(node: ReturnNode, frame: Frame, home: Home): StValue {
    const value = this.eval(node.value, frame, home);
    if (!home.alive) return this.raise('BlockCannotReturn', null, { result: value });
    throw new NonLocalReturn(home, value);
  }

  private evalBrace(node: BraceNode, frame: Frame, home: Home): StValue {
    return arr(node.elements.map((e) => this.eval(e, frame, home)));
  }

  private readDynamic(name: string): StValue {
    return readVariable(this.world, this.workspace, name);
  }

  private writeDynamic(name: string, value: StValue): void {
    if (!writeVariable(this.world, this.workspace, name, value)) this.raise('Error', `Cannot store into ${name}`);
  }



}
