/**
 * Syntax tree of a Smalltalk doit. Positions are 0-based offsets into the source; blocks keep
 * their source text because Pharo prints a block as its source.
 */

/** A literal as the parser read it, before it becomes a Smalltalk object. */
export type LitValue =
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'frac'; n: bigint; d: bigint }
  | { t: 'scaled'; n: bigint; d: bigint; scale: number }
  | { t: 'str'; v: string }
  | { t: 'sym'; v: string }
  | { t: 'char'; v: number }
  | { t: 'array'; v: LitValue[] }
  | { t: 'bytes'; v: number[] }
  | { t: 'true' }
  | { t: 'false' }
  | { t: 'nil' };

/** Where a variable lives, decided once after parsing. */
export type VarRef =
  | { kind: 'temp'; depth: number; index: number }
  | { kind: 'self' }
  | { kind: 'super' }
  | { kind: 'true' }
  | { kind: 'false' }
  | { kind: 'nil' }
  | { kind: 'thisContext' }
  /** Workspace variable or global, looked up by name at run time. */
  | { kind: 'dynamic' };

export interface LitNode {
  k: 'lit';
  value: LitValue;
  start: number;
  end: number;
  /** The materialised object, made on first evaluation. */
  cache?: unknown;
}
export interface VarNode {
  k: 'var';
  name: string;
  start: number;
  end: number;
  ref: VarRef;
}
export interface AssignNode {
  k: 'assign';
  target: VarNode;
  value: Node;
  start: number;
  end: number;
}
/** Sends the compiler would inline in Pharo; evaluated without creating closures. */
export type InlineKind =
  | 'ifTrue:'
  | 'ifFalse:'
  | 'ifTrue:ifFalse:'
  | 'ifFalse:ifTrue:'
  | 'and:'
  | 'or:'
  | 'whileTrue:'
  | 'whileFalse:'
  | 'whileTrue'
  | 'whileFalse'
  | 'to:do:'
  | 'to:by:do:'
  | 'timesRepeat:'
  | 'ifNil:'
  | 'ifNotNil:'
  | 'ifNil:ifNotNil:'
  | 'ifNotNil:ifNil:';
export interface SendNode {
  k: 'send';
  receiver: Node;
  selector: string;
  args: Node[];
  start: number;
  end: number;
  inline?: InlineKind;
}
export interface CascadePart {
  selector: string;
  args: Node[];
}
export interface CascadeNode {
  k: 'cascade';
  receiver: Node;
  /** The first message and every message after a `;`, all sent to `receiver`'s value. */
  parts: CascadePart[];
  start: number;
  end: number;
}
export interface BlockNode {
  k: 'block';
  params: string[];
  temps: string[];
  body: Node[];
  start: number;
  end: number;
  source: string;
  /** Slots a real activation of this block needs (its own names plus those of blocks inlined into it). */
  frameSize: number;
  /** Index of the first parameter/temporary in the frame that holds them. */
  base: number;
  /** Inlined into its enclosing frame (no activation of its own). */
  inlined: boolean;
}
export interface ReturnNode {
  k: 'ret';
  value: Node;
  start: number;
  end: number;
}
export interface BraceNode {
  k: 'brace';
  elements: Node[];
  start: number;
  end: number;
}

export type Node = LitNode | VarNode | AssignNode | SendNode | CascadeNode | BlockNode | ReturnNode | BraceNode;

/** A whole doit: top-level temporaries and statements. */
export interface DoIt {
  temps: string[];
  body: Node[];
  frameSize: number;
  source: string;
}

export function selectorArity(selector: string): number {
  if (/^[A-Za-z_]/.test(selector)) return (selector.match(/:/g) ?? []).length;
  return 1;
}
