/**
 * The object model. Immediates map onto JavaScript values (nil → null, booleans, integers →
 * bigint of any size, floats → number); everything else is an StObject carrying its class.
 */
import type { BlockNode } from './ast.js';

export type StValue = null | boolean | bigint | number | StObject;

/** A primitive method: what a compiled method would do in Pharo. */
export type Method = (rt: Runtime, receiver: StValue, args: StValue[]) => StValue;

/** State shared by every session of one VM. */
export interface WorldState {
  /** What `Smalltalk at:put:` stores. */
  readonly globals: Map<string, StValue>;
  readonly smalltalk: StInstance;
  readonly transcriptObject: StInstance;
}

/** One active `on:do:`. Disabled while its own handler block runs, as in Pharo. */
export interface HandlerRecord {
  selector: StValue;
  block: StValue;
  disabled: boolean;
}

/** What primitives may ask of the running evaluation (interpreter.ts implements it). */
export interface Runtime {
  send(receiver: StValue, selector: string, args: StValue[]): StValue;
  /** Evaluates a block (or anything answering value...) with arguments. */
  callBlock(block: StValue, args: StValue[]): StValue;
  /** Signals an exception; answers the resumption value if a handler resumes it. */
  signal(exception: StInstance): StValue;
  /** Makes and signals an instance of the named exception class. */
  raise(className: string, messageText: string | null, fields?: Record<string, StValue>): StValue;
  readonly handlers: HandlerRecord[];
  /** Number of active methods and blocks; truncateStack restores it after a non-local exit. */
  stackDepth(): number;
  truncateStack(depth: number): void;
  /** Active methods and blocks as Pharo names them, innermost first. */
  stackSnapshot(): string[];
  /** Counts a step and interrupts the evaluation once its time is up. */
  tick(): void;
  readonly world: WorldState;
  transcript(text: string): void;
}

export abstract class StObject {
  abstract readonly cls: Behavior;
}

/** Common part of classes and metaclasses: a method dictionary and a superclass chain. */
export abstract class Behavior extends StObject {
  readonly methods = new Map<string, Method>();
  private readonly cache = new Map<string, { method: Method; owner: Behavior } | null>();
  abstract superBehavior(): Behavior | null;
  abstract get displayName(): string;

  lookup(selector: string): { method: Method; owner: Behavior } | null {
    const hit = this.cache.get(selector);
    if (hit !== undefined) return hit;
    let found: { method: Method; owner: Behavior } | null = null;
    for (let b: Behavior | null = this; b; b = b.superBehavior()) {
      const m = b.methods.get(selector);
      if (m) {
        found = { method: m, owner: b };
        break;
      }
    }
    this.cache.set(selector, found);
    return found;
  }

  includesBehavior(other: Behavior): boolean {
    for (let b: Behavior | null = this; b; b = b.superBehavior()) if (b === other) return true;
    return false;
  }
}

export class StClass extends Behavior {
  readonly meta: StMetaclass;
  constructor(
    readonly name: string,
    readonly superclass: StClass | null,
    readonly instVarNames: string[] = [],
    metaclassClass: () => StClass,
  ) {
    super();
    this.meta = new StMetaclass(this, metaclassClass);
  }
  get cls(): Behavior {
    return this.meta;
  }
  superBehavior(): Behavior | null {
    return this.superclass;
  }
  get displayName(): string {
    return this.name;
  }
  allInstVarNames(): string[] {
    return [...(this.superclass ? this.superclass.allInstVarNames() : []), ...this.instVarNames];
  }
}

export class StMetaclass extends Behavior {
  constructor(
    readonly thisClass: StClass,
    private readonly metaclassClass: () => StClass,
  ) {
    super();
  }
  get cls(): Behavior {
    return this.metaclassClass();
  }
  superBehavior(): Behavior | null {
    // `ProtoObject class superclass` is Class, closing the metaclass loop as in Pharo.
    return this.thisClass.superclass ? this.thisClass.superclass.meta : classClass();
  }
  get displayName(): string {
    return `${this.thisClass.name} class`;
  }
}

let classClassRef: StClass | null = null;
export function setClassClass(c: StClass): void {
  classClassRef = c;
}
function classClass(): StClass {
  if (!classClassRef) throw new Error('kernel not bootstrapped');
  return classClassRef;
}

export class StString extends StObject {
  constructor(
    readonly cls: StClass,
    public chars: string,
    public readOnly = false,
  ) {
    super();
  }
}

export class StSymbol extends StObject {
  constructor(
    readonly cls: StClass,
    readonly chars: string,
  ) {
    super();
  }
}

export class StChar extends StObject {
  constructor(
    readonly cls: StClass,
    readonly code: number,
  ) {
    super();
  }
}

export class StArray extends StObject {
  constructor(
    readonly cls: StClass,
    public items: StValue[],
    public readOnly = false,
  ) {
    super();
  }
}

export class StByteArray extends StObject {
  constructor(
    readonly cls: StClass,
    public bytes: number[],
    public readOnly = false,
  ) {
    super();
  }
}

/** OrderedCollection and SortedCollection (which also keeps a sort block). */
export class StOrdered extends StObject {
  sortBlock: StValue = null;
  constructor(
    readonly cls: StClass,
    public items: StValue[],
  ) {
    super();
  }
}

export interface Entry {
  key: StValue;
  value: StValue;
}

/** Dictionary: entries keyed by an equality key (see equality.ts), kept in insertion order. */
export class StDict extends StObject {
  constructor(
    readonly cls: StClass,
    public map: Map<string, StAssoc> = new Map(),
  ) {
    super();
  }
}

/** Set and Bag. A Bag keeps a count per element; a Set's counts are all 1. */
export class StSet extends StObject {
  constructor(
    readonly cls: StClass,
    public map: Map<string, { value: StValue; count: number }> = new Map(),
  ) {
    super();
  }
}

export class StInterval extends StObject {
  constructor(
    readonly cls: StClass,
    readonly from: StValue,
    readonly to: StValue,
    readonly by: StValue,
  ) {
    super();
  }
}

export class StAssoc extends StObject {
  constructor(
    readonly cls: StClass,
    public key: StValue,
    public value: StValue,
  ) {
    super();
  }
}

export class StPoint extends StObject {
  constructor(
    readonly cls: StClass,
    public x: StValue,
    public y: StValue,
  ) {
    super();
  }
}

/** Always normalised: d > 1, gcd(n, d) = 1. */
export class StFraction extends StObject {
  constructor(
    readonly cls: StClass,
    readonly n: bigint,
    readonly d: bigint,
  ) {
    super();
  }
}

/** Exact rational n/d printed with `scale` decimals. */
export class StScaled extends StObject {
  constructor(
    readonly cls: StClass,
    readonly n: bigint,
    readonly d: bigint,
    readonly scale: number,
  ) {
    super();
  }
}

/** Where `^` inside a block returns to; dead once its doit has finished. */
export interface Home {
  alive: boolean;
  receiver: StValue;
}

export interface Frame {
  vars: StValue[];
  parent: Frame | null;
}

export class StBlock extends StObject {
  constructor(
    readonly cls: StClass,
    readonly node: BlockNode,
    readonly frame: Frame,
    readonly home: Home,
  ) {
    super();
  }
}

/** A block implemented in JavaScript (what `3 + #(1 2)` collects with, for instance). */
export class StNativeBlock extends StObject {
  constructor(
    readonly cls: StClass,
    readonly numArgs: number,
    readonly fn: (args: StValue[]) => StValue,
  ) {
    super();
  }
}

/** Number of arguments a block takes, or null for anything that is not a block. */
export function blockArity(v: StValue): number | null {
  if (v instanceof StBlock) return v.node.params.length;
  if (v instanceof StNativeBlock) return v.numArgs;
  return null;
}

/** A plain object with named instance variables (Object new, exceptions, Message, Transcript...). */
export class StInstance extends StObject {
  readonly vars = new Map<string, StValue>();
  constructor(readonly cls: StClass) {
    super();
  }
  get(name: string): StValue {
    return this.vars.get(name) ?? null;
  }
  set(name: string, value: StValue): void {
    this.vars.set(name, value);
  }
}

/** A collection-like stream over a String or Array (WriteStream/ReadStream/ReadWriteStream). */
export class StStream extends StObject {
  constructor(
    readonly cls: StClass,
    public items: StValue[] | string,
    public position: number,
    public readLimit: number,
  ) {
    super();
  }
}
