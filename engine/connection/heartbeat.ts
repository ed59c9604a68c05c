/**
 * The heartbeat while connected: a protocol `ping` every interval, and a watchdog on silence. The
 * k-th heartbeat counts as missed once nothing at all has been heard from the image for
 * k × interval plus a grace (a healthy pong arrives one interval + one round trip after the
 * previous one); the machine decides how many misses make the link silent, and is told
 * (HEARTBEAT.RESUMED) when the image is heard again after a miss. Measuring silence from
 * the last thing heard, not from ping ticks, keeps detection at ~limit × interval after the image
 * went quiet instead of up to one more interval later.
 *
 * Protocol pings, not only ZMTP heartbeats, because the pong carries the image's identity and
 * incarnation: a different image, or the same one restarted, behind the same socket is noticed
 * even when ZeroMQ reconnected underneath without a visible gap. Any message from the image counts
 * as hearing from it, so a burst of replies never looks like silence.
 */
import { fromCallback } from 'xstate';
import { newRequestId } from '../../protocol/index.js';
import type { HeartbeatInput } from './machine.js';
import type { ConnectionEvent } from './types.js';

export interface HeartbeatOptions {
  /** Misses that make the machine give up; also bounds how long one ping waits for its pong. */
  missLimit: number;
  now?: () => number;
}

/** Slack on top of each interval before it counts as missed: a fifth of it, at least 20 ms. */
const graceFor = (intervalMs: number): number => Math.max(20, Math.round(intervalMs / 5));

export function heartbeatActor(opts: HeartbeatOptions) {
  // Monotonic: a wall-clock step must not fake silence or a negative latency.
  const now = opts.now ?? (() => performance.now());
  return fromCallback<ConnectionEvent, HeartbeatInput>(({ input, sendBack }) => {
    const link = input.link;
    if (!link) return undefined;
    const interval = input.intervalMs;
    const grace = graceFor(interval);
    let stopped = false;
    let lastHeard = now();
    let missed = 0;
    let watchdog: NodeJS.Timeout | undefined;

    const arm = (): void => {
      clearTimeout(watchdog);
      const dueAt = lastHeard + (missed + 1) * interval + grace;
      watchdog = setTimeout(onSilence, Math.max(0, dueAt - now()));
    };
    const onSilence = (): void => {
      if (stopped) return;
      missed += 1;
      sendBack({ type: 'HEARTBEAT.MISSED', missed, silentMs: Math.round(now() - lastHeard) });
      if (!stopped) arm();
    };
    const heard = (): void => {
      const at = now();
      // Heard after a silence on the same link: the machine leaves `suspect` without a reconnect.
      if (missed > 0 && !stopped) sendBack({ type: 'HEARTBEAT.RESUMED', silentMs: Math.round(at - lastHeard) });
      lastHeard = at;
      missed = 0;
      if (!stopped) arm();
    };
    const offMessage = link.onMessage(heard);

    const ping = (): void => {
      const sentAt = now();
      link.request({ type: 'ping', id: newRequestId() }, { timeoutMs: interval * Math.max(1, opts.missLimit) }).then(
        (pong) => {
          if (stopped) return;
          const latencyMs = Math.round((now() - sentAt) * 100) / 100;
          sendBack({ type: 'HEARTBEAT.PONG', latencyMs, imageId: pong.imageId, incarnation: pong.incarnation });
        },
        () => {
          // An unanswered ping is already counted by the watchdog; nothing else to do.
        },
      );
    };

    ping();
    arm();
    const pinger = setInterval(ping, interval);
    return () => {
      stopped = true;
      clearInterval(pinger);
      clearTimeout(watchdog);
      offMessage();
    };
  });
}
