/**
 * The SmalltalkVM the server talks to: parses (with a cache), evaluates in a session, and turns
 * every way an evaluation can end into an EvalOutcome — it never throws.
 */
import type { EvalOptions, EvalOutcome, Inspection, SmalltalkErrorInfo, SmalltalkVM, SmalltalkVMFactory } from '../vm/api.js';
import type { DoIt } from './ast.js';
import { installPrimitives } from './classes/index.js';
import { stackOf } from './exceptions.js';
import { Interpreter, isStackOverflow } from './interpreter.js';
import { ParseError, parseDoIt } from './parser.js';
import { outcomeText, safePrintString } from './printing.js';
import { HandlerReturn, HandlerRetry, Interrupt, NonLocalReturn, Resumption, UnhandledSignal } from './runtime.js';
import { loadWorld, saveWorld } from './state.js';
import { World } from './world.js';

installPrimitives();

/** A SmalltalkErrorInfo; syntax errors also carry the 1-based position where parsing stopped. */
export type StErrorInfo = SmalltalkErrorInfo & { position?: number };

const PARSE_CACHE_SIZE = 512;
const DEFAULT_TIMEOUT_MS = 30000;

export class ReferenceVM implements SmalltalkVM {
  private readonly parseCache = new Map<string, DoIt | ParseError>();

  constructor(readonly world: World = new World()) {}

  private parse(source: string): DoIt | ParseError {
    const hit = this.parseCache.get(source);
    if (hit) return hit;
    let result: DoIt | ParseError;
    try {
      result = parseDoIt(source);
    } catch (e) {
      if (isStackOverflow(e)) result = new ParseError('Expression nested too deeply', 0);
      else if (e instanceof ParseError) result = e;
      else throw e;
    }
    if (this.parseCache.size >= PARSE_CACHE_SIZE) {
      const oldest = this.parseCache.keys().next().value;
      if (oldest !== undefined) this.parseCache.delete(oldest);
    }
    this.parseCache.set(source, result);
    return result;
  }

  evaluate(sessionId: string, source: string, options: EvalOptions): EvalOutcome {
    const session = this.world.session(sessionId);
    const fail = (error: StErrorInfo): EvalOutcome => ({ ok: false, error });
    let doit: DoIt | ParseError;
    try {
      doit = this.parse(String(source));
    } catch (e) {
      return fail(internal(e));
    }
    if (doit instanceof ParseError) {
      return fail({
        errorClass: 'SyntaxErrorNotification',
        messageText: `${doit.message} (at position ${doit.position + 1})`,
        stack: [],
        position: doit.position + 1,
      });
    }
    const limit = options && options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_TIMEOUT_MS;
    const sink = (text: string): void => {
      try {
        options.transcript(text);
      } catch {
        // A failing listener must not break the evaluation.
      }
    };
    const interp = new Interpreter(this.world, session.workspace, Date.now() + limit, limit, sink);
    try {
      const value = interp.runDoIt(doit);
      return { ok: true, value: session.registry.ref(value) };
    } catch (e) {
      if (e instanceof UnhandledSignal) {
        return fail({ errorClass: e.exception.cls.name, messageText: outcomeText(e.exception), stack: stackOf(e.exception) });
      }
      if (e instanceof Interrupt) {
        return fail({
          errorClass: 'EvaluationTimeout',
          messageText: `Evaluation interrupted: it exceeded the time limit of ${e.limitMs} ms`,
          stack: ['UndefinedObject>>DoIt'],
        });
      }
      if (isStackOverflow(e)) {
        return fail({
          errorClass: 'StackOverflow',
          messageText: 'Stack overflow: recursion too deep',
          stack: ['UndefinedObject>>DoIt'],
        });
      }
      if (e instanceof RangeError) {
        // Invalid array length, BigInt too big: an allocation Pharo would fail with OutOfMemory.
        return fail({ errorClass: 'OutOfMemory', messageText: `Out of memory: ${e.message}`, stack: ['UndefinedObject>>DoIt'] });
      }
      if (e instanceof NonLocalReturn) {
        return fail({ errorClass: 'BlockCannotReturn', messageText: 'BlockCannotReturn', stack: [] });
      }
      if (e instanceof HandlerReturn || e instanceof HandlerRetry || e instanceof Resumption) {
        return fail({ errorClass: 'Error', messageText: 'Exception handler is no longer active', stack: [] });
      }
      return fail(internal(e));
    }
  }

  inspect(sessionId: string, oid: number): Inspection | { error: SmalltalkErrorInfo } {
    const session = this.world.sessions.get(sessionId);
    if (!session || !session.registry.has(oid)) {
      return { error: { errorClass: 'NotFound', messageText: `No object with oid ${oid} in session ${sessionId}`, stack: [] } };
    }
    try {
      return session.registry.inspect(oid);
    } catch (e) {
      return { error: internal(e) };
    }
  }

  /**
   * The workspace variables' printStrings. `printLimit` stops printing
   * early, which matters for callers that clip the strings anyway: printing a large collection to
   * 50 000 characters only to keep 1000 is wasted work on every evaluation.
   */
  variables(sessionId: string, printLimit?: number): Record<string, string> {
    const out: Record<string, string> = {};
    const session = this.world.sessions.get(sessionId);
    if (!session) return out;
    const limit = printLimit && printLimit > 0 ? printLimit : undefined;
    for (const [name, value] of session.workspace) out[name] = safePrintString(value, limit);
    return out;
  }

  hasSession(sessionId: string): boolean {
    return this.world.sessions.has(sessionId);
  }

  dropSession(sessionId: string): void {
    this.world.sessions.delete(sessionId);
  }

  saveState(): Uint8Array {
    return saveWorld(this.world);
  }
}

function internal(e: unknown): StErrorInfo {
  const text = e instanceof Error ? e.message : String(e);
  return { errorClass: 'Error', messageText: `Internal error: ${text}`, stack: [] };
}

export const smalltalk: SmalltalkVMFactory = {
  create: () => new ReferenceVM(),
  load: (state: Uint8Array) => new ReferenceVM(loadWorld(state)),
};
