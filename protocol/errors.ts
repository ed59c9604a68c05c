import { StuiError } from '../engine/errors.js';
import type { ErrorReply, ProtocolErrorCode } from './messages.js';

/**
 * How protocol failures surface to callers of ImageLink. The wire code (`wireCode`) is kept as is;
 * the StuiError code decides the CLI exit status through errors.ts.
 */
export class ImageProtocolError extends StuiError {
  readonly wireCode: ProtocolErrorCode;
  readonly reply: ErrorReply;

  constructor(reply: ErrorReply) {
    super(
      reply.code === 'unknown_session' ? 'E_SESSION_UNKNOWN' : 'E_PROTOCOL',
      `image refused the request (${reply.code}): ${reply.message}`,
      { wireCode: reply.code, id: reply.id, ...(reply.detail ?? {}) },
    );
    this.wireCode = reply.code;
    this.reply = reply;
  }
}

/** No reply within the request's time limit: the image is down, unreachable or overloaded. */
export class ImageTimeoutError extends StuiError {
  constructor(address: string, id: string, timeoutMs: number) {
    super(
      'E_TIMEOUT',
      `no reply from the image at ${address} within ${timeoutMs} ms (request ${id}); check that it runs and is reachable`,
      { address, id, timeoutMs },
    );
  }
}

/** The link was closed while the request was waiting. */
export class LinkClosedError extends StuiError {
  constructor(address: string, id: string) {
    super('E_IMAGE_OFFLINE', `the connection to ${address} was closed before request ${id} was answered`, { address, id });
  }
}
