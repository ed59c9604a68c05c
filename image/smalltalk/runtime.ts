/**
 * What primitives may ask of the running evaluation, and the JavaScript throwables that carry
 * Smalltalk control flow (non-local return, handler return, retry, resumption, interruption).
 */
import type { Home, StInstance, StValue } from './objects.js';

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

export class NonLocalReturn {
  constructor(
    readonly home: Home,
    readonly value: StValue,
  ) {}
}

export class HandlerReturn {
  constructor(
    readonly record: HandlerRecord,
    readonly value: StValue,
  ) {}
}

export class HandlerRetry {
  constructor(
    readonly record: HandlerRecord,
    readonly replacement: StValue,
  ) {}
}

export class Resumption {
  constructor(
    readonly exception: StInstance,
    readonly value: StValue,
  ) {}
}

/** An exception nobody handled: ends the evaluation (running ensure blocks on the way out). */
export class UnhandledSignal {
  constructor(readonly exception: StInstance) {}
}

/** The time limit struck; not catchable from Smalltalk. */
export class Interrupt {
  constructor(readonly limitMs: number) {}
}
