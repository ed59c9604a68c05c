/**
 * The reference defaults docs/protocol.md gives (Transport, Limits), in a module that loads
 * nothing: the CLI shows them in `stui image serve --help` without loading ZeroMQ.
 */

/** Where `stui image serve` listens unless told otherwise. */
export const DEFAULT_PORT = 7428;

/** Default largest message either side reads: 1 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

export const DEFAULT_EVAL_TIMEOUT_MS = 30_000;
export const DEFAULT_HEARTBEAT_MS = 1000;
/** Replies the image keeps per session, so a resent request is answered and never run twice. */
export const DEFAULT_REPLY_RECORD = 256;
