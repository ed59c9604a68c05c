/**
 * The catalog: images and session lifecycles folded together, because a session's state depends on
 * its image. It answers `stui sessions`, `stui image list`, `stui orphans` and what the engine
 * reconnects to on start. It holds no workspace text or history, so it stays small.
 */
import type { Entry } from '../engine/log/index.js';
import { dict, type Projection } from './projection.js';
import { evolveImages, reconnectList, renderImageRows, toImageRows, type ImageRow, type Images } from './images.js';
import {
  evolveSessions,
  renderSessionRows,
  sessionStatus,
  toSessionRows,
  type Clock,
  type SessionRow,
  type Sessions,
} from './sessions.js';

export interface Catalog {
  images: Images;
  sessions: Sessions;
  /** The last entry folded (0 before any). */
  headSeq: number;
  headTs: number | null;
}

export const catalogProjection: Projection<Catalog> = {
  name: 'catalog',
  version: 1,
  initial: () => ({ images: dict(), sessions: dict(), headSeq: 0, headTs: null }),
  evolve(state: Catalog, entry: Entry): Catalog {
    evolveImages(state.images, entry);
    evolveSessions(state.sessions, entry);
    state.headSeq = entry.seq;
    state.headTs = entry.ts;
    return state;
  },
};

/** `stui sessions --json`. Pass a clock to count long-unreachable sessions as orphaned. */
export function sessionRows(catalog: Catalog, clock?: Clock): SessionRow[] {
  return toSessionRows(catalog.sessions, catalog.images, clock);
}

export function renderSessions(catalog: Catalog, clock?: Clock): string {
  return renderSessionRows(sessionRows(catalog, clock));
}

/** `stui image list --json`: `sessions` counts the image's sessions that are not archived. */
export function imageRows(catalog: Catalog): ImageRow[] {
  const counts: Record<string, number> = dict();
  for (const id in catalog.sessions) {
    const s = catalog.sessions[id];
    if (!s || sessionStatus(s, catalog.images).state === 'archived') continue;
    counts[s.image] = (counts[s.image] ?? 0) + 1;
  }
  return toImageRows(catalog.images, (name) => counts[name] ?? 0);
}

export function renderImages(catalog: Catalog): string {
  return renderImageRows(imageRows(catalog));
}

/** What the engine reconnects to on start: every registered image, in registration order. */
export function imagesToConnect(catalog: Catalog): ReturnType<typeof reconnectList> {
  return reconnectList(catalog.images);
}
