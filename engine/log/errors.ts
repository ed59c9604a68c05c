import { StuiError } from '../errors.js';

/**
 * Log-specific failures. They reuse the codes (and so the exit codes) of engine/errors.ts; the
 * classes only exist so messages are worded in one place and callers can `instanceof` them.
 */

/** LevelDB allows one process per store; the engine normally is that process. */
export class LogLockedError extends StuiError {
  constructor(location: string) {
    super(
      'E_LOG_LOCKED',
      `the log at ${location} is open in another process (the STUI engine or another stui command); ` +
        'run `stui engine stop` or wait for the other command to finish, then try again',
      { location },
    );
  }
}

/** The key file, salt or key check is missing or malformed, so the log cannot be read at all. */
export class KeyFileError extends StuiError {
  constructor(message: string) {
    super('E_KEY_FILE', message);
  }
}

export class StoreFormatError extends StuiError {
  constructor(message: string) {
    super('E_STORE_FORMAT', message);
  }
}

export class LogClosedError extends StuiError {
  constructor() {
    super('E_LOG_CLOSED', 'the log is closed; open it again with openLog() before reading or appending');
  }
}

/** A synced batch failed; later appends were sealed onto it, so the open log cannot continue. */
export class LogWriteError extends StuiError {
  constructor(cause: unknown) {
    super(
      'E_FAILED',
      `the log could not be written (${(cause as Error)?.message ?? String(cause)}); ` +
        'nothing after the last acknowledged entry was kept — check free disk space, then reopen the log',
    );
  }
}
