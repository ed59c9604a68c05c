/**
 * The JavaScript throwables that carry Smalltalk control flow (non-local return, handler return,
 * retry, resumption, interruption), and what primitives may ask of the running evaluation
 * (`Runtime`). That interface is declared with the object model, whose methods receive it, so the
 * two modules do not import each other; it is re-exported here, where its users look for it.
 */
import type { HandlerRecord, Home, StInstance, StValue } from './objects.js';

export type { HandlerRecord, Runtime, WorldState } from './objects.js';

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
