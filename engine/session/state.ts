/**
 * The engine's own working state: just enough to decide commands (which images exist, which
 * sessions live where, which evaluations are still owed an answer, which workspaces and inspectors
 * are open). It is rebuilt by folding the log when the engine starts and kept current by folding
 * each entry the engine appends. User-facing views (sessions, restore, audit …) are the
 * projections' job, not this file's.
 */
import type { EventData, EventType } from '../events.js';

export interface ImageInfo {
  name: string;
  address: string;
  /** The identity last seen on a connection (null before the first connect). */
  imageId: string | null;
  /** CURVE public key of an image that serves encrypted. */
  serverKey: string | null;
}

export interface SessionInfo {
  id: string;
  image: string;
  imageId: string | null;
  orphaned: boolean;
  archived: boolean;
  createdSeq: number;
}

export interface PendingEval {
  request: string;
  session: string;
  image: string;
  code: string;
  /** Seq of the eval.requested entry: pending evaluations run in this order. */
  seq: number;
}

export interface ObjectView {
  oid: number;
  className: string;
  printString: string;
}

export interface InspectorInfo {
  session: string;
  /** The objects visited, the one shown last. */
  stack: ObjectView[];
}

export interface EngineState {
  headSeq: number;
  images: Map<string, ImageInfo>;
  sessions: Map<string, SessionInfo>;
  /** Evaluations requested but neither completed nor failed, in request order. */
  pending: Map<string, PendingEval>;
  /** Open workspace ids per session. */
  workspaces: Map<string, Set<string>>;
  inspectors: Map<string, InspectorInfo>;
}

export function emptyState(): EngineState {
  return { headSeq: 0, images: new Map(), sessions: new Map(), pending: new Map(), workspaces: new Map(), inspectors: new Map() };
}

/** The part of a log entry the fold reads. */
export interface FoldEntry {
  seq: number;
  type: string;
  stream: string;
  data: unknown;
}

const live = (s: SessionInfo): boolean => !s.orphaned && !s.archived;

/** The session `stui eval` uses on an image when none is named: the image's first live session. */
export function defaultSessionOf(state: EngineState, image: string): SessionInfo | undefined {
  for (const s of state.sessions.values()) if (s.image === image && live(s)) return s;
  return undefined;
}

export function liveSessionsOf(state: EngineState, image: string): SessionInfo[] {
  return [...state.sessions.values()].filter((s) => s.image === image && live(s));
}

/**
 * Folds one entry into the state, in place: the state is private to one engine and folding a
 * large log must not allocate a new state per entry.
 */
export function evolve(state: EngineState, entry: FoldEntry): EngineState {
  state.headSeq = Math.max(state.headSeq, entry.seq);
  const type = entry.type as EventType;
  switch (type) {
    case 'image.registered': {
      const d = entry.data as EventData['image.registered'];
      state.images.set(d.name, { name: d.name, address: d.address, imageId: null, serverKey: d.serverKey ?? null });
      break;
    }
    case 'image.removed': {
      const d = entry.data as EventData['image.removed'];
      state.images.delete(d.name);
      break;
    }
    case 'image.identity_changed': {
      const d = entry.data as EventData['image.identity_changed'];
      const img = state.images.get(d.name);
      if (img) img.imageId = d.imageId;
      break;
    }
    case 'connection.connected': {
      const d = entry.data as EventData['connection.connected'];
      const img = state.images.get(d.name);
      if (img) img.imageId = d.imageId;
      break;
    }
    case 'session.created': {
      const d = entry.data as EventData['session.created'];
      state.sessions.set(d.session, {
        id: d.session, image: d.image, imageId: d.imageId, orphaned: false, archived: false, createdSeq: entry.seq,
      });
      break;
    }
    case 'session.resumed': {
      const d = entry.data as EventData['session.resumed'];
      const s = state.sessions.get(d.session);
      if (s && d.imageId) s.imageId = d.imageId;
      break;
    }
    case 'session.orphaned': {
      const s = state.sessions.get((entry.data as EventData['session.orphaned']).session);
      if (s) s.orphaned = true;
      break;
    }
    case 'session.archived': {
      const s = state.sessions.get((entry.data as EventData['session.archived']).session);
      if (s) s.archived = true;
      break;
    }
    case 'eval.requested': {
      const d = entry.data as EventData['eval.requested'];
      state.pending.set(d.request, { request: d.request, session: entry.stream, image: d.image, code: d.code, seq: entry.seq });
      break;
    }
    case 'eval.completed':
    case 'eval.failed':
      state.pending.delete((entry.data as { request: string }).request);
      break;
    case 'workspace.opened': {
      const d = entry.data as EventData['workspace.opened'];
      let set = state.workspaces.get(entry.stream);
      if (!set) state.workspaces.set(entry.stream, (set = new Set()));
      set.add(d.workspace);
      break;
    }
    case 'workspace.closed':
      state.workspaces.get(entry.stream)?.delete((entry.data as EventData['workspace.closed']).workspace);
      break;
    case 'inspector.opened': {
      const d = entry.data as EventData['inspector.opened'];
      state.inspectors.set(d.inspector, {
        session: entry.stream,
        stack: [{ oid: d.oid, className: d.className, printString: d.printString }],
      });
      break;
    }
    case 'inspector.navigated': {
      const d = entry.data as EventData['inspector.navigated'];
      const insp = state.inspectors.get(d.inspector);
      if (!insp) break;
      if (d.back === true) {
        if (insp.stack.length > 1) insp.stack.pop();
      } else {
        insp.stack.push({ oid: d.oid, className: d.className, printString: d.printString });
      }
      break;
    }
    case 'inspector.closed':
      state.inspectors.delete((entry.data as EventData['inspector.closed']).inspector);
      break;
    default:
      break;
  }
  return state;
}
