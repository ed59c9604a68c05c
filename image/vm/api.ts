/**
 * The boundary between the reference image's Smalltalk (parser, evaluator, class library) and the
 * code that serves it over the STUI protocol. The server knows nothing about Smalltalk objects; it
 * sees only these JSON-compatible shapes.
 */

// The shapes the VM hands out are the wire protocol's own: the server passes them through as they
// are, so there is one definition of what a client sees.
import type { Inspection, ObjectRef, SmalltalkErrorInfo } from '../../protocol/index.js';
export type { Inspection, ObjectRef, Slot, SmalltalkErrorInfo } from '../../protocol/index.js';

export type EvalOutcome = { ok: true; value: ObjectRef } | { ok: false; error: SmalltalkErrorInfo };

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
