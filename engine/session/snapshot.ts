/**
 * The engine's working state as plain data, so a restart folds only the entries written since the
 * last snapshot instead of the whole log. The snapshot names the entry it was taken after (seq,
 * ts, type, stream); it is used only if the log still holds that very entry there, and any
 * doubt means a full fold — a snapshot can make a start faster, never different.
 */
import { fromSnapshot, toSnapshot, catalogProjection, type Catalog, type Snapshot } from '../../projections/index.js';
import type { Entry, EventLog } from '../log/types.js';
import type { SnapshotStore as LogSnapshots } from '../log/index.js';
import { emptyState, type EngineState, type ImageInfo, type InspectorInfo, type PendingEval, type SessionInfo } from './state.js';

export const SNAPSHOT_VERSION = 1;

/** Where snapshots are kept (the log's sealed snapshot store; absent in tests of the core). */
export interface SnapshotStore {
  load(): Promise<EngineSnapshot | null>;
  save(snapshot: EngineSnapshot): Promise<void>;
}

/** Snapshots kept beside the projections' in the log store, sealed like them; the newest few kept. */
const ENGINE_SNAPSHOT_NAME = 'engine';
const ENGINE_SNAPSHOTS_KEPT = 2;

export function logSnapshotStore(log: EventLog & LogSnapshots): SnapshotStore {
  return {
    async load() {
      const stored = await log.nearestSnapshot(ENGINE_SNAPSHOT_NAME, SNAPSHOT_VERSION, log.headSeq);
      return stored ? (stored.state as EngineSnapshot) : null;
    },
    async save(snapshot) {
      await log.putSnapshot(ENGINE_SNAPSHOT_NAME, SNAPSHOT_VERSION, snapshot.at.seq, snapshot);
      await log.pruneSnapshots(ENGINE_SNAPSHOT_NAME, SNAPSHOT_VERSION, ENGINE_SNAPSHOTS_KEPT);
    },
  };
}

export interface EngineSnapshot {
  v: number;
  /** The last entry folded into it. */
  at: { seq: number; ts: number; type: string; stream: string };
  images: ImageInfo[];
  sessions: SessionInfo[];
  pending: PendingEval[];
  workspaces: Array<[string, string[]]>;
  inspectors: Array<[string, InspectorInfo]>;
  catalog: Snapshot<Catalog>;
}

export function takeSnapshot(state: EngineState, catalog: Catalog, last: Entry): EngineSnapshot {
  // A deep copy through JSON: the live state goes on changing after this returns.
  return JSON.parse(
    JSON.stringify({
      v: SNAPSHOT_VERSION,
      at: { seq: last.seq, ts: last.ts, type: last.type, stream: last.stream },
      images: [...state.images.values()],
      sessions: [...state.sessions.values()],
      pending: [...state.pending.values()],
      workspaces: [...state.workspaces].map(([s, ids]) => [s, [...ids]]),
      inspectors: [...state.inspectors],
      catalog: toSnapshot(catalogProjection, catalog, last.seq),
    }),
  ) as EngineSnapshot;
}

/** The state and catalog a snapshot holds, or null when it is of another version or shape. */
export function restoreSnapshot(snap: EngineSnapshot): { state: EngineState; catalog: Catalog } | null {
  if (snap.v !== SNAPSHOT_VERSION || !snap.at || !Array.isArray(snap.images)) return null;
  const catalog = fromSnapshot(catalogProjection, snap.catalog as Snapshot<unknown>);
  if (!catalog) return null;
  const state = emptyState();
  state.headSeq = snap.at.seq;
  for (const i of snap.images) state.images.set(i.name, i);
  for (const s of snap.sessions) state.sessions.set(s.id, s);
  // Request order is seq order: the snapshot keeps it.
  for (const p of snap.pending) state.pending.set(p.request, p);
  for (const [s, ids] of snap.workspaces) state.workspaces.set(s, new Set(ids));
  for (const [id, insp] of snap.inspectors) state.inspectors.set(id, insp);
  return { state, catalog };
}

/** Whether `entry` (read from the log at the snapshot's seq) is the one the snapshot was taken after. */
export function matchesLog(snap: EngineSnapshot, entry: Entry | undefined): boolean {
  return !!entry && entry.seq === snap.at.seq && entry.ts === snap.at.ts && entry.type === snap.at.type && entry.stream === snap.at.stream;
}
