import { DEFAULT_MAX_MESSAGE_BYTES } from './defaults.js';
import type { ProtocolErrorCode } from './messages.js';

/**
 * Framing: one message = one ZeroMQ frame = one UTF-8 JSON object. The decoder refuses anything
 * else with a protocol error code instead of throwing, because bad input must never take an image
 * (or a client) down.
 */

export type Decoded = { ok: true; value: unknown; bytes: number } | { ok: false; code: ProtocolErrorCode; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Encodes a message as one frame. */
export function encodeMessage(msg: object): Buffer {
  return Buffer.from(JSON.stringify(msg), 'utf8');
}

/** Decodes the frames of one ZeroMQ message (routing id already removed) into a JSON value. */
export function decodeFrames(frames: readonly Uint8Array[], maxBytes: number = DEFAULT_MAX_MESSAGE_BYTES): Decoded {
  const total = frames.reduce((n, f) => n + f.byteLength, 0);
  if (total > maxBytes) {
    return { ok: false, code: 'too_large', message: `message of ${total} bytes exceeds the limit of ${maxBytes} bytes` };
  }
  if (frames.length !== 1) {
    return { ok: false, code: 'malformed', message: `expected exactly one frame, got ${frames.length}` };
  }
  return decodeFrame(frames[0]!, maxBytes);
}

/** Decodes one frame into a JSON value (shape is checked separately, see validate.ts). */
export function decodeFrame(frame: Uint8Array, maxBytes: number = DEFAULT_MAX_MESSAGE_BYTES): Decoded {
  if (frame.byteLength > maxBytes) {
    return { ok: false, code: 'too_large', message: `message of ${frame.byteLength} bytes exceeds the limit of ${maxBytes} bytes` };
  }
  let text: string;
  try {
    text = utf8.decode(frame);
  } catch {
    return { ok: false, code: 'malformed', message: 'frame is not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'malformed', message: 'frame is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'malformed', message: 'a message must be one JSON object' };
  }
  return { ok: true, value, bytes: frame.byteLength };
}
