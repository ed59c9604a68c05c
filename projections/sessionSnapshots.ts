/**
 * Per-session snapshots written by a rebuild pass. One pass folds every session's state side by
 * side (their image records are one shared fold: every session sees the same images), and seals a
 * session's state after each `every` of its own entries, at its first own entry more than `span`
 * log entries after its last snapshot, and, for every session that changed since its last one,
 * at the head. A session with few entries gets one snapshot at the head and
 * otherwise none: reading its short stream is as cheap as reading a snapshot. So the number of
 * snapshots follows the number of session entries (one per `every`), not sessions times log length.
 */
import { ENGINE_STREAM } from '../engine/events.js';
import type { Entry } from '../engine/log/index.js';
import { dict, start, type Projection } from './projection.js';
import { evolveImages, type Images } from './images.js';
import { evolveSessions } from './sessions.js';
import { sessionStateProjection, type SessionState } from './sessionState.js';
import type { RebuildPart, SnapshotSink } from './runner.js';
import { DEFAULT_SESSION_SNAPSHOT_EVERY } from './sessionRestore.js';

interface Tracked {
  projection: Projection<SessionState>;
  state: SessionState;
  sinceSnapshot: number;
  sealedSeq: number;
}

/**
 * A session whose last snapshot is this many log entries behind is sealed again at its next own
 * entry, so a restore never has to read its image's stream over a longer stretch than this.
 */
export const DEFAULT_SESSION_SNAPSHOT_SPAN = 100_000;

export interface SessionPartOptions {
  /** Own entries between a session's snapshots (default 2 000). */
  every?: number;
  /** Log entries after which a session that changed is sealed again (default 100 000). */
  span?: number;
  /** Write snapshots (default true); false only folds (measuring a rebuild). */
  save?: boolean;
}

/** Streams that belong to a session (everything but the engine's and the images'). */
function isSessionStream(stream: string): boolean {
  return stream !== ENGINE_STREAM && !stream.startsWith('image:');
}

export function everySessionPart(log: SnapshotSink, options: SessionPartOptions = {}): RebuildPart & { sessions(): string[] } {
  const images: Images = dict();
  const tracked = new Map<string, Tracked>();
  const every = options.every ?? DEFAULT_SESSION_SNAPSHOT_EVERY;
  const span = options.span ?? DEFAULT_SESSION_SNAPSHOT_SPAN;
  const save = options.save ?? true;

  const seal = (t: Tracked, entry: Entry): Promise<void> => {
    t.state.atSeq = entry.seq;
    t.state.atTs = entry.ts;
    t.sinceSnapshot = 0;
    t.sealedSeq = entry.seq;
    return log.putSnapshot(t.projection.name, t.projection.version, entry.seq, t.state);
  };

  return {
    name: 'sessions',
    sessions: () => [...tracked.keys()],
    evolve(entry) {
      const imageFact = entry.type === 'engine.stopped' || entry.stream.startsWith('image:');
      if (imageFact) {
        evolveImages(images, entry);
        for (const t of tracked.values()) if (t.state.session !== entry.stream) evolveSessions(t.state.sessions, entry);
      }
      if (!isSessionStream(entry.stream)) return;
      let t = tracked.get(entry.stream);
      if (!t) {
        const projection = sessionStateProjection(entry.stream);
        const state = start(projection);
        // Every session state folds the same image facts: share the one record set.
        state.images = images;
        t = { projection, state, sinceSnapshot: 0, sealedSeq: entry.seq };
        tracked.set(entry.stream, t);
      }
      // The session's own entry; evolve does not touch images for it (see sessionState.ts).
      t.projection.evolve(t.state, entry);
      t.sinceSnapshot++;
      if (save && (t.sinceSnapshot >= every || entry.seq - t.sealedSeq >= span)) return seal(t, entry);
    },
    async finish(head) {
      if (!save || !head) return;
      for (const t of tracked.values()) {
        if (t.sinceSnapshot > 0) await seal(t, head);
        await log.pruneSnapshots(t.projection.name, t.projection.version, Infinity);
      }
    },
  };
}
