/**
 * How the history commands (audit, orphans, replay) read the log: read-only, from a private copy
 * when the engine holds it. Snapshots are written back only when this process opened the real
 * store (no engine running); a copy is thrown away, so writing into it would be wasted work.
 */
import type { CommandContext } from '../command.js';
import { logExists, openLog, type OpenedLog } from '../../engine/log/index.js';

/** Runs `fn` on the home's log, or returns `empty` when nothing was ever recorded there. */
export async function withLog<T>(ctx: CommandContext, empty: T, fn: (log: OpenedLog, save: boolean) => Promise<T>): Promise<T> {
  // Opening would create a key and a log as a side effect; a home without a log has no history.
  if (!logExists(ctx.home)) return empty;
  const log = await openLog({ home: ctx.home, passphrase: ctx.env.STUI_PASSPHRASE, readOnly: true });
  try {
    return await fn(log, !log.isCopy);
  } finally {
    await log.close();
  }
}

/** JSON for any decoded CBOR: bytes as hex, big integers as strings, Maps as objects. */
export function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}
