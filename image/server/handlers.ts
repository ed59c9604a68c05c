import type {
  ErrorReply,
  EvaluateRequest,
  InspectRequest,
  Reply,
  SessionCloseRequest,
  SessionOpenRequest,
} from '../../protocol/index.js';
import type { SmalltalkVM } from '../vm/api.js';

/**
 * The session requests that reach the Smalltalk world, turned into replies. Pure functions of a
 * VM, so they run the same inside the worker thread and in unit tests.
 */
export type VmRequest = SessionOpenRequest | SessionCloseRequest | EvaluateRequest | InspectRequest;

export const VM_REQUEST_TYPES: ReadonlySet<string> = new Set<VmRequest['type']>(['session.open', 'session.close', 'evaluate', 'inspect']);

export function isVmRequest(msg: { type: string }): msg is VmRequest {
  return VM_REQUEST_TYPES.has(msg.type);
}

function unknownSession(req: VmRequest): ErrorReply {
  return {
    type: 'error',
    id: req.id,
    session: req.session,
    code: 'unknown_session',
    message: `the image holds no session "${req.session}"; open it with session.open first`,
  };
}

export interface HandleContext {
  /** The time limit for this request (already clamped to the image's limit). */
  timeoutMs: number;
  /** Live transcript output of an evaluation. */
  transcript: (text: string) => void;
}

export function handleVmRequest(vm: SmalltalkVM, req: VmRequest, ctx: HandleContext): Reply {
  switch (req.type) {
    case 'session.open': {
      const existed = vm.hasSession(req.session);
      if (!existed && req.mustExist) return unknownSession(req);
      // A session comes into being on its first evaluation in the VM; an empty one is enough.
      if (!existed) vm.evaluate(req.session, 'nil', { timeoutMs: ctx.timeoutMs, transcript: () => undefined });
      return { type: 'session.opened', id: req.id, session: req.session, resumed: existed, variables: clippedVariables(vm, req.session) };
    }
    case 'session.close': {
      const existed = vm.hasSession(req.session);
      if (existed) vm.dropSession(req.session);
      return { type: 'session.closed', id: req.id, session: req.session, existed };
    }
    case 'evaluate': {
      if (!vm.hasSession(req.session)) return unknownSession(req);
      let transcript = '';
      const outcome = vm.evaluate(req.session, req.code, {
        timeoutMs: ctx.timeoutMs,
        transcript: (text) => {
          transcript += text;
          ctx.transcript(text);
        },
      });
      const variables = clippedVariables(vm, req.session);
      return outcome.ok
        ? { type: 'evaluated', id: req.id, session: req.session, ok: true, value: outcome.value, transcript, variables }
        : { type: 'evaluated', id: req.id, session: req.session, ok: false, error: outcome.error, transcript, variables };
    }
    case 'inspect': {
      if (!vm.hasSession(req.session)) return unknownSession(req);
      const r = vm.inspect(req.session, req.oid);
      return 'error' in r
        ? { type: 'inspected', id: req.id, session: req.session, ok: false, error: r.error }
        : { type: 'inspected', id: req.id, session: req.session, ok: true, inspection: r };
    }
  }
}

/**
 * Variables travel with every answer, so each printString is cut to a size that keeps answers
 * small whatever the workspace holds; the full printString is one `evaluate` of the name away.
 */
export const VARIABLE_PRINT_LIMIT = 1000;

function clippedVariables(vm: SmalltalkVM, session: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, print] of Object.entries(vm.variables(session, VARIABLE_PRINT_LIMIT))) {
    out[name] = print.length > VARIABLE_PRINT_LIMIT ? print.slice(0, VARIABLE_PRINT_LIMIT) + '...etc...' : print;
  }
  return out;
}
