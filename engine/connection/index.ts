/**
 * Connections to images: one XState actor per registered image keeps it connected, checks it is
 * still the same image on every handshake, heartbeats it, reconnects with backoff, and reports
 * every step as a `connection.*` event through the owner's `emit` (the log), before acting on it.
 *
 * The owner (the engine) decides what a changed identity means for its sessions: the connection
 * stops in `identityMismatch` and waits for `acceptIdentity()` (or `retry()`), unless it was
 * created with `acceptIdentityChange: true`.
 *
 * What reaches the log (stream `image:<name>`), in order:
 *   connect            connection.connecting{attempt} · connection.connected
 *   failed attempt     connection.connecting · connection.reconnect_scheduled{reason: refused |
 *                      timed_out | protocol | closed}  (no connection.lost: nothing was connected)
 *   silence            connection.heartbeat_missed{missed, limit} (state suspect) · and when heard
 *                      again on the same link: connection.restored{resumed, attempts: 0}
 *   loss               [connection.heartbeat_missed…] · connection.lost{reason: closed | silent |
 *                      identity_changed} · connection.reconnect_scheduled{attempt: 1}
 *   give-up            unreachable for giveUpAfterMs: connection.lost{giveUp, unreachableMs} once,
 *                      then reconnect_scheduled every slowRetryMs (state lost)
 *   healed             connection.connecting · connection.connected · connection.restored{downtimeMs
 *                      from the written loss to the welcome, attempts since the loss}
 *   another image      connection.connecting · image.identity_changed  (+ connection.connected when
 *                      accepted automatically; after acceptIdentity() a fresh attempt follows)
 *   stop()             nothing: the engine records its own stop.
 * Requests in flight when a link drops reject with E_IMAGE_OFFLINE; the owner resends them from
 * its onConnected hook (the image's reply record answers a resend without re-running it).
 */
import { randomInt } from 'node:crypto';
import { createActor } from 'xstate';
import { curveKeyPair } from 'zeromq';
import type { Actor } from 'xstate';
import { StuiError } from '../errors.js';
import type { TypedEvent } from '../events.js';
import type { CurveKeyPair, ReplyByRequest, Request, TranscriptPush } from '../../protocol/index.js';
import { handshakeActor, linkActor, reportActor } from './actors.js';
import { connectedInfoOf } from './context.js';
import { heartbeatActor } from './heartbeat.js';
import { connectionMachine } from './machine.js';
import { probeActor } from './probe.js';
import { isLinked, sameStatus, stateNameOf, statusOf } from './status.js';
import type { ConnectedInfo, ConnectionStatus, ConnectionTiming, DisconnectedInfo, IdentityChange } from './types.js';
import { DEFAULT_TIMING } from './types.js';
import { OrderedWriter } from './writer.js';

export { DEFAULT_TIMING } from './types.js';
export type {
  ConnectedInfo,
  ConnectionStateName,
  ConnectionStatus,
  ConnectionTiming,
  DisconnectedInfo,
  IdentityChange,
  ImageIdentity,
} from './types.js';
export { connectionMachine } from './machine.js';
export { backoffDelay } from './backoff.js';
export { socketOptionsFor } from './actors.js';

export interface ImageConnectionOptions {
  /** The registered image name (stream `image:<name>`). */
  name: string;
  /** `tcp://host:port`. */
  address: string;
  /** The imageId the log knows for this image; null on first contact (any identity is adopted). */
  expectedImageId: string | null;
  /** The image's CURVE public key (Z85): the link is encrypted and the image authenticated. */
  serverKey?: string;
  /** This client's CURVE pair (from the STUI home); a fresh pair when omitted. */
  clientKeys?: CurveKeyPair;
  timing?: Partial<ConnectionTiming>;
  /** Connect to a different image at the address without waiting for acceptIdentity(). */
  acceptIdentityChange?: boolean;
  /** Appends one event to the log; the connection awaits it before acting (write-ahead). */
  emit: (event: TypedEvent) => Promise<void>;
  /** Called whenever the status changes. */
  onStatus?: (status: ConnectionStatus) => void;
  /** Receives errors thrown by hooks (they never disturb the connection) or by the machine. */
  onHookError?: (err: unknown) => void;
  /** Default time limit of request(), ms (default 10 000). */
  requestTimeoutMs?: number;
  /** How this client introduces itself in `hello`. */
  client?: string;
  /** Seed of the reconnect jitter (default random). */
  seed?: number;
}

export interface ImageConnection {
  readonly name: string;
  readonly address: string;
  readonly status: ConnectionStatus;
  /** Begins connecting (once). */
  start(): void;
  /** Closes the link and stops; resolves when no further event will be emitted. Idempotent. */
  stop(): Promise<void>;
  /** Reconnects now instead of waiting out the backoff, or re-checks after an identity mismatch. */
  retry(): void;
  /** In `identityMismatch`: adopt the image now at the address and connect to it. */
  acceptIdentity(): void;
  /** Resolves once connected; rejects E_TIMEOUT, E_IMAGE_IDENTITY, or E_IMAGE_OFFLINE (stopped). */
  whenConnected(timeoutMs: number): Promise<ConnectedInfo>;
  /** Sends a request over the current link; rejects E_IMAGE_OFFLINE when not connected. */
  request<T extends Request>(msg: T, opts?: { timeoutMs?: number }): Promise<ReplyByRequest[T['type']]>;
  /** After every (re)connect, once connection.connected (and .restored) are in the log. */
  onConnected(cb: (info: ConnectedInfo) => void | Promise<void>): () => void;
  /** After every connection.lost is in the log. */
  onDisconnected(cb: (info: DisconnectedInfo) => void | Promise<void>): () => void;
  /** Transcript output pushed by the image, with its session id. */
  onTranscript(cb: (push: TranscriptPush) => void): () => void;
  /**
   * After image.identity_changed is in the log: a different image answers at the address. With
   * `accepted: false` the connection waits in `identityMismatch` for acceptIdentity() or retry();
   * with `accepted: true` (acceptIdentityChange) onConnected follows for the new image.
   */
  onIdentityChanged(cb: (change: IdentityChange) => void | Promise<void>): () => void;
}

type ConnectionActor = Actor<typeof connectionMachine>;

class ImageConnectionImpl implements ImageConnection {
  readonly name: string;
  readonly address: string;
  private readonly actor: ConnectionActor;
  private readonly writer: OrderedWriter;
  private readonly connectedHooks = new Set<(info: ConnectedInfo) => void | Promise<void>>();
  private readonly disconnectedHooks = new Set<(info: DisconnectedInfo) => void | Promise<void>>();
  private readonly transcriptHooks = new Set<(push: TranscriptPush) => void>();
  private readonly identityHooks = new Set<(change: IdentityChange) => void | Promise<void>>();
  private lastStatus: ConnectionStatus;
  private stopping: Promise<void> | null = null;

  constructor(private readonly opts: ImageConnectionOptions) {
    this.name = opts.name;
    this.address = opts.address;
    const timing: ConnectionTiming = { ...DEFAULT_TIMING, ...opts.timing };
    this.writer = new OrderedWriter(opts.emit);
    // With only the image's key, a fresh client pair still encrypts the link (the image does not
    // need to know clients beforehand); never fall back to plaintext when a key was given.
    const curve = opts.serverKey ? { serverKey: opts.serverKey, ...(opts.clientKeys ?? curveKeyPair()) } : undefined;
    const linkConfig = {
      address: opts.address,
      timing,
      ...(curve ? { curve } : {}),
      ...(opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
    };
    const machine = connectionMachine.provide({
      actors: {
        report: reportActor((events) => this.writer.write(events)),
        link: linkActor(linkConfig),
        handshake: handshakeActor(opts.client ?? 'stui-sessions'),
        heartbeat: heartbeatActor({ missLimit: timing.heartbeatMissLimit }),
        probe: probeActor(linkConfig),
      },
    });
    this.actor = createActor(machine, {
      input: {
        name: opts.name,
        address: opts.address,
        expectedImageId: opts.expectedImageId,
        timing,
        acceptIdentityChange: opts.acceptIdentityChange ?? false,
        seed: opts.seed ?? randomInt(0, 2 ** 31),
      },
    });
    this.actor.on('note', ({ event }) => {
      this.writer.write([event]).catch((err: unknown) => {
        if (!this.stopping) this.actor.send({ type: 'REPORT_FAILED', detail: String(err) });
      });
    });
    this.actor.on('connected', ({ info }) => {
      for (const cb of this.connectedHooks) this.runHook(() => cb(info));
    });
    this.actor.on('disconnected', ({ info }) => {
      for (const cb of this.disconnectedHooks) this.runHook(() => cb(info));
    });
    this.actor.on('identityChanged', ({ change }) => {
      for (const cb of this.identityHooks) this.runHook(() => cb(change));
    });
    this.actor.on('transcript', ({ push }) => {
      for (const cb of this.transcriptHooks) this.runHook(() => cb(push));
    });
    this.actor.start();
    this.lastStatus = statusOf(this.actor.getSnapshot());
    this.actor.subscribe({
      next: (snap) => {
        const next = statusOf(snap);
        if (sameStatus(next, this.lastStatus)) return;
        this.lastStatus = next;
        if (this.opts.onStatus) this.runHook(() => this.opts.onStatus!(next));
      },
      // A fault inside the machine is a bug; report it instead of crashing the engine process.
      error: (err) => this.opts.onHookError?.(err),
    });
  }

  get status(): ConnectionStatus {
    return statusOf(this.actor.getSnapshot());
  }

  start(): void {
    this.actor.send({ type: 'START' });
  }

  stop(): Promise<void> {
    if (!this.stopping) {
      // Close the writer first: from here on nothing new reaches the log, even from actors
      // that are still settling while the machine stops.
      const drained = this.writer.close();
      this.actor.send({ type: 'STOP' });
      this.stopping = drained.then(() => this.actor.stop(), () => this.actor.stop()).then(() => undefined);
    }
    return this.stopping;
  }

  retry(): void {
    this.actor.send({ type: 'RETRY' });
  }

  acceptIdentity(): void {
    this.actor.send({ type: 'ACCEPT_IDENTITY' });
  }

  whenConnected(timeoutMs: number): Promise<ConnectedInfo> {
    const check = (): ConnectedInfo | StuiError | null => {
      const snap = this.actor.getSnapshot();
      const state = stateNameOf(snap);
      const info = connectedInfoOf(snap.context);
      if (isLinked(state) && info) return info;
      if (state === 'stopped') return this.offline('stopped');
      if (state === 'identityMismatch') {
        const s = statusOf(snap);
        return new StuiError(
          'E_IMAGE_IDENTITY',
          `image ${this.name} at ${this.address} is now ${s.observedImageId}, not ${s.expectedImageId}; ` +
            'accept the new image or restore the old one',
          { image: this.name, expectedImageId: s.expectedImageId, imageId: s.observedImageId },
        );
      }
      return null;
    };
    return new Promise((resolve, reject) => {
      const settle = (): boolean => {
        const r = check();
        if (r === null) return false;
        if (r instanceof StuiError) reject(r);
        else resolve(r);
        return true;
      };
      if (settle()) return;
      const onChange = (): void => {
        if (!settle()) return;
        clearTimeout(timer);
        sub.unsubscribe();
      };
      const sub = this.actor.subscribe({ next: onChange, complete: onChange });
      const timer = setTimeout(() => {
        sub.unsubscribe();
        reject(new StuiError('E_TIMEOUT', `image ${this.name} not connected within ${timeoutMs} ms`, { image: this.name }));
      }, timeoutMs);
    });
  }

  request<T extends Request>(msg: T, opts: { timeoutMs?: number } = {}): Promise<ReplyByRequest[T['type']]> {
    const snap = this.actor.getSnapshot();
    const state = stateNameOf(snap);
    const link = snap.context.link;
    if (!isLinked(state) || !link) return Promise.reject(this.offline(state));
    return link.request(msg, opts);
  }

  onConnected(cb: (info: ConnectedInfo) => void | Promise<void>): () => void {
    this.connectedHooks.add(cb);
    return () => this.connectedHooks.delete(cb);
  }

  onDisconnected(cb: (info: DisconnectedInfo) => void | Promise<void>): () => void {
    this.disconnectedHooks.add(cb);
    return () => this.disconnectedHooks.delete(cb);
  }

  onTranscript(cb: (push: TranscriptPush) => void): () => void {
    this.transcriptHooks.add(cb);
    return () => this.transcriptHooks.delete(cb);
  }

  onIdentityChanged(cb: (change: IdentityChange) => void | Promise<void>): () => void {
    this.identityHooks.add(cb);
    return () => this.identityHooks.delete(cb);
  }

  private offline(state: string): StuiError {
    return new StuiError('E_IMAGE_OFFLINE', `image ${this.name} at ${this.address} is not connected (${state})`, {
      image: this.name,
      state,
    });
  }

  private runHook(f: () => void | Promise<void>): void {
    const report = (err: unknown): void => this.opts.onHookError?.(err);
    try {
      const r = f();
      if (r && typeof r.then === 'function') r.then(undefined, report);
    } catch (err) {
      report(err);
    }
  }
}

/** Creates the connection of one registered image (not started: call start()). */
export function createImageConnection(opts: ImageConnectionOptions): ImageConnection {
  return new ImageConnectionImpl(opts);
}
