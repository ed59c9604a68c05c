/**
 * The engine's image ports, built on the connection actors of engine/connection: one XState actor
 * per image that connects, heartbeats, reconnects and writes each transition as its connection.*
 * event through the engine's commit path before anyone acts on it.
 */
import { createImageConnection, type ConnectionTiming } from '../connection/index.js';
import type { CurveKeyPair } from '../../protocol/index.js';
import type { ImagePort, PortFactory, PortState } from './port.js';

export interface PortFactoryOptions {
  diag(message: string): void;
  /** This engine's CURVE key pair, for images registered with a server key. */
  clientKeys(): CurveKeyPair;
  timing?: Partial<ConnectionTiming>;
}

function portState(state: string): PortState {
  switch (state) {
    case 'connected':
    case 'suspect':
    case 'lost':
      return state;
    case 'stopped':
      return 'stopped';
    case 'disconnected':
    case 'identityMismatch':
      return 'disconnected';
    default:
      return 'connecting';
  }
}

export function createPortFactory(opts: PortFactoryOptions): PortFactory {
  return ({ name, address, expectedImageId, serverKey }, hooks): ImagePort => {
    const conn = createImageConnection({
      name,
      address,
      expectedImageId,
      ...(serverKey ? { serverKey, clientKeys: opts.clientKeys() } : {}),
      // An image answering at the address with another identity is recorded
      // (image.identity_changed) and adopted; the engine orphans the sessions of the old one.
      acceptIdentityChange: true,
      emit: hooks.emit,
      onHookError: (err) => opts.diag(`image ${name}: ${String(err)}`),
      ...(opts.timing ? { timing: opts.timing } : {}),
    });
    conn.onConnected((info) => hooks.onConnected({ imageId: info.imageId, evalTimeoutMs: null }));
    conn.onDisconnected(() => hooks.onDisconnected());
    conn.onTranscript((push) => hooks.onPush(push));
    conn.start();
    return {
      name,
      address,
      state: () => portState(conn.status.state),
      latencyMs: () => conn.status.latencyMs,
      imageId: () => conn.status.imageId,
      request: (msg, o) => conn.request(msg, o),
      retryNow: () => conn.retry(),
      stop: () => conn.stop(),
    };
  };
}
