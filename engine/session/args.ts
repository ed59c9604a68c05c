/**
 * Reading command arguments that arrived over the socket. Anything missing or of the wrong type
 * is a UsageError naming the argument, never a crash: the socket is an untrusted input.
 */
import { UsageError } from '../errors.js';

export type Args = Record<string, unknown>;

export function str(args: Args, name: string): string {
  const v = args[name];
  if (typeof v !== 'string') throw new UsageError(`argument "${name}" must be a string`);
  return v;
}

export function optStr(args: Args, name: string): string | undefined {
  const v = args[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new UsageError(`argument "${name}" must be a string`);
  return v;
}

export function optInt(args: Args, name: string, min = 0): number | undefined {
  const v = args[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new UsageError(`argument "${name}" must be an integer >= ${min}`);
  return v;
}

export function int(args: Args, name: string, min = 0): number {
  const v = optInt(args, name, min);
  if (v === undefined) throw new UsageError(`argument "${name}" is required`);
  return v;
}

export function slotRef(args: Args, name: string): string | number {
  const v = args[name];
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1) return v;
  throw new UsageError(`argument "${name}" must be a slot name or a 1-based index`);
}
