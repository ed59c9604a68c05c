/**
 * Typed errors. Every failure the user can see is one of these: a stable `code` that scripts and
 * tests match on, and a message that says what to do next. The base class and the list of codes
 * live with the wire protocol (protocol/errors.ts), so the image server raises the same errors
 * without depending on the engine; this module adds the engine's own classes and turns codes into
 * exit codes in exactly one place (`exitCodeFor`), so a new error never invents its own exit status.
 */

import { StuiError, type ErrorCode } from '../protocol/errors.js';

export { StuiError, type ErrorCode };

export class UsageError extends StuiError {
  constructor(message: string) {
    super('E_USAGE', message);
  }
}

export class WrongKeyError extends StuiError {
  constructor(message: string) {
    super('E_WRONG_KEY', message);
  }
}

/** The log's chain or an entry's seal does not hold: someone or something changed stored data. */
export class TamperedError extends StuiError {
  constructor(seq: number, what: string) {
    super('E_TAMPERED', `entry ${seq}: ${what}`, { seq, what });
  }
}

/** An entry decrypted but its contents are not a valid entry (truncated, not CBOR, wrong shape). */
export class CorruptEntryError extends StuiError {
  constructor(seq: number, what: string) {
    super('E_CORRUPT_ENTRY', `entry ${seq}: ${what}`, { seq, what });
  }
}

export class UnknownVersionError extends StuiError {
  constructor(seq: number, type: string, v: number) {
    super(
      'E_UNKNOWN_VERSION',
      `entry ${seq}: ${type} v${v} is newer than this STUI understands and no upcaster exists; ` +
        'upgrade STUI Sessions to read this log',
      { seq, type, v },
    );
  }
}

const EXIT_CODES: Record<ErrorCode, number> = {
  E_USAGE: 2,
  E_FAILED: 1,
  E_WRONG_KEY: 3,
  E_KEY_FILE: 3,
  E_HOME: 1,
  E_TAMPERED: 4,
  E_CORRUPT_ENTRY: 4,
  E_UNKNOWN_VERSION: 1,
  E_LOG_CLOSED: 1,
  E_LOG_LOCKED: 1,
  E_STORE_FORMAT: 1,
  E_SMALLTALK: 1,
  E_PROTOCOL: 1,
  E_IMAGE_OFFLINE: 5,
  E_IMAGE_UNKNOWN: 1,
  E_IMAGE_EXISTS: 1,
  E_ENGINE_UNREACHABLE: 5,
  E_ENGINE_RUNNING: 1,
  E_QUEUED: 5,
  E_SESSION_UNKNOWN: 1,
  E_TIMEOUT: 5,
  E_ADDRESS_IN_USE: 1,
  E_IMAGE_IDENTITY: 1,
};

/** The one mapping from failures to process exit codes (see the command-line contract). */
export function exitCodeFor(err: unknown): number {
  if (err instanceof StuiError) return EXIT_CODES[err.code];
  return 1;
}

export function isStuiError(err: unknown): err is StuiError {
  return err instanceof StuiError;
}

/** An error as it crosses to another thread (structured clone keeps no class). */
export interface SentError {
  name: string;
  message: string;
  stack?: string;
  code?: ErrorCode;
  detail?: Record<string, unknown>;
}

export function sendableError(err: unknown): SentError {
  if (isStuiError(err)) return { name: err.name, message: err.message, stack: err.stack, code: err.code, detail: err.detail };
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: String(err) };
}

/**
 * The error again on this side: the log's integrity errors as their own classes (callers test
 * them with instanceof), other coded errors as StuiError with the same code, message and detail.
 */
export function receivedError(sent: SentError): Error {
  const d = sent.detail ?? {};
  const seq = typeof d.seq === 'number' ? d.seq : undefined;
  const what = typeof d.what === 'string' ? d.what : undefined;
  let err: Error;
  if (sent.code === 'E_TAMPERED' && seq !== undefined && what !== undefined) err = new TamperedError(seq, what);
  else if (sent.code === 'E_CORRUPT_ENTRY' && seq !== undefined && what !== undefined) err = new CorruptEntryError(seq, what);
  else if (sent.code === 'E_UNKNOWN_VERSION' && seq !== undefined && typeof d.type === 'string' && typeof d.v === 'number') {
    err = new UnknownVersionError(seq, d.type, d.v);
  } else if (sent.code !== undefined) err = new StuiError(sent.code, sent.message, d);
  else {
    err = new Error(sent.message);
    err.name = sent.name;
  }
  if (sent.stack) err.stack = sent.stack;
  return err;
}
