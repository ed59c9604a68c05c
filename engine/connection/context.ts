/**
 * The connection machine's context and input, plus the pure functions the machine uses to turn its
 * context into log events and owner notifications.
 */
import type { ConnectionReason, TypedEvent } from '../events.js';
import { backoffDelay, nextRandom, slowRetryDelay } from './backoff.js';
import { reports } from './reports.js';
import type { ConnectedInfo, ConnectionTiming, IdentityChange, ImageIdentity, LinkHandle } from './types.js';

export interface ConnectionInput {
  name: string;
  address: string;
  expectedImageId: string | null;
  timing: ConnectionTiming;
  /** Connect to a different image at the address without asking (identity_changed still written). */
  acceptIdentityChange: boolean;
  /** Seed of the jitter generator (any 32-bit integer). */
  seed: number;
}

export interface ConnectionContext {
  name: string;
  address: string;
  timing: ConnectionTiming;
  acceptIdentityChange: boolean;
  expectedImageId: string | null;
  link: LinkHandle | null;
  /** The image this connection talks to (set by a successful handshake). */
  identity: ImageIdentity | null;
  /** In identityMismatch: who answered instead. */
  observed: ImageIdentity | null;
  latencyMs: number | null;
  handshakeAt: number | null;
  /** Attempts since the last successful connection. */
  attempt: number;
  /** Failures since the last successful connection: the backoff exponent. */
  failures: number;
  /** `connection.connected` was (or is being) written for the current link: a failure is a loss. */
  connectedReported: boolean;
  /** When the current outage's `connection.lost` was written; null while no outage. */
  lostAt: number | null;
  /**
   * When the image was first found unreachable (the loss, or the first failed attempt) since it
   * was last connected; null while connected. The give-up window is measured from here.
   */
  unreachableSince: number | null;
  /** When the current (or last) attempt's connection.connecting was written. */
  lastAttemptAt: number | null;
  /** Unreachable past the give-up window: retrying slowly (`lost`). */
  givenUp: boolean;
  /** This disconnection is the one that crosses the give-up window (writes connection.lost{giveUp}). */
  givingUp: boolean;
  /** The current connection ended an outage (a `connection.restored` was written for it). */
  restored: boolean;
  lastReason: ConnectionReason | null;
  lastDetail: string | null;
  retryDelayMs: number;
  /** Whether a probe may cut the reconnect delay short (not after handshake/protocol failures). */
  probeUseful: boolean;
  nextRetryAt: number | null;
  rng: number;
  fault: string | null;
}

export interface ReportInput {
  events: TypedEvent[];
}
export interface HandshakeInput {
  link: LinkHandle | null;
  timeoutMs: number;
}
export interface HeartbeatInput {
  link: LinkHandle | null;
  intervalMs: number;
}

/** Error thrown by actors to say why an attempt failed; anything else counts as `protocol`. */
export class AttemptError extends Error {
  constructor(
    readonly reason: ConnectionReason,
    detail: string,
  ) {
    super(detail);
  }
}

export function failureOf(error: unknown): { lastReason: ConnectionReason; lastDetail: string } {
  if (error instanceof AttemptError) return { lastReason: error.reason, lastDetail: error.message };
  return { lastReason: 'protocol', lastDetail: error instanceof Error ? error.message : String(error) };
}

/** identity_changed (auto-accepted change) + connected + restored (after an outage), in that order. */
export function connectedReports(c: ConnectionContext): TypedEvent[] {
  const id = c.identity!;
  const out: TypedEvent[] = [];
  if (c.expectedImageId !== null && c.expectedImageId !== id.imageId) {
    out.push(reports.identityChanged(c, c.expectedImageId, id.imageId));
  }
  out.push(reports.connected(c, id, c.latencyMs ?? 0));
  if (c.lostAt !== null) {
    out.push(reports.restored(c, id.imageId, Math.max(0, (c.handshakeAt ?? c.lostAt) - c.lostAt), c.attempt));
  }
  return out;
}

/**
 * The wait before the next attempt, on entering `disconnected`: capped exponential backoff with
 * jitter, or, once the image has been unreachable for the give-up window, the slow retry. The
 * window is measured between written events (report times), so simulated clocks drive it in tests.
 */
export function nextRetry(
  c: ConnectionContext,
): Pick<ConnectionContext, 'failures' | 'rng' | 'retryDelayMs' | 'givingUp' | 'givenUp'> {
  const failures = c.failures + 1;
  const r = nextRandom(c.rng);
  const since = c.unreachableSince;
  const overdue = since !== null && c.lastAttemptAt !== null && c.lastAttemptAt - since >= c.timing.giveUpAfterMs;
  const retryDelayMs = overdue ? slowRetryDelay(c.timing, r.value) : backoffDelay(failures, c.timing, r.value);
  return { failures, rng: r.state, retryDelayMs, givingUp: overdue && !c.givenUp, givenUp: c.givenUp || overdue };
}

/**
 * lost (when a connected link ended, or when the give-up window has just passed) +
 * reconnect_scheduled for the next attempt.
 */
export function disconnectedReports(c: ConnectionContext): TypedEvent[] {
  const reason = c.lastReason ?? 'closed';
  const out: TypedEvent[] = [];
  if (c.connectedReported) out.push(reports.lost(c, reason, c.lastDetail ?? ''));
  if (c.givingUp && c.unreachableSince !== null && c.lastAttemptAt !== null) {
    out.push(reports.gaveUp(c, reason, c.lastAttemptAt - c.unreachableSince, c.timing.slowRetryMs));
  }
  out.push(reports.reconnectScheduled(c, c.attempt + 1, c.retryDelayMs, reason));
  return out;
}

/** What onConnected hooks and whenConnected() get; null unless a handshake succeeded. */
export function connectedInfoOf(c: ConnectionContext): ConnectedInfo | null {
  if (!c.identity) return null;
  return { ...c.identity, name: c.name, address: c.address, latencyMs: c.latencyMs ?? 0, restored: c.restored };
}

/**
 * The identity change a handshake revealed: while announcing a connection (`accepted`), the
 * connected identity against the expected one; in identityMismatch, the observed one.
 */
export function identityChangeOf(c: ConnectionContext, accepted: boolean): IdentityChange | null {
  const seen = accepted ? c.identity : c.observed;
  if (!seen || c.expectedImageId === null || c.expectedImageId === seen.imageId) return null;
  return { name: c.name, address: c.address, previousImageId: c.expectedImageId, imageId: seen.imageId, accepted };
}
