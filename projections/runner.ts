/**
 * Runs projections against the log with sealed snapshots: any point is the nearest snapshot at or
 * before it plus a fold of the entries after it, streamed from the log (memory stays flat however
 * long the log is). Snapshots are keyed by projection name and version, so a projection whose
 * version changed finds none of its old ones and is folded from the log, writing fresh ones.
 */
import type { Entry, EventLog, SnapshotStore } from '../engine/log/index.js';
import { reviveState, start, type Projection, type StopAt } from './projection.js';

/** What the runner needs of an open log (engine/log's OpenedLog is one). */
export type SnapshotLog = EventLog &
  SnapshotStore & {
    seqAtOrBefore(ts: number): Promise<number>;
    /** Bulk reads in arrays (see engine/log); read() is used when a log lacks it. */
    readChunks?(options: { from?: number; to?: number; chunk?: number }): AsyncIterable<Entry[]>;
  };

/** What a rebuild part writes its snapshots through: the log, or a stand-in for it on another thread. */
export type SnapshotSink = Pick<SnapshotLog, 'headSeq' | 'putSnapshot' | 'pruneSnapshots'>;

/** Entries from..to in seq order, in arrays: one await per array keeps long folds cheap. */
export async function* chunksOf(log: SnapshotLog, from: number, to: number): AsyncGenerator<Entry[]> {
  if (from > to) return;
  if (log.readChunks) {
    yield* log.readChunks({ from, to });
    return;
  }
  for await (const entry of log.read({ from, to })) yield [entry];
}

/** Snapshot a projection after every this many entries. */
export const DEFAULT_SNAPSHOT_EVERY = 10_000;
/**
 * Snapshots kept per whole-log projection (catalog, audit, runs). They are answered at the head
 * almost always, and their states grow with the log (audit keeps every connection event), so
 * keeping every one would cost more disk than the log itself.
 */
export const DEFAULT_SNAPSHOT_KEEP = 8;

export interface RunOptions {
  /** Write a snapshot after every entry whose seq is a multiple of this (default 10 000). */
  every?: number;
  /** Whether snapshots are written while folding (default false: a plain read writes nothing). */
  save?: boolean;
  /** Snapshots of this projection to keep when saving (default 8; Infinity keeps all). */
  keep?: number;
}

export interface Restored<S> {
  state: S;
  /** The last seq folded: the point the state describes (0 for an empty log). */
  seq: number;
  /** The snapshot started from, or null when the fold started at the beginning of the log. */
  snapshotSeq: number | null;
  /** Entries read from the log after the snapshot. */
  folded: number;
}

/** The last seq a fold up to `stop` includes: the head, cut at `to` and at the last entry with ts <= `until`. */
export async function stopSeq(log: SnapshotLog, stop: StopAt = {}): Promise<number> {
  let at = log.headSeq;
  if (stop.to !== undefined) at = Math.min(at, Math.max(0, Math.floor(stop.to)));
  if (stop.until !== undefined && at > 0) at = Math.min(at, await log.seqAtOrBefore(stop.until));
  return at;
}

/** The projection's state as of `stop` (latest when empty): nearest snapshot plus the entries after it. */
export async function restoreAt<S>(
  log: SnapshotLog,
  projection: Projection<S>,
  stop: StopAt = {},
  options: RunOptions = {},
): Promise<Restored<S>> {
  const at = await stopSeq(log, stop);
  const snap = await log.nearestSnapshot(projection.name, projection.version, at);
  let state = snap ? reviveState<S>(snap.state) : start(projection);
  const from = snap ? snap.seq : 0;
  const every = everyOf(options);
  const keep = options.keep ?? DEFAULT_SNAPSHOT_KEEP;
  // Snapshots that pruning would drop at once are not written at all.
  const firstKept = at - every * keep;
  let folded = 0;
  let saved = false;
  if (from < at) {
    for await (const chunk of chunksOf(log, from + 1, at)) {
      for (const entry of chunk) {
        state = projection.evolve(state, entry);
        folded++;
        if (options.save && entry.seq % every === 0 && entry.seq > firstKept) {
          await log.putSnapshot(projection.name, projection.version, entry.seq, state);
          saved = true;
        }
      }
    }
  }
  if (saved) await log.pruneSnapshots(projection.name, projection.version, keep);
  return { state, seq: at, snapshotSeq: snap ? snap.seq : null, folded };
}

/**
 * One participant of a rebuild pass: folds every entry, may write snapshots as it goes, and
 * writes its final ones at the head. Several share one read of the log.
 */
export interface RebuildPart {
  readonly name: string;
  /** Folds one entry; returns a promise only when it writes a snapshot. */
  evolve(entry: Entry): Promise<void> | void;
  finish(head: Entry | null): Promise<void>;
}

/** A whole-log projection as a rebuild part: a snapshot every `every` entries and at the head. */
export function projectionPart<S>(log: SnapshotSink, projection: Projection<S>, options: RunOptions = {}): RebuildPart & { state(): S } {
  let state = start(projection);
  const every = everyOf(options);
  const save = options.save ?? true;
  const keep = options.keep ?? DEFAULT_SNAPSHOT_KEEP;
  // Only the snapshots pruning keeps are written (the head's, and `keep` - 1 before it).
  const firstKept = log.headSeq - every * (keep - 1);
  let lastSaved = 0;
  return {
    name: projection.name,
    state: () => state,
    evolve(entry) {
      state = projection.evolve(state, entry);
      if (save && entry.seq % every === 0 && entry.seq > firstKept) {
        lastSaved = entry.seq;
        return log.putSnapshot(projection.name, projection.version, entry.seq, state);
      }
    },
    async finish(head) {
      if (!save) return;
      if (head && head.seq !== lastSaved) await log.putSnapshot(projection.name, projection.version, head.seq, state);
      await log.pruneSnapshots(projection.name, projection.version, keep);
    },
  };
}

export interface RebuildResult {
  entries: number;
  seconds: number;
}

/**
 * Folds every part over the whole log from the first entry, ignoring snapshots (a rebuild), and
 * lets each write fresh ones. Parts see each entry in seq order; the log is read once.
 */
export async function rebuild(log: SnapshotLog, parts: readonly RebuildPart[], signal?: AbortSignal): Promise<RebuildResult> {
  return rebuildFrom(chunksOf(log, 1, log.headSeq), parts, signal);
}

/** The fold of a rebuild, over every entry of the log from the first, however they are read. */
export async function rebuildFrom(chunks: AsyncIterable<Entry[]>, parts: readonly RebuildPart[], signal?: AbortSignal): Promise<RebuildResult> {
  const started = process.hrtime.bigint();
  let last: Entry | null = null;
  let entries = 0;
  for await (const chunk of chunks) {
    // Snapshots already written stay: each is the state right after its own entry.
    signal?.throwIfAborted();
    for (const entry of chunk) {
      for (const part of parts) {
        const pending = part.evolve(entry);
        if (pending) await pending;
      }
      last = entry;
      entries++;
    }
  }
  for (const part of parts) await part.finish(last);
  return { entries, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function everyOf(options: RunOptions): number {
  const every = options.every ?? DEFAULT_SNAPSHOT_EVERY;
  if (!Number.isSafeInteger(every) || every < 1) throw new RangeError(`snapshot interval must be a whole number from 1, not ${every}`);
  return every;
}
