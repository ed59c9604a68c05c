/**
 * The image registry: which images are registered, where they are, who they are (imageId) and how
 * their connection stands, from image.* and connection.* events (streams `image:<name>`).
 * Removed images are dropped; registering the name again starts a new record.
 */
import type { Entry } from '../engine/log/index.js';
import type { ConnectionReason, EventData } from '../engine/events.js';
import { dataOf, imageOfStream, type Dict } from './projection.js';
import { show, table } from './format.js';

/**
 * `unresponsive`: connected, but heartbeats are missing. `lost`: the connection broke and no retry
 * is under way yet. `disconnected`: never connected, or the engine stopped.
 */
export type ImageConnState = 'disconnected' | 'connecting' | 'connected' | 'unresponsive' | 'lost' | 'reconnecting';

export interface ImageRecord {
  name: string;
  address: string;
  serverKey: string | null;
  imageId: string | null;
  state: ImageConnState;
  latencyMs: number | null;
  registeredSeq: number;
  registeredTs: number;
  lastSeq: number;
  /**
   * When the image was seen becoming unreachable (first connection.lost or reconnect_scheduled
   * since it was last connected); null while connected. A stopped engine does not start this clock:
   * the image was not unreachable, nobody was looking.
   */
  downSince: number | null;
  downReason: ConnectionReason | null;
}

export type Images = Dict<ImageRecord>;

/** One `stui image list --json` row. */
export interface ImageRow {
  name: string;
  address: string;
  imageId: string | null;
  state: ImageConnState;
  latencyMs: number | null;
  sessions: number;
}

/** Applies one entry to the registry in place (the fold owns it). Other entries are ignored. */
export function evolveImages(images: Images, entry: Entry): void {
  if (entry.type === 'engine.stopped') {
    for (const name in images) {
      const img = images[name] as ImageRecord;
      if (img.state !== 'disconnected') img.state = 'disconnected';
    }
    return;
  }
  const name = imageOfStream(entry.stream);
  if (name === null) return;
  if (entry.type === 'image.registered') {
    const d = dataOf<EventData['image.registered']>(entry);
    if (!d) return;
    const known = images[name];
    if (known) {
      known.address = str(d.address, known.address);
      known.serverKey = typeof d.serverKey === 'string' ? d.serverKey : known.serverKey;
      known.lastSeq = entry.seq;
      return;
    }
    images[name] = {
      name,
      address: str(d.address, ''),
      serverKey: typeof d.serverKey === 'string' ? d.serverKey : null,
      imageId: null,
      state: 'disconnected',
      latencyMs: null,
      registeredSeq: entry.seq,
      registeredTs: entry.ts,
      lastSeq: entry.seq,
      downSince: null,
      downReason: null,
    };
    return;
  }
  const img = images[name];
  if (!img) return; // late events of a removed or never registered image
  img.lastSeq = entry.seq;
  switch (entry.type) {
    case 'image.removed':
      delete images[name];
      return;
    case 'image.identity_changed': {
      const d = dataOf<EventData['image.identity_changed']>(entry);
      if (!d) return;
      img.imageId = str(d.imageId, img.imageId);
      img.address = str(d.address, img.address);
      return;
    }
    case 'connection.connecting':
      img.state = 'connecting';
      return;
    case 'connection.connected': {
      const d = dataOf<EventData['connection.connected']>(entry);
      if (!d) return;
      img.state = 'connected';
      img.imageId = str(d.imageId, img.imageId);
      img.address = str(d.address, img.address);
      if (typeof d.latencyMs === 'number') img.latencyMs = d.latencyMs;
      img.downSince = null;
      img.downReason = null;
      return;
    }
    case 'connection.restored': {
      const d = dataOf<EventData['connection.restored']>(entry);
      img.state = 'connected';
      if (d) img.imageId = str(d.imageId, img.imageId);
      img.downSince = null;
      img.downReason = null;
      return;
    }
    case 'connection.heartbeat_missed':
      if (img.state === 'connected') img.state = 'unresponsive';
      return;
    case 'connection.lost':
    case 'connection.reconnect_scheduled': {
      const d = dataOf<{ reason?: ConnectionReason }>(entry);
      const reason = d?.reason ?? null;
      if (entry.type === 'connection.lost') img.state = reason === 'engine_stopped' ? 'disconnected' : 'lost';
      else img.state = 'reconnecting';
      if (img.downSince === null && reason !== 'engine_stopped') {
        img.downSince = entry.ts;
        img.downReason = reason;
      }
      return;
    }
  }
}

/** Whether sessions on an image in this state can evaluate right now. */
export function isReachable(state: ImageConnState): boolean {
  return state === 'connected' || state === 'unresponsive';
}

/** Images in registration order. */
export function imageList(images: Images): ImageRecord[] {
  return Object.values(images).sort((a, b) => a.registeredSeq - b.registeredSeq);
}

/**
 * The `stui image list --json` rows. `sessionsOn` counts the image's sessions that are not
 * archived (the catalog knows them; see `imageRows` in catalog.ts).
 */
export function toImageRows(images: Images, sessionsOn: (name: string) => number): ImageRow[] {
  return imageList(images).map((img) => ({
    name: img.name,
    address: img.address,
    imageId: img.imageId,
    state: img.state,
    latencyMs: img.latencyMs,
    sessions: sessionsOn(img.name),
  }));
}

export function renderImageRows(rows: readonly ImageRow[]): string {
  if (rows.length === 0) return 'no images registered; add one with: stui image add NAME tcp://HOST:PORT';
  return table(
    ['name', 'address', 'image id', 'state', 'latency', 'sessions'],
    rows.map((r) => [
      r.name,
      r.address,
      r.imageId ?? '-',
      r.state,
      r.latencyMs === null ? '-' : `${show(r.latencyMs)} ms`,
      String(r.sessions),
    ]),
  );
}

/** What the engine reconnects to on start: every registered image, in registration order. */
export function reconnectList(images: Images): { name: string; address: string; imageId: string | null; serverKey: string | null }[] {
  return imageList(images).map((img) => ({
    name: img.name,
    address: img.address,
    imageId: img.imageId,
    serverKey: img.serverKey,
  }));
}

function str<T extends string | null>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' ? value : fallback;
}
