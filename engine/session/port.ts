/**
 * What the session engine needs from one image connection. engine/session/connect.ts builds it
 * from the connection actor (engine/connection); tests of the engine core can fake it.
 */
import type { TypedEvent } from '../events.js';
import type { Push, ReplyByRequest, Request } from '../../protocol/index.js';

/** `suspect`: linked, but heartbeats are missing; `lost`: unreachable past the give-up window. */
export type PortState = 'connecting' | 'connected' | 'suspect' | 'disconnected' | 'lost' | 'stopped';

export interface ImagePort {
  readonly name: string;
  readonly address: string;
  state(): PortState;
  /** Last measured round trip to the image (ms), null before the first. */
  latencyMs(): number | null;
  imageId(): string | null;
  /** Sends a request; rejects when the link drops or the time limit passes. */
  request<T extends Request>(msg: T, opts?: { timeoutMs?: number }): Promise<ReplyByRequest[T['type']]>;
  /** Dials again now instead of waiting out the backoff (the user's "retry now"). */
  retryNow?(): void;
  stop(): Promise<void>;
}

export interface PortHooks {
  /** Appends a connection.* event (stream image:<name>); the connection waits for it (write-ahead). */
  emit(event: TypedEvent): Promise<void>;
  /** The image said welcome (first connect or reconnect): (re)open sessions, flush queued work. */
  onConnected(info: LinkInfo): void;
  /** The link is down; in-flight requests will be resent after the next onConnected. */
  onDisconnected(): void;
  /** Transcript output and other pushes from the image. */
  onPush(msg: Push): void;
}

/** What the engine keeps from an image's welcome. */
export interface LinkInfo {
  imageId: string;
  /** The image's own limit on one evaluation, when it told us. */
  evalTimeoutMs: number | null;
}

export interface PortTarget {
  name: string;
  address: string;
  /** The identity the log knows for the image (null before first contact). */
  expectedImageId: string | null;
  /** The image's CURVE public key (Z85) when it serves encrypted, else null. */
  serverKey: string | null;
}

export type PortFactory = (target: PortTarget, hooks: PortHooks) => ImagePort;
