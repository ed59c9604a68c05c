/**
 * Projections are pure left folds over log entries: the same entries always give the same state.
 * They do no I/O and never read the clock (time comes from `entry.ts`, or is passed in).
 *
 * Ownership: a fold builds its state from `initial()` and owns it. `evolve` may mutate the state it
 * is given and return it: a full rebuild runs over millions of entries, and copying workspace text,
 * history or dictionaries per entry would dominate the cost. Callers that keep a state while
 * folding further must snapshot it first (`toSnapshot`).
 *
 * State is plain JSON data (objects, arrays, strings, numbers, booleans, null) so it can be sealed
 * into the log store as a snapshot and revived later. Dictionaries keyed by user-chosen strings
 * (variable names, pref keys, session ids) are prototype-less objects made with `dict()`, so a key
 * such as "constructor" or "__proto__" is just a key.
 */
import type { Entry } from '../engine/log/index.js';
import { UsageError } from '../engine/errors.js';

export interface Projection<S> {
  /** Stable name; with `version` it keys the projection's snapshots. */
  readonly name: string;
  /** Bumped whenever the state shape or the fold changes, so stale snapshots are not used. */
  readonly version: number;
  initial(): S;
  evolve(state: S, entry: Entry): S;
}

/** A string-keyed dictionary without a prototype. */
export type Dict<T> = Record<string, T>;

export function dict<T>(): Dict<T> {
  return Object.create(null) as Dict<T>;
}

/** Where a fold stops: after entry `to` (a seq), and/or after the last entry with ts <= `until`. */
export interface StopAt {
  to?: number;
  until?: number;
}

/** True when `entry` lies beyond the stop point, so it and everything after it are left out. */
export function isPast(stop: StopAt, entry: Entry): boolean {
  return (stop.to !== undefined && entry.seq > stop.to) || (stop.until !== undefined && entry.ts > stop.until);
}

/**
 * A fresh state for a fold. It goes through JSON so no two folds share anything and the state
 * starts out as plain data, the same as a revived snapshot.
 */
export function start<S>(projection: Projection<S>): S {
  return revive(JSON.parse(JSON.stringify(projection.initial())) as unknown) as S;
}

export function fold<S>(projection: Projection<S>, entries: Iterable<Entry>, stop: StopAt = {}): S {
  let state = start(projection);
  for (const entry of entries) {
    if (isPast(stop, entry)) break;
    state = projection.evolve(state, entry);
  }
  return state;
}

/**
 * Folds entries as the log streams them. The log hands out entries in seq order with timestamps
 * it assigns on append (never decreasing), so the first entry past the stop point ends the fold and
 * the read is closed early. `from` continues a state revived from a snapshot.
 */
export async function foldAsync<S>(
  projection: Projection<S>,
  entries: AsyncIterable<Entry>,
  stop: StopAt = {},
  from?: S,
): Promise<S> {
  let state = from ?? start(projection);
  for await (const entry of entries) {
    if (isPast(stop, entry)) break;
    state = projection.evolve(state, entry);
  }
  return state;
}

/**
 * Steps through entries with the state after each one (for `stui replay`). The yielded state is
 * the fold's own, mutated by the next step: render or snapshot it before asking for the next.
 */
export async function* steps<S>(
  projection: Projection<S>,
  entries: AsyncIterable<Entry>,
  stop: StopAt = {},
): AsyncGenerator<{ entry: Entry; state: S }> {
  let state = start(projection);
  for await (const entry of entries) {
    if (isPast(stop, entry)) break;
    state = projection.evolve(state, entry);
    yield { entry, state };
  }
}

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

const AT_FORMS =
  'a log position (digits, e.g. 42) or an ISO-8601 time (e.g. 2026-11-25T12:00:00Z or 2026-11-25)';

/**
 * Reads the value of `--at`: all digits is a seq (the state right after that entry); otherwise an
 * ISO-8601 time is the state right after the last entry with ts <= that time. A time without a
 * zone is local time, as `Date` reads it; a bare date is midnight UTC.
 */
export function parseAt(value: string): StopAt {
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const to = Number(text);
    if (!Number.isSafeInteger(to)) throw new UsageError(`--at ${value}: that position is too large; give ${AT_FORMS}`);
    return { to };
  }
  const m = ISO_TIME.exec(text);
  if (m) {
    const [, year, month, day, hour, minute, second] = m;
    const ms = Date.parse(text.replace(' ', 'T'));
    // Date.parse rolls 2026-02-31 over into March; a date that does not exist is a typo.
    const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    const inRange =
      date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day) &&
      (hour === undefined || Number(hour) <= 23) && (minute === undefined || Number(minute) <= 59) &&
      (second === undefined || Number(second) <= 59);
    if (inRange && Number.isFinite(ms)) return { until: ms };
  }
  throw new UsageError(`--at "${value}" is not understood; give ${AT_FORMS}`);
}

/** The log read options that fetch exactly the entries a fold up to `stop` needs. */
export function readOptionsFor(stop: StopAt): { to?: number; until?: number } {
  const out: { to?: number; until?: number } = {};
  if (stop.to !== undefined) out.to = stop.to;
  if (stop.until !== undefined) out.until = stop.until;
  return out;
}

/** A projection's state sealed into the log store, valid for folding on from `seq + 1`. */
export interface Snapshot<S> {
  projection: string;
  version: number;
  seq: number;
  state: S;
}

/** A detached, JSON-ready copy of a state, so the fold can go on mutating its own. */
export function toSnapshot<S>(projection: Projection<S>, state: S, seq: number): Snapshot<S> {
  return {
    projection: projection.name,
    version: projection.version,
    seq,
    state: JSON.parse(JSON.stringify(state)) as S,
  };
}

/** The state held in `snapshot`, or null when it belongs to another projection or version. */
export function fromSnapshot<S>(projection: Projection<S>, snapshot: Snapshot<unknown>): S | null {
  if (snapshot.projection !== projection.name || snapshot.version !== projection.version) return null;
  return revive(JSON.parse(JSON.stringify(snapshot.state)) as unknown) as S;
}

/**
 * A state from freshly parsed JSON (a sealed snapshot's), made prototype-less like `dict()` in
 * place: it is already the caller's own copy, so it is not copied again.
 */
export function reviveState<S>(json: unknown): S {
  return unprototype(json) as S;
}

/**
 * `revive` without the copies: each parsed object loses its prototype where it stands, the same
 * result (own keys and values, no prototype) at a fraction of the cost on a large state.
 */
function unprototype(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) unprototype(value[i]);
    return value;
  }
  Object.setPrototypeOf(value, null);
  const obj = value as Record<string, unknown>;
  for (const k in obj) unprototype(obj[k]);
  return value;
}

/** Turns parsed JSON back into state: every object becomes prototype-less, like `dict()`. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const out = dict<unknown>();
    for (const [k, v] of Object.entries(value)) out[k] = revive(v);
    return out;
  }
  return value;
}

/** The entry's data as an object, or null when it is not one (a malformed entry is skipped). */
export function dataOf<T>(entry: Entry): T | null {
  const d = entry.data;
  return d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as T) : null;
}

/** The image name of an `image:<name>` stream, or null for any other stream. */
export function imageOfStream(stream: string): string | null {
  return stream.startsWith('image:') ? stream.slice('image:'.length) : null;
}
