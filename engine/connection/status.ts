/**
 * The owner's view of a connection, derived from a machine snapshot (pure). The machine's finer
 * states fold into the names the owner reasons about: a connection counts as `connected` only
 * once `connection.connected` is in the log (requests are accepted only then), and as
 * `identityMismatch` only once `image.identity_changed` is. A connection missing heartbeats is
 * `suspect` (still linked); one unreachable past the give-up window is `lost`.
 */
import type { SnapshotFrom } from 'xstate';
import type { connectionMachine } from './machine.js';
import type { ConnectionStateName, ConnectionStatus } from './types.js';

export type ConnectionSnapshot = SnapshotFrom<typeof connectionMachine>;

export function stateNameOf(snap: ConnectionSnapshot): ConnectionStateName {
  if (snap.matches('idle')) return 'idle';
  if (snap.matches('connecting') || snap.matches({ online: 'dialing' })) return 'connecting';
  if (snap.matches({ online: { connected: { ready: 'suspect' } } })) return 'suspect';
  if (snap.matches({ online: { connected: 'ready' } })) return 'connected';
  // Until its event is written, an outcome of the handshake is not yet the owner's to act on.
  if (snap.matches('online') || snap.matches({ identityMismatch: 'announcing' })) return 'handshaking';
  if (snap.matches('disconnected')) return snap.context.givenUp ? 'lost' : 'disconnected';
  if (snap.matches('identityMismatch')) return 'identityMismatch';
  return 'stopped';
}

/** Connected, healthy or suspect: requests go out on the link. */
export function isLinked(state: ConnectionStateName): boolean {
  return state === 'connected' || state === 'suspect';
}

export function statusOf(snap: ConnectionSnapshot): ConnectionStatus {
  const c = snap.context;
  const state = stateNameOf(snap);
  return {
    name: c.name,
    address: c.address,
    state,
    expectedImageId: c.expectedImageId,
    imageId: isLinked(state) ? (c.identity?.imageId ?? null) : null,
    observedImageId: state === 'identityMismatch' ? (c.observed?.imageId ?? null) : null,
    latencyMs: c.latencyMs,
    attempt: c.attempt,
    nextRetryAt: state === 'disconnected' || state === 'lost' ? c.nextRetryAt : null,
    lastReason: c.lastReason,
    lastDetail: c.lastDetail,
    fault: c.fault,
  };
}

export function sameStatus(a: ConnectionStatus, b: ConnectionStatus): boolean {
  return (Object.keys(a) as (keyof ConnectionStatus)[]).every((k) => a[k] === b[k]);
}
