import { CorruptEntryError, UnknownVersionError, StuiError } from '../engine/errors.js';
import type { Entry } from '../engine/log/types.js';

/**
 * Event upcasters: each lifts one event type's `data` from one version to the next. They run on
 * read, chained (v1→v2→v3), so stored entries are never rewritten and every reader sees only the
 * current shape. The current version of a type is the highest version an upcaster reaches (1 for
 * a type without upcasters); `append` stamps it when the caller gives no `v`.
 */
export interface Upcaster {
  type: string;
  from: number;
  to: number;
  /** Throws (any error) when `data` is not a valid `from`-version payload. */
  up(data: unknown): unknown;
}

const byType = new Map<string, Map<number, Upcaster>>();
const current = new Map<string, number>();

export function registerUpcaster(u: Upcaster): void {
  if (!Number.isSafeInteger(u.from) || u.to <= u.from) {
    throw new Error(`upcaster ${u.type} v${u.from}→v${u.to} must move to a later version`);
  }
  let steps = byType.get(u.type);
  if (!steps) byType.set(u.type, (steps = new Map()));
  if (steps.has(u.from)) throw new Error(`two upcasters for ${u.type} v${u.from}`);
  steps.set(u.from, u);
  current.set(u.type, Math.max(current.get(u.type) ?? 1, u.to));
}

export function currentVersion(type: string): number {
  return current.get(type) ?? 1;
}

/** The entry with its data lifted to the current version of its type; a new object, never mutated. */
export function upcast(entry: Entry): Entry {
  const target = currentVersion(entry.type);
  if (entry.v === target) return entry;
  if (entry.v > target) throw new UnknownVersionError(entry.seq, entry.type, entry.v);
  let { v, data } = entry;
  while (v < target) {
    const step = byType.get(entry.type)?.get(v);
    if (!step) {
      throw new StuiError(
        'E_UNKNOWN_VERSION',
        `entry ${entry.seq}: no upcaster lifts ${entry.type} v${v}; this STUI build is incomplete — reinstall STUI Sessions`,
        { seq: entry.seq, type: entry.type, v },
      );
    }
    try {
      data = step.up(data);
    } catch (err) {
      throw new CorruptEntryError(entry.seq, `${entry.type} v${v} data is not valid for that version (${(err as Error).message})`);
    }
    v = step.to;
  }
  return { ...entry, v, data };
}
