/**
 * The machine's I/O: the real implementations of its `link`, `handshake` and `report` actors
 * (the heartbeat is in heartbeat.ts). Each attempt gets a fresh ImageLink (a ZeroMQ DEALER) that
 * lives exactly as long as the machine's `online` state; the cleanup closes it with linger 0, so
 * nothing of a dead connection survives into the next attempt.
 */
import { fromCallback, fromPromise } from 'xstate';
import type { EventType as SocketEventType } from 'zeromq';
import type { ConnectionReason, TypedEvent } from '../events.js';
import {
  ImageLink,
  ImageProtocolError,
  ImageTimeoutError,
  LinkClosedError,
  newRequestId,
} from '../../protocol/index.js';
import type { ClientCurve, LinkSocketOptions } from '../../protocol/index.js';
import { AttemptError } from './context.js';
import type { HandshakeInput, ReportInput } from './context.js';
import { identityOf } from './types.js';
import type { ConnectionEvent, ConnectionTiming, HandshakeResult } from './types.js';

/**
 * ZeroMQ options of the DEALER, derived from the connection's timing so the transport and the
 * machine agree on what "too long" means:
 * - linger 0: closing a link never waits on a peer that is gone; unanswered requests are the
 *   owner's to resend (the image's reply record makes resends harmless).
 * - reconnectInterval 100 ms within an attempt: a refused connect is retried, and the retry event
 *   is how a refusal becomes visible to us within ~100 ms.
 * - connectTimeout = connectRetryMs (400 ms): a SYN lost to a black-holed path is abandoned and a
 *   fresh one sent, instead of waiting for the kernel to retransmit it after 1 s, 3 s, 7 s…; the
 *   machine's own connectTimeoutMs still bounds the whole attempt.
 * - ZMTP heartbeats every heartbeat interval, timing out one interval after the protocol
 *   heartbeat would call the link silent: our own verdict ('silent') normally comes first, and the
 *   transport's teardown is the backstop; the TTL asks the image to drop a half-open pipe from us
 *   after as long, so neither side keeps a dead TCP connection waiting on retransmission timers.
 * - tcpMaxRetransmitTimeout (TCP_USER_TIMEOUT) = the same silence window: data left unacknowledged
 *   that long aborts the connection in the kernel too, whatever the retransmission backoff says.
 * - TCP keepalive after 1 s idle, every 1 s, 3 probes: only matters for a link with no traffic at
 *   all (heartbeats normally keep it busy), so a dead peer is still found in seconds, not hours.
 */
export function socketOptionsFor(t: ConnectionTiming): Partial<LinkSocketOptions> {
  const silence = t.heartbeatIntervalMs * (t.heartbeatMissLimit + 1);
  return {
    linger: 0,
    reconnectInterval: 100,
    reconnectMaxInterval: Math.max(100, t.connectTimeoutMs),
    connectTimeout: Math.min(t.connectRetryMs, t.connectTimeoutMs),
    heartbeatInterval: t.heartbeatIntervalMs,
    heartbeatTimeout: silence,
    heartbeatTimeToLive: silence,
    tcpMaxRetransmitTimeout: silence,
    tcpKeepalive: 1,
    tcpKeepaliveIdle: 1,
    tcpKeepaliveInterval: 1,
    tcpKeepaliveCount: 3,
  };
}

export interface LinkActorConfig {
  address: string;
  timing: ConnectionTiming;
  curve?: ClientCurve;
  requestTimeoutMs?: number;
}

/**
 * Opens a link and translates what the transport says into LINK.* events. "Up" means the ZMTP
 * handshake (and CURVE, when used) completed. ZeroMQ's monitor can miss events that happen before
 * it is attached, so a ping is sent at once as a backstop: any answer proves the transport works.
 */
export function linkActor(cfg: LinkActorConfig) {
  return fromCallback<ConnectionEvent, Record<string, never>>(({ sendBack }) => {
    let link: ImageLink;
    try {
      link = ImageLink.connect(cfg.address, {
        ...(cfg.curve ? { curve: cfg.curve } : {}),
        ...(cfg.requestTimeoutMs ? { requestTimeoutMs: cfg.requestTimeoutMs } : {}),
        socket: socketOptionsFor(cfg.timing),
      });
    } catch (e) {
      // ZeroMQ rejects a malformed endpoint at once; say so in the log instead of crashing.
      sendBack({ type: 'LINK.DOWN', reason: 'protocol', detail: `cannot connect to ${cfg.address}: ${String(e)}` });
      return undefined;
    }
    let up = false;
    let done = false;
    const markUp = (): void => {
      if (up || done) return;
      up = true;
      sendBack({ type: 'LINK.UP' });
    };
    const down = (reason: ConnectionReason, detail: string): void => {
      if (done) return;
      done = true;
      sendBack({ type: 'LINK.DOWN', reason, detail });
    };
    const on = (type: SocketEventType, f: () => void): void => link.onSocketEvent(type, f);

    sendBack({ type: 'LINK.OPENED', link });
    on('handshake', markUp);
    // A refusal (RST) fails a connect within a round trip; a connect that ran into ZeroMQ's
    // connectTimeout is a SYN lost on the way (dropped path, host down). The first ends the attempt
    // at once; after the second ZeroMQ sends a fresh SYN, and the machine's connectTimeoutMs decides.
    let dialStarted = performance.now();
    const retryLimit = Math.min(cfg.timing.connectRetryMs, cfg.timing.connectTimeoutMs);
    on('connect:delay', () => {
      dialStarted = performance.now();
    });
    on('connect:retry', () => {
      if (up) return;
      if (performance.now() - dialStarted < retryLimit * 0.75) down('refused', `nothing accepted the connection at ${cfg.address}`);
      dialStarted = performance.now();
    });
    on('disconnect', () => down('closed', up ? 'the image closed the connection' : 'connection closed during setup'));
    on('handshake:error:auth', () => down('protocol', 'the image rejected our CURVE credentials'));
    on('handshake:error:protocol', () => down('protocol', 'ZMTP handshake failed'));
    on('handshake:error:other', () => down('protocol', 'ZMTP handshake failed'));
    link.request({ type: 'ping', id: newRequestId() }, { timeoutMs: cfg.timing.connectTimeoutMs }).then(markUp, (e: unknown) => {
      // An error reply is still an answer from the image: the transport is up.
      if (e instanceof ImageProtocolError) markUp();
    });
    const offPush = link.onPush((push) => {
      if (push.type === 'transcript' && !done) sendBack({ type: 'LINK.TRANSCRIPT', push });
    });

    return () => {
      done = true;
      offPush();
      link.close();
    };
  });
}

/** Says hello; a failure is classified so the log says why the attempt failed. */
export function handshakeActor(client: string) {
  return fromPromise<HandshakeResult, HandshakeInput>(async ({ input }) => {
    const link = input.link;
    if (!link) throw new AttemptError('protocol', 'no link to say hello on');
    const t0 = performance.now();
    try {
      const welcome = await link.hello({ client, timeoutMs: input.timeoutMs });
      const latencyMs = Math.round((performance.now() - t0) * 100) / 100;
      return { identity: identityOf(welcome), latencyMs, at: Date.now() };
    } catch (e) {
      if (e instanceof ImageTimeoutError) throw new AttemptError('timed_out', `no welcome within ${input.timeoutMs} ms`);
      if (e instanceof LinkClosedError) throw new AttemptError('closed', e.message);
      throw new AttemptError('protocol', e instanceof Error ? e.message : String(e));
    }
  });
}

/** Writes through the owner's ordered writer; resolves with the time the events were durable. */
export function reportActor(write: (events: TypedEvent[]) => Promise<void>) {
  return fromPromise<{ at: number }, ReportInput>(async ({ input }) => {
    await write(input.events);
    return { at: Date.now() };
  });
}
