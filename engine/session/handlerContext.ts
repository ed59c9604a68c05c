/**
 * What every IPC command handler is given, in a module of its own so that the recorded commands
 * (handlers.ts) and the reads beside them (viewHandlers.ts) share it without importing each other.
 */
import type { VerifyOptions, VerifyResult } from '../log/verify.js';
import type { Args } from './args.js';
import type { SessionEngine } from './engine.js';

export interface HandlerContext {
  engine: SessionEngine;
  home: string;
  /** Walks the whole chain of the open log. */
  verify(options?: VerifyOptions): Promise<VerifyResult>;
  /** Tells the caller how far a long call has come (a progress frame, engine/client/wire.ts). */
  progress(value: unknown): void;
  /** Asks the daemon to shut down cleanly after the reply is sent. */
  requestStop(): void;
}

export type Handler = (ctx: HandlerContext, args: Args) => Promise<unknown> | unknown;
