import { UsageError } from '../../engine/errors.js';

/** A positive integer flag value, or a usage error that names the flag. */
export function parseSeqFlag(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const s = String(value);
  if (!/^[0-9]+$/.test(s) || !Number.isSafeInteger(Number(s)) || Number(s) < 1) {
    throw new UsageError(`--${name} takes a log position (a whole number from 1), not "${s}"`);
  }
  return Number(s);
}
