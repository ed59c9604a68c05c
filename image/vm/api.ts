/**
 * The boundary between the reference image's Smalltalk (parser, evaluator, class library) and the
 * code that serves it over the STUI protocol. The server knows nothing about Smalltalk objects; it
 * sees only these JSON-compatible shapes.
 */

/** A reference to a live object as the client sees it. `oid` stays valid for the session. */
export interface ObjectRef {
  oid: number;
  className: string;
  printString: string;
}

export interface SmalltalkErrorInfo {
  /** The Smalltalk exception class, e.g. 'ZeroDivide', 'MessageNotUnderstood'. */
  errorClass: string;
  messageText: string;
  /** A short stack, innermost first, e.g. ['SmallInteger>>/', 'UndefinedObject>>DoIt']. */
  stack: string[];
}

export type EvalOutcome = { ok: true; value: ObjectRef } | { ok: false; error: SmalltalkErrorInfo };

export interface Slot {
  /** Named slots carry `name`; indexed slots carry `index` (1-based, as in Smalltalk). */
  name?: string;
  index?: number;
  value: ObjectRef;
}

export interface Inspection {
  object: ObjectRef;
  named: Slot[];
  indexed: Slot[];
  /** Total number of indexed slots (the list may be truncated for large collections). */
  indexedSize: number;
}

export interface EvalOptions {
  /** Wall-clock limit; an evaluation still running then is interrupted with an error. */
  timeoutMs: number;
  /** Receives `Transcript show:` / `cr` output as it happens. */
  transcript: (text: string) => void;
}

/** One Smalltalk world: globals shared by all sessions, workspace variables per session. */
export interface SmalltalkVM {
  /** Evaluates a statement sequence in the session's workspace (creating it on first use). */
  evaluate(sessionId: string, source: string, options: EvalOptions): EvalOutcome;
  /** Inspects an object previously handed to this session. */
  inspect(sessionId: string, oid: number): Inspection | { error: SmalltalkErrorInfo };
  /** The session's workspace variables as name → printString, each cut to `printLimit` characters. */
  variables(sessionId: string, printLimit?: number): Record<string, string>;
  hasSession(sessionId: string): boolean;
  /** Forgets a session's workspace and object ids. */
  dropSession(sessionId: string): void;
  /** Serialises globals and workspaces (what a saved image file holds). */
  saveState(): Uint8Array;
}

export interface SmalltalkVMFactory {
  create(): SmalltalkVM;
  /** Rebuilds a world from `saveState()` output. */
  load(state: Uint8Array): SmalltalkVM;
}
