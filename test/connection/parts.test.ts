/**
 * The small parts on their own: the ordered writer in front of the log, the reconnect probe (against
 * a real image), the ZeroMQ options derived from the timing, and the status view.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, createMachine } from 'xstate';
import { DEFAULT_TIMING, socketOptionsFor } from '../../engine/connection/index.js';
import { probeActor } from '../../engine/connection/probe.js';
import { OrderedWriter } from '../../engine/connection/writer.js';
import type { TypedEvent } from '../../engine/events.js';
import { statusOf } from '../../engine/connection/status.js';
import { Harness, identity } from './fakes.js';
import { freePort, killImage, serveImage, sleep } from './image.js';

const ev = (attempt: number): TypedEvent => ({
  type: 'connection.connecting',
  stream: 'image:x',
  data: { name: 'x', address: 'tcp://127.0.0.1:1', attempt },
});

test('writer: appends one at a time in call order, even when earlier appends are slower', async () => {
  const written: number[] = [];
  let active = 0;
  const w = new OrderedWriter(async (e) => {
    active += 1;
    assert.is(active, 1, 'two appends at once');
    const n = (e.data as { attempt: number }).attempt;
    await sleep(n === 1 ? 30 : 1);
    written.push(n);
    active -= 1;
  });
  const a = w.write([ev(1), ev(2)]);
  const b = w.write([ev(3)]);
  await Promise.all([a, b]);
  assert.equal(written, [1, 2, 3]);
});

test('writer: a failed append fails its caller only; close() drops what has not begun', async () => {
  const written: number[] = [];
  const w = new OrderedWriter(async (e) => {
    const n = (e.data as { attempt: number }).attempt;
    if (n === 1) throw new Error('disk full');
    await sleep(20);
    written.push(n);
  });
  let failed = false;
  await w.write([ev(1)]).catch(() => (failed = true));
  assert.ok(failed);
  const inFlight = w.write([ev(2)]);
  const queued = w.write([ev(3)]).catch((e: Error) => e.message);
  await sleep(5);
  await w.close();
  await inFlight;
  assert.match(String(await queued), /not written/);
  assert.equal(written, [2]);
  await w.write([ev(4)]).then(
    () => assert.unreachable('wrote after close'),
    () => undefined,
  );
});

/** Runs the probe under a parent that records what it reports. */
function runProbe(address: string, enabled: boolean): { opened: () => boolean; stop: () => void } {
  let opened = false;
  const parent = createMachine({
    invoke: { src: probeActor({ address, timing: DEFAULT_TIMING }), input: { intervalMs: 50, enabled } },
    on: { 'PROBE.OPEN': { actions: () => (opened = true) } },
  });
  const actor = createActor(parent).start();
  return { opened: () => opened, stop: () => actor.stop() };
}

test('probe: quiet while nothing answers, reports once a real image answers at the address', async () => {
  const port = await freePort();
  const address = `tcp://127.0.0.1:${port}`;
  const p = runProbe(address, true);
  const off = runProbe(address, false);
  await sleep(300);
  assert.not.ok(p.opened());
  const img = await serveImage({ name: 'probe', port });
  const back = Date.now();
  while (!p.opened() && Date.now() - back < 15_000) await sleep(10);
  assert.ok(p.opened(), 'no PROBE.OPEN within 15 s of the image listening');
  assert.not.ok(off.opened(), 'a disabled probe reported');
  p.stop();
  off.stop();
  await killImage(img);
});

test('ZeroMQ options: linger 0, connect timeout and ZMTP heartbeats follow the timing', () => {
  const o = socketOptionsFor(DEFAULT_TIMING);
  assert.is(o.linger, 0);
  // One SYN waits connectRetryMs, well inside the attempt's limit, so a lost SYN is resent soon.
  assert.is(o.connectTimeout, DEFAULT_TIMING.connectRetryMs);
  assert.ok(o.connectTimeout! < DEFAULT_TIMING.connectTimeoutMs);
  assert.is(o.heartbeatInterval, DEFAULT_TIMING.heartbeatIntervalMs);
  // The transport gives up only after the protocol heartbeat has called the link silent.
  const silentAfter = DEFAULT_TIMING.heartbeatIntervalMs * DEFAULT_TIMING.heartbeatMissLimit;
  assert.ok(o.heartbeatTimeout! > silentAfter);
  assert.ok(o.heartbeatTimeToLive! > silentAfter);
  assert.ok(o.reconnectInterval! > 0);
  // The kernel gives up on unacknowledged data no later than the transport heartbeat does.
  assert.is(o.tcpMaxRetransmitTimeout, o.heartbeatTimeout);
  assert.is(o.tcpKeepalive, 1);
});

test('status: folds machine states into the owner-facing names', async () => {
  const h = new Harness({ expectedImageId: 'A' });
  const seen: string[] = [h.state];
  h.actor.subscribe(() => {
    if (seen[seen.length - 1] !== h.state) seen.push(h.state);
  });
  await h.connect('A');
  h.link({ type: 'LINK.DOWN', reason: 'closed', detail: '' });
  await h.settle();
  h.send({ type: 'STOP' });
  assert.equal(seen, ['idle', 'connecting', 'handshaking', 'connected', 'disconnected', 'stopped']);
});

test('status: identityMismatch only once image.identity_changed is written', async () => {
  const h = new Harness({ expectedImageId: 'A' });
  h.holdReports = true;
  h.send({ type: 'START' });
  await h.settle();
  h.release();
  await h.settle();
  h.answers.push({ identity: identity('B'), latencyMs: 1, at: 0 });
  h.link({ type: 'LINK.UP' });
  await h.settle();
  assert.is(h.state, 'handshaking');
  h.release();
  await h.settle();
  assert.is(h.state, 'identityMismatch');
  assert.is(statusOf(h.actor.getSnapshot()).observedImageId, 'B');
});

test.run();
