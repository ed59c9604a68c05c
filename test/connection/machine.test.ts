/**
 * The connection machine's logic on its own: stand-in actors for the link, handshake, heartbeat
 * and log, simulated time. Each test is "given this state and these events, the machine is in
 * that state and wrote exactly these events".
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { backoffDelay } from '../../engine/connection/backoff.js';
import { AttemptError } from '../../engine/connection/machine.js';
import { Harness, identity, TEST_TIMING } from './fakes.js';

test('first contact: connecting → handshaking → connected, identity adopted, hook emitted', async () => {
  const h = new Harness();
  assert.is(h.state, 'idle');
  h.send({ type: 'START' });
  await h.settle();
  assert.is(h.state, 'connecting');
  assert.equal(h.types, ['connection.connecting']);
  assert.equal(h.data(0), { name: 'img', address: 'tcp://127.0.0.1:1', attempt: 1 });
  h.answers.push({ identity: identity('A'), latencyMs: 2.5, at: 0 });
  h.link({ type: 'LINK.UP' });
  await h.settle();
  assert.is(h.state, 'connected');
  assert.equal(h.types, ['connection.connecting', 'connection.connected']);
  assert.equal(h.data(1), {
    name: 'img', address: 'tcp://127.0.0.1:1', imageId: 'A', imageName: 'img',
    dialect: 'stui-reference', version: '1', protocol: 1, latencyMs: 2.5,
  });
  assert.is(h.actor.getSnapshot().context.expectedImageId, 'A');
  assert.is(h.heartbeatStarts, 1);
  const connected = h.emitted.filter((e) => e.type === 'connected');
  assert.is(connected.length, 1);
});

test('write-ahead: nothing is dialled before connection.connecting is written, nor ready before connected', async () => {
  const h = new Harness();
  h.holdReports = true;
  h.send({ type: 'START' });
  await h.settle();
  assert.is(h.linkStarts, 0, 'link opened before its connecting event was durable');
  assert.equal(h.types, []);
  h.release();
  await h.settle();
  assert.is(h.linkStarts, 1);
  h.answers.push({ identity: identity('A'), latencyMs: 1, at: 0 });
  h.link({ type: 'LINK.UP' });
  await h.settle();
  assert.is(h.state, 'handshaking', 'reported connected before the event was written');
  assert.is(h.heartbeatStarts, 0);
  h.release();
  await h.settle();
  assert.is(h.state, 'connected');
});

test('refused attempt: reconnect_scheduled (no lost), then a new attempt after the delay', async () => {
  const h = new Harness({ expectedImageId: 'A' });
  h.send({ type: 'START' });
  await h.settle();
  h.link({ type: 'LINK.DOWN', reason: 'refused', detail: 'nothing listening' });
  await h.settle();
  assert.is(h.state, 'disconnected');
  assert.is(h.linkCloses, 1);
  assert.equal(h.types, ['connection.connecting', 'connection.reconnect_scheduled']);
  assert.equal(h.data(1), { name: 'img', attempt: 2, delayMs: 100, reason: 'refused' });
  assert.is(h.actor.getSnapshot().context.nextRetryAt, h.clock.now() + 100);
  await h.advance(99);
  assert.is(h.state, 'disconnected');
  await h.advance(1);
  assert.is(h.state, 'connecting');
  assert.equal(h.data(2), { name: 'img', address: 'tcp://127.0.0.1:1', attempt: 2 });
});

test('dial timeout: timed_out after connectTimeoutMs without the transport coming up', async () => {
  const h = new Harness();
  h.send({ type: 'START' });
  await h.settle();
  await h.advance(TEST_TIMING.connectTimeoutMs - 1);
  assert.is(h.state, 'connecting');
  await h.advance(1);
  assert.is(h.state, 'disconnected');
  assert.is(h.data(1)['reason'], 'timed_out');
});

test('handshake failures are classified (protocol) and retried', async () => {
  const h = new Harness();
  h.answers.push(new AttemptError('protocol', 'version_mismatch'));
  h.send({ type: 'START' });
  await h.settle();
  h.link({ type: 'LINK.UP' });
  await h.settle();
  assert.is(h.state, 'disconnected');
  assert.equal(h.data(1), { name: 'img', attempt: 2, delayMs: 100, reason: 'protocol' });
  assert.is(h.actor.getSnapshot().context.lastDetail, 'version_mismatch');
});

test('backoff grows ×2 from the first fast retry up to the cap', async () => {
  const h = new Harness();
  h.send({ type: 'START' });
  await h.settle();
  const delays: number[] = [];
  for (let i = 0; i < 6; i++) {
    h.link({ type: 'LINK.DOWN', reason: 'refused', detail: '' });
    await h.settle();
    const last = h.log[h.log.length - 1]!;
    assert.is(last.type, 'connection.reconnect_scheduled');
    delays.push((last.data as { delayMs: number }).delayMs);
    await h.advance(delays[delays.length - 1]!);
    assert.is(h.state, 'connecting');
  }
  assert.equal(delays, [100, 200, 400, 800, 1000, 1000]);
});

test('backoffDelay: jitter stays within ±jitter and never passes the cap', () => {
  const t = { backoffInitialMs: 100, backoffFactor: 2, backoffMaxMs: 5000, backoffJitter: 0.2 };
  assert.is(backoffDelay(1, t, 0), 80);
  assert.is(backoffDelay(1, t, 0.999999), 120);
  assert.is(backoffDelay(3, t, 0.5), 400);
  assert.is(backoffDelay(20, t, 0.999), 5000);
  assert.ok(backoffDelay(20, t, 0) >= 4000);
});

test('silent link: heartbeat_missed ×3 then lost(silent); reconnect → connected + restored', async () => {
  const h = new Harness();
  await h.connect('A');
  assert.is(h.state, 'connected');
  h.heartbeat({ type: 'HEARTBEAT.MISSED', missed: 1, silentMs: 500 });
  h.heartbeat({ type: 'HEARTBEAT.MISSED', missed: 2, silentMs: 1000 });
  await h.settle();
  assert.is(h.state, 'suspect');
  h.heartbeat({ type: 'HEARTBEAT.MISSED', missed: 3, silentMs: 1500 });
  await h.settle();
  assert.is(h.state, 'disconnected');
  assert.is(h.heartbeatStops, 1);
  assert.is(h.linkCloses, 1);
  assert.equal(h.types, [
    'connection.connecting', 'connection.connected',
    'connection.heartbeat_missed', 'connection.heartbeat_missed', 'connection.heartbeat_missed',
    'connection.lost', 'connection.reconnect_scheduled',
  ]);
  assert.is(h.data(5)['reason'], 'silent');
  assert.equal(h.data(6), { name: 'img', attempt: 1, delayMs: 100, reason: 'silent' });
  assert.ok(h.emitted.some((e) => e.type === 'disconnected' && e.info.reason === 'silent'));
  await h.advance(100);
  h.answers.push({ identity: identity('A', 'inc-2'), latencyMs: 1, at: 0 });
  h.link({ type: 'LINK.UP' });
  await h.settle();
  assert.is(h.state, 'connected');
  assert.equal(h.types.slice(7), ['connection.connecting', 'connection.connected', 'connection.restored']);
  assert.equal(h.data(9), { name: 'img', imageId: 'A', downtimeMs: 100, attempts: 1 });
});

test('suspect: a missed heartbeat keeps the link; heard again → connected + restored{resumed}, no reconnect', async () => {
  const h = new Harness();
  await h.connect('A');
  h.heartbeat({ type: 'HEARTBEAT.MISSED', missed: 1, silentMs: 600 });
  await h.settle();
  assert.is(h.state, 'suspect');
  assert.is(h.linkCloses, 0);
  h.heartbeat({ type: 'HEARTBEAT.RESUMED', silentMs: 900 });
  await h.settle();
  assert.is(h.state, 'connected');
  assert.is(h.linkStarts, 1);
  assert.equal(h.types, ['connection.connecting', 'connection.connected', 'connection.heartbeat_missed', 'connection.restored']);
  assert.equal(h.data(2), { name: 'img', missed: 1, silentMs: 600, limit: 3 });
  assert.equal(h.data(3), { name: 'img', imageId: 'A', downtimeMs: 900, attempts: 0, resumed: true });
  // A resume while healthy says nothing.
  h.heartbeat({ type: 'HEARTBEAT.RESUMED', silentMs: 10 });
  await h.settle();
  assert.is(h.types.length, 4);
});

test('give-up: unreachable past giveUpAfterMs → lost{giveUp} once, then slow retries; state lost until reconnected', async () => {
  const h = new Harness({ timing: { ...TEST_TIMING, giveUpAfterMs: 3000, slowRetryMs: 10_000 } });
  await h.connect('A');
  h.link({ type: 'LINK.DOWN', reason: 'closed', detail: 'peer closed' });
  await h.settle();
  let waited = 0;
  while (waited < 3000) {
    const d = h.actor.getSnapshot().context.retryDelayMs;
    await h.advance(d);
    waited += d;
    h.link({ type: 'LINK.DOWN', reason: 'refused', detail: '' });
    await h.settle();
  }
  assert.is(h.state, 'lost');
  const lost = h.log.filter((e) => e.type === 'connection.lost').map((e) => e.data as unknown as Record<string, unknown>);
  assert.is(lost.length, 2);
  assert.is(lost[1]!['giveUp'], true);
  assert.is(lost[1]!['reason'], 'refused');
  assert.ok((lost[1]!['unreachableMs'] as number) >= 3000);
  const last = h.log[h.log.length - 1]!;
  assert.equal(last.type, 'connection.reconnect_scheduled');
  assert.is((last.data as { delayMs: number }).delayMs, 10_000);
  assert.is(h.probes[h.probes.length - 1]!.intervalMs, 1000, 'the probe slows down too');
  // Another failure: slow again, no second give-up.
  await h.advance(10_000);
  h.link({ type: 'LINK.DOWN', reason: 'refused', detail: '' });
  await h.settle();
  assert.is(h.log.filter((e) => e.type === 'connection.lost').length, 2);
  assert.is((h.log[h.log.length - 1]!.data as { delayMs: number }).delayMs, 10_000);
  // The probe hears the image: reconnect at once, restored, back to fast backoff next time.
  h.addressOpens();
  await h.settle();
  h.answers.push({ identity: identity('A'), latencyMs: 1, at: 0 });
  h.link({ type: 'LINK.UP' });
  await h.settle();
  assert.is(h.state, 'connected');
  assert.equal(h.types.slice(-2), ['connection.connected', 'connection.restored']);
  h.link({ type: 'LINK.DOWN', reason: 'closed', detail: '' });
  await h.settle();
  assert.is(h.state, 'disconnected');
  assert.is((h.log[h.log.length - 1]!.data as { delayMs: number }).delayMs, 100);
});

test('a link drop while connected is lost(closed); pongs update latency', async () => {
  const h = new Harness();
  await h.connect('A');
  h.heartbeat({ type: 'HEARTBEAT.PONG', latencyMs: 0.7, imageId: 'A', incarnation: 'inc-1' });
  await h.settle();
  assert.is(h.actor.getSnapshot().context.latencyMs, 0.7);
  h.link({ type: 'LINK.DOWN', reason: 'closed', detail: 'peer closed' });
  await h.settle();
  assert.equal(h.types.slice(2), ['connection.lost', 'connection.reconnect_scheduled']);
  assert.equal(h.data(2), { name: 'img', reason: 'closed', detail: 'peer closed' });
});

test('a pong from another image is lost(identity_changed); from a restarted one lost(closed)', async () => {
  const a = new Harness();
  await a.connect('A');
  a.heartbeat({ type: 'HEARTBEAT.PONG', latencyMs: 1, imageId: 'B', incarnation: 'x' });
  await a.settle();
  assert.is(a.data(2)['reason'], 'identity_changed');
  const b = new Harness();
  await b.connect('A');
  b.heartbeat({ type: 'HEARTBEAT.PONG', latencyMs: 1, imageId: 'A', incarnation: 'inc-2' });
  await b.settle();
  assert.equal(b.data(2), { name: 'img', reason: 'closed', detail: 'image restarted' });
});

test('identity mismatch: identity_changed written, not connected, link closed; accept → connects', async () => {
  const h = new Harness({ expectedImageId: 'A' });
  await h.connect('B');
  assert.is(h.state, 'identityMismatch');
  assert.equal(h.types, ['connection.connecting', 'image.identity_changed']);
  assert.equal(h.data(1), { name: 'img', address: 'tcp://127.0.0.1:1', previousImageId: 'A', imageId: 'B' });
  assert.is(h.linkCloses, 1);
  assert.is(h.heartbeatStarts, 0);
  assert.equal(h.emitted.filter((e) => e.type === 'identityChanged'), [
    { type: 'identityChanged', change: { name: 'img', address: 'tcp://127.0.0.1:1', previousImageId: 'A', imageId: 'B', accepted: false } },
  ]);
  await h.advance(60_000);
  assert.is(h.state, 'identityMismatch', 'retried on its own instead of waiting for the owner');
  h.answers.push({ identity: identity('B'), latencyMs: 1, at: 0 });
  h.send({ type: 'ACCEPT_IDENTITY' });
  await h.settle();
  h.link({ type: 'LINK.UP' });
  await h.settle();
  assert.is(h.state, 'connected');
  assert.equal(h.types.slice(2), ['connection.connecting', 'connection.connected']);
  assert.is(h.data(3)['imageId'], 'B');
  assert.is(h.emitted.filter((e) => e.type === 'identityChanged').length, 1, 'the accepted change reported twice');
});

test('acceptIdentityChange: identity_changed then connected on the same handshake', async () => {
  const h = new Harness({ expectedImageId: 'A', acceptIdentityChange: true });
  await h.connect('B');
  assert.is(h.state, 'connected');
  assert.equal(h.types, ['connection.connecting', 'image.identity_changed', 'connection.connected']);
  assert.equal(
    h.emitted.filter((e) => e.type !== 'note').map((e) => e.type),
    ['identityChanged', 'connected'],
  );
  const change = h.emitted.find((e) => e.type === 'identityChanged');
  assert.ok(change && change.type === 'identityChanged' && change.change.accepted);
});

test('STOP from connected: stopped, link and heartbeat closed, nothing more written', async () => {
  const h = new Harness();
  await h.connect('A');
  const n = h.log.length;
  h.send({ type: 'STOP' });
  await h.advance(10_000);
  assert.is(h.state, 'stopped');
  assert.is(h.linkCloses, 1);
  assert.is(h.heartbeatStops, 1);
  assert.is(h.log.length, n);
  assert.is(h.actor.getSnapshot().status, 'done');
});

test('STOP while waiting to retry cancels the retry', async () => {
  const h = new Harness();
  h.send({ type: 'START' });
  await h.settle();
  h.link({ type: 'LINK.DOWN', reason: 'refused', detail: '' });
  await h.settle();
  h.send({ type: 'STOP' });
  await h.advance(10_000);
  assert.is(h.state, 'stopped');
  assert.equal(h.types, ['connection.connecting', 'connection.reconnect_scheduled']);
  assert.is(h.linkStarts, 1);
});

test('RETRY skips the remaining backoff', async () => {
  const h = new Harness();
  h.send({ type: 'START' });
  await h.settle();
  h.link({ type: 'LINK.DOWN', reason: 'refused', detail: '' });
  await h.settle();
  h.send({ type: 'RETRY' });
  await h.settle();
  assert.is(h.state, 'connecting');
  assert.is(h.linkStarts, 2);
});

test('while waiting a probe runs; the image answering again cuts the wait short', async () => {
  const h = new Harness();
  h.send({ type: 'START' });
  await h.settle();
  for (let i = 0; i < 3; i++) {
    h.link({ type: 'LINK.DOWN', reason: 'refused', detail: '' });
    await h.settle();
    await h.advance(100 * 2 ** i);
  }
  h.link({ type: 'LINK.DOWN', reason: 'refused', detail: '' });
  await h.settle();
  assert.is(h.state, 'disconnected');
  assert.equal(h.probes[h.probes.length - 1], { intervalMs: 200, enabled: true });
  h.addressOpens();
  await h.settle();
  assert.is(h.state, 'connecting', 'still waiting out an 800 ms backoff');
});

test('no probing after a handshake or protocol failure (the image answers pings there)', async () => {
  const h = new Harness();
  h.answers.push(new AttemptError('timed_out', 'no welcome'));
  h.send({ type: 'START' });
  await h.settle();
  h.link({ type: 'LINK.UP' });
  await h.settle();
  assert.is(h.state, 'disconnected');
  assert.is(h.probes[h.probes.length - 1]!.enabled, false);
  await h.advance(100);
  h.link({ type: 'LINK.DOWN', reason: 'protocol', detail: 'CURVE rejected' });
  await h.settle();
  assert.is(h.probes[h.probes.length - 1]!.enabled, false);
  await h.advance(200);
  h.link({ type: 'LINK.DOWN', reason: 'refused', detail: '' });
  await h.settle();
  assert.is(h.probes[h.probes.length - 1]!.enabled, true);
});

test('a log that cannot be written stops the connection with a fault', async () => {
  const h = new Harness();
  h.failReports = true;
  h.send({ type: 'START' });
  await h.settle();
  assert.is(h.state, 'stopped');
  assert.match(String(h.actor.getSnapshot().context.fault), /disk full/);
  assert.is(h.linkStarts, 0);
});

test.run();
