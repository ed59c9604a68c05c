/**
 * The engine's IPC wire format. A client (DEALER) sends one frame holding one JSON object
 * `{id, cmd, args}`; the engine (ROUTER) answers with one frame `{id, ok: true, result}` or
 * `{id, ok: false, error: {code, message, detail}}`. Errors carry StuiError codes so the CLI
 * rethrows them unchanged and exit codes are decided in one place (engine/errors.ts).
 *
 * A large result comes in parts instead, each a message of two frames: a header
 * `{id, part: n, end: boolean}` (n counts from 0) and a piece of the result's JSON text. The
 * pieces of parts 0..n joined, once one says `end: true`, are the result. An error reply (one
 * frame) for the same id may still follow parts and then replaces them.
 *
 * A long call (verifying the whole log) may send `{id, progress}` frames before its reply: notes
 * on how far it has come, which settle nothing.
 */
import type { ErrorCode } from '../errors.js';

export interface EngineRequest {
  id: string;
  cmd: string;
  args: Record<string, unknown>;
}

export interface WireError {
  code: ErrorCode;
  message: string;
  detail: Record<string, unknown>;
}

export type EngineReply =
  | { id: string | null; ok: true; result: unknown }
  | { id: string | null; ok: false; error: WireError };

export interface PartHeader {
  id: string;
  part: number;
  end: boolean;
}

/** The header of a result part, or undefined when the frame is not one. */
export function parsePartHeader(frame: Buffer): PartHeader | undefined {
  let v: unknown;
  try {
    v = JSON.parse(frame.toString('utf8'));
  } catch {
    return undefined;
  }
  const h = v as Partial<PartHeader> | null;
  if (typeof h !== 'object' || h === null || typeof h.id !== 'string') return undefined;
  if (!Number.isSafeInteger(h.part) || (h.part as number) < 0 || typeof h.end !== 'boolean') return undefined;
  return { id: h.id, part: h.part as number, end: h.end };
}

/** Largest command frame the engine reads; larger frames are refused, not parsed. */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/**
 * Parses one frame into a request, or explains what is wrong with it. Never throws: input from
 * the socket is untrusted.
 */
export function parseRequest(frame: Buffer): { ok: true; request: EngineRequest } | { ok: false; id: string | null; message: string } {
  if (frame.length > MAX_REQUEST_BYTES) return { ok: false, id: null, message: `request larger than ${MAX_REQUEST_BYTES} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(frame.toString('utf8'));
  } catch {
    return { ok: false, id: null, message: 'request is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: null, message: 'request is not a JSON object' };
  }
  const v = value as Record<string, unknown>;
  const id = typeof v.id === 'string' && v.id.length > 0 && v.id.length <= 128 ? v.id : null;
  if (id === null) return { ok: false, id: null, message: 'request needs an id (string, 1..128 characters)' };
  if (typeof v.cmd !== 'string' || v.cmd.length === 0) return { ok: false, id, message: 'request needs a cmd (string)' };
  const args = v.args === undefined ? {} : v.args;
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return { ok: false, id, message: 'args must be a JSON object' };
  }
  return { ok: true, request: { id, cmd: v.cmd, args: args as Record<string, unknown> } };
}
