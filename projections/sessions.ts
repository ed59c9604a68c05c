/**
 * Session lifecycles: which sessions exist, on which image and identity, and whether they are
 * active, disconnected, orphaned or archived. The records hold facts from the log; the state shown
 * to the user is derived from a record plus its image's connection (`sessionStatus`), and, when a
 * clock reading is passed in, from how long that image has been unreachable.
 */
import type { Entry } from '../engine/log/index.js';
import type { EventData } from '../engine/events.js';
import { dataOf, imageOfStream, type Dict } from './projection.js';
import { isReachable, type Images } from './images.js';
import { iso, table } from './format.js';

export type SessionStateName = 'active' | 'disconnected' | 'orphaned' | 'archived';
export type OrphanReason = EventData['session.orphaned']['reason'];

export interface OrphanFact {
  reason: OrphanReason;
  /** When the session lost its image (ms). */
  since: number;
  seq: number;
  /** True once a session.orphaned entry records it; false while only derived from image facts. */
  recorded: boolean;
}

export interface SessionRecord {
  id: string;
  image: string;
  /** The image identity the session is bound to; null until its image has been seen. */
  imageId: string | null;
  createdSeq: number;
  createdTs: number;
  /** The last entry of the session's own stream. */
  lastSeq: number;
  lastTs: number;
  orphan: OrphanFact | null;
  archived: { seq: number; ts: number } | null;
}

export type Sessions = Dict<SessionRecord>;

/** One `stui sessions --json` row. */
export interface SessionRow {
  id: string;
  image: string;
  imageId: string | null;
  state: SessionStateName;
  createdAt: string;
  lastSeq: number;
}

/** A clock reading and grace period, so sessions unreachable for too long count as orphaned. */
export interface Clock {
  nowMs: number;
  graceMs: number;
}

/** Applies one entry to the session records in place (the fold owns them). */
export function evolveSessions(sessions: Sessions, entry: Entry): void {
  const own = sessions[entry.stream];
  if (own) {
    own.lastSeq = entry.seq;
    own.lastTs = entry.ts;
  }
  if (entry.type.startsWith('session.')) return onSessionEvent(sessions, own, entry);
  const image = imageOfStream(entry.stream);
  if (image !== null) onImageEvent(sessions, image, entry);
}

function onSessionEvent(sessions: Sessions, own: SessionRecord | undefined, entry: Entry): void {
  const d = dataOf<{ image?: unknown; imageId?: unknown; reason?: unknown }>(entry);
  if (!d) return;
  const image = typeof d.image === 'string' ? d.image : own?.image;
  const imageId = typeof d.imageId === 'string' ? d.imageId : null;
  switch (entry.type) {
    case 'session.created':
    case 'session.resumed': {
      if (image === undefined) return;
      if (!own) {
        sessions[entry.stream] = {
          id: entry.stream,
          image,
          imageId,
          createdSeq: entry.seq,
          createdTs: entry.ts,
          lastSeq: entry.seq,
          lastTs: entry.ts,
          orphan: null,
          archived: null,
        };
        return;
      }
      // Resuming re-binds the session (possibly to another image or identity) and ends an
      // orphaning; an archived session stays archived, its history is read-only.
      if (entry.type === 'session.resumed' && !own.archived) {
        own.image = image;
        if (imageId !== null) own.imageId = imageId;
        own.orphan = null;
      }
      return;
    }
    case 'session.orphaned': {
      if (!own) return;
      const reason = isOrphanReason(d.reason) ? d.reason : 'unreachable';
      own.orphan = { reason, since: own.orphan?.since ?? entry.ts, seq: entry.seq, recorded: true };
      return;
    }
    case 'session.archived':
      if (own && !own.archived) own.archived = { seq: entry.seq, ts: entry.ts };
      return;
  }
}

/**
 * Image facts that orphan sessions for good: the image was removed, or it answers with another
 * identity than the one a session is bound to. A session not yet bound adopts the identity the
 * image first connects with.
 */
function onImageEvent(sessions: Sessions, image: string, entry: Entry): void {
  let reason: OrphanReason | null = null;
  let imageId: string | null = null;
  if (entry.type === 'image.removed') reason = 'removed';
  else if (
    entry.type === 'image.identity_changed' ||
    entry.type === 'connection.connected' ||
    entry.type === 'connection.restored'
  ) {
    const d = dataOf<{ imageId?: unknown }>(entry);
    if (!d || typeof d.imageId !== 'string') return;
    imageId = d.imageId;
    reason = 'identity_changed';
  } else return;
  // Runs over all sessions, but only on these rare events; sessions number in the hundreds.
  for (const id in sessions) {
    const s = sessions[id] as SessionRecord;
    if (s.image !== image || s.archived || s.orphan) continue;
    if (imageId !== null && (s.imageId === null || s.imageId === imageId)) {
      s.imageId = imageId;
      continue;
    }
    s.orphan = { reason, since: entry.ts, seq: entry.seq, recorded: false };
  }
}

function isOrphanReason(value: unknown): value is OrphanReason {
  return value === 'unreachable' || value === 'removed' || value === 'identity_changed';
}

export interface SessionStatus {
  state: SessionStateName;
  /** Why it is orphaned (null unless state is 'orphaned'), and since when (ms). */
  orphanReason: OrphanReason | null;
  orphanSince: number | null;
}

/**
 * The state a session is in. Without a clock only facts in the log count; with one, a session
 * whose image has been unreachable for longer than the grace period counts as orphaned too.
 */
export function sessionStatus(s: SessionRecord, images: Images, clock?: Clock): SessionStatus {
  if (s.archived) return { state: 'archived', orphanReason: null, orphanSince: null };
  if (s.orphan) return { state: 'orphaned', orphanReason: s.orphan.reason, orphanSince: s.orphan.since };
  const img = images[s.image];
  // An image that is not registered was removed before this session's records could say so.
  if (!img) return { state: 'orphaned', orphanReason: 'removed', orphanSince: s.lastTs };
  if (isReachable(img.state)) return { state: 'active', orphanReason: null, orphanSince: null };
  if (clock && img.downSince !== null && clock.nowMs - img.downSince > clock.graceMs) {
    return { state: 'orphaned', orphanReason: 'unreachable', orphanSince: img.downSince };
  }
  return { state: 'disconnected', orphanReason: null, orphanSince: null };
}

/** Sessions in creation order. */
export function sessionList(sessions: Sessions): SessionRecord[] {
  return Object.values(sessions).sort((a, b) => a.createdSeq - b.createdSeq);
}

export function toSessionRows(sessions: Sessions, images: Images, clock?: Clock): SessionRow[] {
  return sessionList(sessions).map((s) => ({
    id: s.id,
    image: s.image,
    imageId: s.imageId,
    state: sessionStatus(s, images, clock).state,
    createdAt: iso(s.createdTs),
    lastSeq: s.lastSeq,
  }));
}

export function renderSessionRows(rows: readonly SessionRow[]): string {
  if (rows.length === 0) return 'no sessions yet';
  return table(
    ['session', 'image', 'image id', 'state', 'created', 'last seq'],
    rows.map((r) => [r.id, r.image, r.imageId ?? '-', r.state, r.createdAt, String(r.lastSeq)]),
  );
}
