import type { ErrorReply, ProtocolErrorCode } from './messages.js';

/**
 * The codes of every failure a user can see, engine and image alike. Scripts and tests match on
 * them, and engine/errors.ts maps each to an exit code.
 */
export type ErrorCode =
  | 'E_USAGE'
  | 'E_FAILED'
  | 'E_WRONG_KEY'
  | 'E_KEY_FILE'
  | 'E_HOME'
  | 'E_TAMPERED'
  | 'E_CORRUPT_ENTRY'
  | 'E_UNKNOWN_VERSION'
  | 'E_LOG_CLOSED'
  | 'E_LOG_LOCKED'
  | 'E_STORE_FORMAT'
  | 'E_SMALLTALK'
  | 'E_PROTOCOL'
  | 'E_IMAGE_OFFLINE'
  | 'E_IMAGE_UNKNOWN'
  | 'E_IMAGE_EXISTS'
  | 'E_ENGINE_UNREACHABLE'
  | 'E_ENGINE_RUNNING'
  | 'E_QUEUED'
  | 'E_SESSION_UNKNOWN'
  | 'E_TIMEOUT'
  | 'E_ADDRESS_IN_USE'
  /** The image answering at a registered address is not the one registered there (new imageId). */
  | 'E_IMAGE_IDENTITY';

/** The base of every error a user can see: a stable code, and a message that says what to do next. */
export class StuiError extends Error {
  readonly code: ErrorCode;
  /** Extra machine-readable facts (seq, image name …) for `--json` error output. */
  readonly detail: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, detail: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.detail = detail;
  }
}

/**
 * How protocol failures surface to callers of ImageLink. The wire code (`wireCode`) is kept as is;
 * the StuiError code decides the CLI exit status through engine/errors.ts.
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
