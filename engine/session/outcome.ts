/**
 * Turns an image's answer to an evaluation into the event that closes the write-ahead record
 * (eval.completed or eval.failed). Pure, so the mapping is tested without an image.
 */
import type { TypedEvent } from '../events.js';
import type { EvaluatedReply } from '../../protocol/index.js';
import type { PendingEval } from './state.js';

export function completionEvent(
  pending: PendingEval,
  reply: EvaluatedReply,
  variables: Record<string, string>,
  durationMs: number,
): TypedEvent<'eval.completed'> | TypedEvent<'eval.failed'> {
  if (reply.ok) {
    return {
      type: 'eval.completed',
      stream: pending.session,
      data: {
        request: pending.request,
        result: reply.value.printString,
        className: reply.value.className,
        oid: reply.value.oid,
        durationMs,
        variables,
      },
    };
  }
  return {
    type: 'eval.failed',
    stream: pending.session,
    data: {
      request: pending.request,
      errorClass: reply.error.errorClass,
      messageText: reply.error.messageText,
      stack: reply.error.stack,
      kind: 'smalltalk',
    },
  };
}

/** The evaluation can never be answered by the image (it refused the request itself). */
export function protocolFailure(pending: PendingEval, code: string, message: string): TypedEvent<'eval.failed'> {
  return {
    type: 'eval.failed',
    stream: pending.session,
    data: { request: pending.request, errorClass: `ProtocolError(${code})`, messageText: message, stack: [], kind: 'protocol' },
  };
}


