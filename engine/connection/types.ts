/**
 * Shapes shared by the connection machine, its actors and its public face. The machine only ever
 * sees these types; the ZeroMQ link behind `LinkHandle` is opaque to it, so the machine can be
 * driven in tests with stand-in actors and no sockets.
 */
import type { ConnectionReason, TypedEvent } from '../events.js';
import type { ImageLimits, ImageLink, TranscriptPush, WelcomeReply } from '../../protocol/index.js';

/** Timing knobs. Defaults suit a LAN/loopback image; tests shrink them. All in milliseconds. */
export interface ConnectionTiming {
  /** Protocol ping period while connected. */
  heartbeatIntervalMs: number;
  /** Unanswered pings in a row that count as a silent (lost) connection. */
  heartbeatMissLimit: number;
  /** Longest wait for the transport (TCP + ZMTP greeting) to come up on one attempt. */
  connectTimeoutMs: number;
  /**
   * Longest wait for one TCP connect (SYN) before ZeroMQ gives up on it and sends a fresh one,
   * within an attempt and in the probe. Short, because a SYN lost to a dropped path is otherwise
   * retransmitted by the kernel only after 1 s, 3 s, 7 s…: with this the path is used within
   * about this long of coming back. Must exceed the network's round trip (LAN: a few ms).
   */
  connectRetryMs: number;
  /** Longest wait for the image's `welcome` after the transport is up. */
  handshakeTimeoutMs: number;
  /** First reconnect delay; each further failed attempt multiplies it by `backoffFactor`. */
  backoffInitialMs: number;
  backoffFactor: number;
  /** Ceiling of the reconnect delay, so a long outage is still noticed ending within this. */
  backoffMaxMs: number;
  /** ± fraction of the delay randomised, so many engines don't reconnect in lockstep. */
  backoffJitter: number;
  /** While waiting to reconnect, how often an unlogged ping probe retries the address; 0 = off. */
  probeIntervalMs: number;
  /**
   * Unreachable this long (since the loss, or since the first failed attempt), the connection
   * counts as lost for good: `connection.lost{giveUp}` is written and attempts slow down to one
   * per `slowRetryMs` (the probe keeps listening, slower), so a long outage costs the log and the
   * network little while the image's return is still noticed quickly.
   */
  giveUpAfterMs: number;
  slowRetryMs: number;
}

export const DEFAULT_TIMING: ConnectionTiming = {
  heartbeatIntervalMs: 500,
  heartbeatMissLimit: 3,
  connectTimeoutMs: 2000,
  connectRetryMs: 400,
  handshakeTimeoutMs: 2000,
  backoffInitialMs: 100,
  backoffFactor: 2,
  backoffMaxMs: 5000,
  backoffJitter: 0.2,
  probeIntervalMs: 200,
  giveUpAfterMs: 60_000,
  slowRetryMs: 30_000,
};

/** The live link as the machine stores it: never called by the machine, only handed to actors. */
export type LinkHandle = ImageLink;

/** What the handshake learnt about the image at the address. */
export interface ImageIdentity {
  imageId: string;
  imageName: string;
  dialect: string;
  version: string;
  protocol: number;
  incarnation: string;
  /** What the image promises to accept (message size, evaluation time limit, reply record). */
  limits: ImageLimits;
}

export function identityOf(w: WelcomeReply): ImageIdentity {
  return {
    imageId: w.imageId,
    imageName: w.name,
    dialect: w.dialect,
    version: w.version,
    protocol: w.protocol,
    incarnation: w.incarnation,
    limits: w.limits,
  };
}

/** Output of the handshake actor. `at` is the wall-clock time the welcome arrived. */
export interface HandshakeResult {
  identity: ImageIdentity;
  latencyMs: number;
  at: number;
}

/** Events the machine accepts: from the owner (upper case verbs) and from its actors (dotted). */
export type ConnectionEvent =
  | { type: 'START' }
  | { type: 'STOP' }
  /** Skip the remaining reconnect delay, or re-check the address after an identity mismatch. */
  | { type: 'RETRY' }
  /** Adopt the image seen at the address (after an identity mismatch) and connect to it. */
  | { type: 'ACCEPT_IDENTITY' }
  /** An emit the machine did not wait for (heartbeat_missed) could not be written. */
  | { type: 'REPORT_FAILED'; detail: string }
  /** The image answers at the address again (see probe.ts): retry without waiting. */
  | { type: 'PROBE.OPEN' }
  | { type: 'LINK.OPENED'; link: LinkHandle }
  | { type: 'LINK.UP' }
  | { type: 'LINK.DOWN'; reason: ConnectionReason; detail: string }
  | { type: 'LINK.TRANSCRIPT'; push: TranscriptPush }
  | { type: 'HEARTBEAT.PONG'; latencyMs: number; imageId: string; incarnation: string }
  | { type: 'HEARTBEAT.MISSED'; missed: number; silentMs: number }
  /** The image is heard again after at least one missed heartbeat, on the same link. */
  | { type: 'HEARTBEAT.RESUMED'; silentMs: number };

/** Information handed to `onConnected` hooks once `connection.connected` is in the log. */
export interface ConnectedInfo extends ImageIdentity {
  name: string;
  address: string;
  latencyMs: number;
  /** True when this connection ends an outage (a `connection.restored` was written). */
  restored: boolean;
}

/** The image at the address is not the one expected (image.identity_changed is in the log). */
export interface IdentityChange {
  name: string;
  address: string;
  previousImageId: string;
  imageId: string;
  /** True when the connection went on to the new image (acceptIdentityChange or acceptIdentity()). */
  accepted: boolean;
}

export interface DisconnectedInfo {
  name: string;
  reason: ConnectionReason;
  detail: string;
}

/** Events the machine emits to its owner (XState `emit`), beyond what it writes to the log. */
export type ConnectionEmitted =
  /** A fact to append without holding the machine up (heartbeat_missed). */
  | { type: 'note'; event: TypedEvent }
  | { type: 'connected'; info: ConnectedInfo }
  | { type: 'disconnected'; info: DisconnectedInfo }
  | { type: 'identityChanged'; change: IdentityChange }
  | { type: 'transcript'; push: TranscriptPush };

/**
 * `suspect`: connected, but heartbeats are being missed (requests still go out on the link).
 * `disconnected`: reconnecting with backoff. `lost`: unreachable past the give-up window,
 * retrying slowly.
 */
export type ConnectionStateName =
  | 'idle'
  | 'connecting'
  | 'handshaking'
  | 'connected'
  | 'suspect'
  | 'disconnected'
  | 'lost'
  | 'identityMismatch'
  | 'stopped';

export interface ConnectionStatus {
  name: string;
  address: string;
  state: ConnectionStateName;
  /** The identity this connection accepts (from the log; null until first contact). */
  expectedImageId: string | null;
  /** The image currently connected, else null. */
  imageId: string | null;
  /** In `identityMismatch`: the identity the image at the address answered with. */
  observedImageId: string | null;
  /** Last measured round trip (handshake, then each heartbeat), null before the first. */
  latencyMs: number | null;
  /** Connection attempts since the last successful one (0 while connected). */
  attempt: number;
  /** Wall-clock ms of the next reconnect attempt while `disconnected`, else null. */
  nextRetryAt: number | null;
  /** Why the last attempt failed or the last connection was lost. */
  lastReason: ConnectionReason | null;
  lastDetail: string | null;
  /** Set when the machine stopped because the log could not be written. */
  fault: string | null;
}
