/**
 * One session's state at any point, fast on a long log with many sessions: the session's nearest
 * sealed snapshot at or before the point, then only the entries that can change that session —
 * its own stream, the engine stream (engine.stopped) and its images' streams — read through the
 * per-stream index and merged in seq order. Entries of other sessions are never unsealed.
 *
 * What the restore answers (toRestoreJson / renderRestore) equals a fold of the session-state
 * projection over the whole prefix. The one difference in the raw state: only the records of the
 * images the session is or was bound to are kept current; other images' records are as of the
 * snapshot, or absent (no other image can affect the session or what restore shows).
 */
import { ENGINE_STREAM } from '../engine/events.js';
import type { Entry } from '../engine/log/index.js';
import { dataOf, dict, reviveState, start, type Projection, type StopAt } from './projection.js';
import { evolveImages, type Images } from './images.js';
import { sessionStateProjection, type SessionState } from './sessionState.js';
import { stopSeq, type SnapshotLog } from './runner.js';
import { StreamMerge } from './streamMerge.js';

/** A session's state is snapshotted after this many of its own entries. */
export const DEFAULT_SESSION_SNAPSHOT_EVERY = 2_000;

export interface SessionRestoreOptions {
  /**
   * Seal the restored state as a snapshot when at least `every` of the session's own entries
   * were folded to reach it (snapshot on read). Default false.
   */
  save?: boolean;
  every?: number;
}

const imageStream = (name: string): string => `image:${name}`;

/**
 * Applies the relevant entries of (from, to] to a session state, one at a time: the session's
 * stream, the engine's and its image's. An image the session moves to that was not followed yet
 * has its record rebuilt from the start of the log (its stream and engine.stopped are all that
 * touch it), then is followed too.
 */
export class SessionFold {
  private readonly projection: Projection<SessionState>;
  private readonly merge: StreamMerge;

  private constructor(
    private readonly log: SnapshotLog,
    readonly state: SessionState,
    from: number,
    to: number,
  ) {
    this.projection = sessionStateProjection(state.session);
    this.merge = new StreamMerge(log, from, to);
  }

  /** A fold of `state` (the state right after entry from - 1) over from..to. */
  static async open(log: SnapshotLog, state: SessionState, from: number, to: number): Promise<SessionFold> {
    const f = new SessionFold(log, state, from, to);
    await f.merge.add(state.session);
    await f.merge.add(ENGINE_STREAM);
    // Only the session's own image can change it; other images' streams are left unread.
    const rec = state.sessions[state.session];
    if (rec) await f.merge.add(imageStream(rec.image));
    return f;
  }

  /** Folds the next relevant entry and returns it (undefined at the end). */
  async next(): Promise<Entry | undefined> {
    const entry = await this.merge.next();
    if (!entry) return undefined;
    if (entry.stream === this.state.session && (entry.type === 'session.created' || entry.type === 'session.resumed')) {
      const image = dataOf<{ image?: unknown }>(entry)?.image;
      if (typeof image === 'string' && !this.merge.has(imageStream(image))) await this.follow(image, entry.seq);
    }
    this.projection.evolve(this.state, entry);
    return entry;
  }

  async close(): Promise<void> {
    await this.merge.close();
  }

  /** Rebuilds the image's record as of entry `seq - 1` from its whole stream, then follows it. */
  private async follow(name: string, seq: number): Promise<void> {
    const scratch: Images = dict();
    if (seq > 1) {
      const catchUp = new StreamMerge(this.log, 1, seq - 1);
      try {
        await catchUp.add(imageStream(name));
        await catchUp.add(ENGINE_STREAM);
        for (let e = await catchUp.next(); e; e = await catchUp.next()) evolveImages(scratch, e);
      } finally {
        await catchUp.close();
      }
    }
    const rec = scratch[name];
    if (rec) this.state.images[name] = rec;
    else delete this.state.images[name];
    await this.merge.add(imageStream(name), seq + 1);
  }
}

/** The session's nearest snapshot at or before `at` (or a fresh state) and the seq it describes. */
export async function sessionBase(log: SnapshotLog, session: string, at: number): Promise<{ state: SessionState; seq: number }> {
  const projection = sessionStateProjection(session);
  const snap = await log.nearestSnapshot(projection.name, projection.version, at);
  if (snap) return { state: reviveState<SessionState>(snap.state), seq: snap.seq };
  return { state: start(projection), seq: 0 };
}

/**
 * `stui restore`: the session's state at `at` (latest when absent), ready for toRestoreJson and
 * renderRestore. A session that did not exist then gives a state they reject with
 * E_SESSION_UNKNOWN.
 */
export async function restoreSession(
  log: SnapshotLog,
  session: string,
  at: StopAt = {},
  options: SessionRestoreOptions = {},
): Promise<SessionState> {
  const target = await stopSeq(log, at);
  const base = await sessionBase(log, session, target);
  const { state } = base;
  let own = 0;
  if (base.seq < target) {
    const fold = await SessionFold.open(log, state, base.seq + 1, target);
    try {
      for (let e = await fold.next(); e; e = await fold.next()) if (e.stream === session) own++;
    } finally {
      await fold.close();
    }
  }
  await landOn(log, state, target);
  const every = options.every ?? DEFAULT_SESSION_SNAPSHOT_EVERY;
  if (options.save && own >= every) {
    const projection = sessionStateProjection(session);
    await log.putSnapshot(projection.name, projection.version, target, state);
  }
  return state;
}

/** Sets the point the state describes to entry `seq`, as a fold of every stream would have. */
export async function landOn(log: SnapshotLog, state: SessionState, seq: number): Promise<void> {
  if (seq === 0 || state.atSeq === seq) return;
  for await (const e of log.read({ from: seq, to: seq })) {
    state.atSeq = e.seq;
    state.atTs = e.ts;
  }
}
