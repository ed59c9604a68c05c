/**
 * While waiting out a reconnect delay, ask the address a question the image answers cheaply: a
 * protocol `ping` on a throwaway link (nothing is logged for it). ZeroMQ keeps retrying the TCP
 * connect underneath every `intervalMs`, and the ping waits in its queue until the path is back;
 * the moment a pong arrives the machine retries at once instead of sleeping out the rest of the
 * backoff. The backoff keeps the log and the network quiet during a long outage; the probe keeps
 * the reconnect fast when the image comes back (refused port, dropped path or frozen process
 * alike: only a live, responsive image answers).
 *
 * The machine turns the probe off after handshake or protocol failures: there the image does
 * answer pings, so a pong would only repeat the failure at full speed.
 */
import { fromCallback } from 'xstate';
import { ImageLink, ImageProtocolError, newRequestId } from '../../protocol/index.js';
import { socketOptionsFor } from './actors.js';
import type { LinkActorConfig } from './actors.js';
import type { ConnectionEvent } from './types.js';

export interface ProbeInput {
  intervalMs: number;
  enabled: boolean;
}

export function probeActor(cfg: LinkActorConfig) {
  return fromCallback<ConnectionEvent, ProbeInput>(({ input, sendBack }) => {
    if (!input.enabled || input.intervalMs <= 0) return undefined;
    let link: ImageLink;
    try {
      link = ImageLink.connect(cfg.address, {
        ...(cfg.curve ? { curve: cfg.curve } : {}),
        // socketOptionsFor's short connectTimeout matters most here: a fresh SYN every
        // connectRetryMs + intervalMs, so a path that comes back is found within that.
        socket: {
          ...socketOptionsFor(cfg.timing),
          reconnectInterval: input.intervalMs,
          reconnectMaxInterval: input.intervalMs,
        },
      });
    } catch {
      return undefined; // a malformed address: the attempt itself reports it
    }
    let done = false;
    const ask = (): void => {
      if (done) return;
      // A ping written into a connection that then died is never answered: ask again after a
      // while rather than wait on it for the whole delay.
      link.request({ type: 'ping', id: newRequestId() }, { timeoutMs: input.intervalMs * 5 }).then(
        () => {
          if (done) return;
          done = true;
          sendBack({ type: 'PROBE.OPEN' });
        },
        (e: unknown) => {
          // An image that refuses pings cannot be probed; the backoff timer still runs.
          if (e instanceof ImageProtocolError) done = true;
          else ask();
        },
      );
    };
    ask();
    return () => {
      done = true;
      link.close();
    };
  });
}
