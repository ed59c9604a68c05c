/**
 * Pure builders of the events a connection writes to the log (shapes from engine/events.ts), so
 * the machine says *what* happened in one line and the shapes live in one place.
 */
import { imageStream } from '../events.js';
import type { ConnectionReason, EventData, EventType, TypedEvent } from '../events.js';
import type { ImageIdentity } from './types.js';

export interface ReportContext {
  name: string;
  address: string;
}

function ev<T extends EventType>(c: ReportContext, type: T, data: EventData[T]): TypedEvent {
  // TypedEvent<T> is assignable to the TypedEvent union only through this widening: the union
  // member is chosen by `type`, which TypeScript cannot correlate with `data` generically.
  return { type, stream: imageStream(c.name), data } as TypedEvent;
}

export const reports = {
  connecting: (c: ReportContext, attempt: number): TypedEvent =>
    ev(c, 'connection.connecting', { name: c.name, address: c.address, attempt }),

  connected: (c: ReportContext, id: ImageIdentity, latencyMs: number): TypedEvent =>
    ev(c, 'connection.connected', {
      name: c.name,
      address: c.address,
      imageId: id.imageId,
      imageName: id.imageName,
      dialect: id.dialect,
      version: id.version,
      protocol: id.protocol,
      latencyMs,
    }),

  restored: (c: ReportContext, imageId: string, downtimeMs: number, attempts: number): TypedEvent =>
    ev(c, 'connection.restored', { name: c.name, imageId, downtimeMs, attempts }),

  lost: (c: ReportContext, reason: ConnectionReason, detail: string): TypedEvent =>
    ev(c, 'connection.lost', detail ? { name: c.name, reason, detail } : { name: c.name, reason }),

  /** The give-up window has passed: the image counts as lost for good, retries slow down. */
  gaveUp: (c: ReportContext, reason: ConnectionReason, unreachableMs: number, slowRetryMs: number): TypedEvent =>
    ev(c, 'connection.lost', {
      name: c.name,
      reason,
      detail: `unreachable for ${Math.round(unreachableMs / 1000)} s; retrying every ${Math.round(slowRetryMs / 1000)} s`,
      giveUp: true,
      unreachableMs,
    }),

  /** Heartbeats are answered again on the same link after some were missed. */
  resumed: (c: ReportContext, imageId: string, silentMs: number): TypedEvent =>
    ev(c, 'connection.restored', { name: c.name, imageId, downtimeMs: silentMs, attempts: 0, resumed: true }),

  reconnectScheduled: (c: ReportContext, attempt: number, delayMs: number, reason: ConnectionReason): TypedEvent =>
    ev(c, 'connection.reconnect_scheduled', { name: c.name, attempt, delayMs, reason }),

  heartbeatMissed: (c: ReportContext, missed: number, silentMs: number, limit: number): TypedEvent =>
    ev(c, 'connection.heartbeat_missed', { name: c.name, missed, silentMs, limit }),

  identityChanged: (c: ReportContext, previousImageId: string, imageId: string): TypedEvent =>
    ev(c, 'image.identity_changed', { name: c.name, address: c.address, previousImageId, imageId }),
};
