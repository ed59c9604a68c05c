/**
 * Connections against a real reference image (`stui image serve`) over loopback TCP: connect,
 * kill -9 and restart, restart as a different image, nothing listening, a frozen image, stop.
 * Every scenario asserts the exact order of the events written to the (stand-in) log.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createImageConnection } from '../../engine/connection/index.js';
import type {
  ConnectedInfo,
  ConnectionTiming,
  DisconnectedInfo,
  IdentityChange,
  ImageConnection,
} from '../../engine/connection/index.js';
import { curveKeyPair } from 'zeromq';
import { StuiError } from '../../engine/errors.js';
import { tempDir } from '../support/cli.js';
import { freePort, killAll, killImage, outage, Recorder, serveImage, sleep, statusWhen } from './image.js';

const timing: Partial<ConnectionTiming> = {
  heartbeatIntervalMs: 500,
  heartbeatMissLimit: 3,
  connectTimeoutMs: 1000,
  handshakeTimeoutMs: 2000,
  backoffInitialMs: 100,
  backoffFactor: 2,
  backoffMaxMs: 1000,
  backoffJitter: 0.2,
};

const open: ImageConnection[] = [];
function connect(name: string, address: string, expectedImageId: string | null, rec: Recorder): ImageConnection {
  const conn = createImageConnection({ name, address, expectedImageId, timing, emit: rec.emit });
  open.push(conn);
  return conn;
}

test.after.each(async () => {
  await Promise.all(open.splice(0).map((c) => c.stop()));
  killAll();
});

/** reconnect_scheduled delays, and whether the first `n` of them grow. */
function delays(rec: Recorder): number[] {
  return rec.of('connection.reconnect_scheduled').map((r) => rec.data(r)['delayMs'] as number);
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.instance(e, StuiError);
    assert.is((e as StuiError).code, code);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

test('connects: connecting → connected with the image identity and a measured latency; requests and transcript flow', async () => {
  const img = await serveImage({ name: 'alpha' });
  const rec = new Recorder();
  rec.delayMs = 20;
  const conn = connect('alpha', img.address, img.imageId, rec);
  const hooked: { info: ConnectedInfo; logged: string[] }[] = [];
  let fromHook: Promise<unknown> | null = null;
  conn.onConnected((info) => {
    hooked.push({ info, logged: rec.types });
    // An owner flushes queued work right here: the link must already accept requests.
    fromHook = conn.request({ type: 'ping', id: 'from-hook' });
  });
  await rejectsWith(conn.request({ type: 'ping', id: 'early' }), 'E_IMAGE_OFFLINE');
  conn.start();
  const info = await conn.whenConnected(5000);
  assert.equal(rec.types, ['connection.connecting', 'connection.connected']);
  const d = rec.data(rec.entries[1]!);
  assert.is(d['imageId'], img.imageId);
  assert.is(d['address'], img.address);
  assert.is(d['protocol'], 1);
  const latency = d['latencyMs'] as number;
  assert.ok(Number.isFinite(latency) && latency > 0, `latency ${latency}`);
  assert.is(info.imageId, img.imageId);
  assert.is(info.restored, false);
  assert.ok(info.limits.evalTimeoutMs > 0, 'the image limits reach the owner');
  // The hook ran only after connection.connected was durable.
  assert.is(hooked.length, 1);
  assert.equal(hooked[0]!.logged, ['connection.connecting', 'connection.connected']);
  assert.is(conn.status.state, 'connected');
  assert.is(conn.status.imageId, img.imageId);
  assert.ok(fromHook);
  await fromHook;

  const pong = await conn.request({ type: 'ping', id: 'p-1' });
  assert.is(pong.imageId, img.imageId);
  const pushes: { session: string; text: string }[] = [];
  conn.onTranscript((p) => void pushes.push({ session: p.session, text: p.text }));
  await conn.request({ type: 'session.open', id: 'o-1', session: 's-1' });
  const r = await conn.request({ type: 'evaluate', id: 'e-1', session: 's-1', code: "Transcript show: 'hello'. 3 + 4" });
  assert.ok(r.ok);
  if (r.ok) assert.is(r.value.printString, '7');
  for (let i = 0; i < 20 && pushes.length === 0; i++) await sleep(25);
  assert.ok(pushes.some((p) => p.session === 's-1' && p.text.includes('hello')), JSON.stringify(pushes));
  // Heartbeats keep flowing and nothing else is written while all is well.
  await sleep(1200);
  assert.equal(rec.types, ['connection.connecting', 'connection.connected']);
  await conn.stop();
  await killImage(img);
});

test('kill -9: lost, growing retries, restart with --state → connected + restored', async () => {
  const state = tempDir('stui-conn-state-');
  try {
    const img = await serveImage({ name: 'beta', state: state.dir });
    const rec = new Recorder();
    const conn = connect('beta', img.address, img.imageId, rec);
    const downs: DisconnectedInfo[] = [];
    const ups: ConnectedInfo[] = [];
    conn.onDisconnected((i) => void downs.push(i));
    conn.onConnected((i) => void ups.push(i));
    conn.start();
    await conn.whenConnected(5000);
    await sleep(600);

    const killedAt = Date.now();
    await killImage(img);
    // How soon a loss is detected is measured in bench/resilience.ts; here, that it is, and how.
    const lost = await rec.next('connection.lost', 15_000);
    const detectMs = lost.at - killedAt;
    assert.ok(['closed', 'silent'].includes(rec.data(lost)['reason'] as string), String(rec.data(lost)['reason']));
    await rejectsWith(conn.request({ type: 'ping', id: 'while-down' }), 'E_IMAGE_OFFLINE');
    // Two refused attempts after the first retry was scheduled: the image stays down a while.
    await rec.count('connection.reconnect_scheduled', 3, 15_000);
    // Between attempts the status shows the wait and when it ends; during an attempt it
    // shows `connecting`, so look at the next wait rather than at whatever this instant holds.
    const between = await statusWhen(conn, (s) => s.state === 'disconnected', 3000);
    assert.ok(between.nextRetryAt !== null && between.nextRetryAt > Date.now() - 50, `next retry ${between.nextRetryAt}`);

    const img2 = await serveImage({ name: 'beta', port: img.port, state: state.dir });
    assert.is(img2.imageId, img.imageId, 'the same --state must give the same identity');
    const restored = await rec.next('connection.restored', 15_000);
    // The log has it; the hooks run once the machine has seen the append complete.
    await conn.whenConnected(1000);
    const connected = rec.of('connection.connected')[1]!;
    const reconnectMs = connected.at - img2.listeningAt;
    const retries = rec.of('connection.reconnect_scheduled').length - 1;
    assert.ok(retries >= 2, `only ${retries} failed attempts while down`);
    assert.equal(rec.types, [
      'connection.connecting',
      'connection.connected',
      ...outage(retries, ['connection.connected', 'connection.restored']),
    ]);
    const ds = delays(rec);
    for (let i = 1; i < Math.min(ds.length, 3); i++) assert.ok(ds[i]! > ds[i - 1]!, `delays ${ds.join(', ')}`);
    const reasons = rec.of('connection.reconnect_scheduled').slice(1).map((r) => rec.data(r)['reason']);
    assert.ok(reasons.every((r) => r === 'refused' || r === 'timed_out'), reasons.join(', '));
    const rd = rec.data(restored);
    assert.is(rd['imageId'], img.imageId);
    assert.is(rd['attempts'], retries + 1);
    // At least as long as the image was away after the loss was seen (clocks may differ by a few ms).
    assert.ok((rd['downtimeMs'] as number) >= img2.listeningAt - lost.at - 50, `downtime ${rd['downtimeMs']}`);
    assert.is(downs.length, 1);
    assert.is(ups.length, 2);
    assert.is(ups[1]!.restored, true);
    const pong = await conn.request({ type: 'ping', id: 'after' });
    assert.is(pong.imageId, img.imageId);
    console.log(`  kill -9: lost after ${detectMs} ms (${rec.data(lost)['reason']}); reconnected ${reconnectMs} ms after the image was back`);
    await conn.stop();
    await killImage(img2);
  } finally {
    state.cleanup();
  }
});

test('restart without state: image.identity_changed, not connected until the owner accepts', async () => {
  const img = await serveImage({ name: 'gamma' });
  const rec = new Recorder();
  const conn = connect('gamma', img.address, img.imageId, rec);
  const changes: IdentityChange[] = [];
  conn.onIdentityChanged((c) => void changes.push(c));
  conn.start();
  await conn.whenConnected(5000);
  await killImage(img);
  await rec.next('connection.lost', 3000);
  const img2 = await serveImage({ name: 'gamma', port: img.port });
  assert.is.not(img2.imageId, img.imageId);
  const changed = await rec.next('image.identity_changed', 5000);
  assert.equal(rec.data(changed), { name: 'gamma', address: img.address, previousImageId: img.imageId, imageId: img2.imageId });
  await sleep(1500);
  // Stays put: no silent attach, no retry loop, requests refused.
  assert.is(conn.status.state, 'identityMismatch');
  assert.is(conn.status.observedImageId, img2.imageId);
  assert.is(conn.status.expectedImageId, img.imageId);
  assert.equal(changes, [{ name: 'gamma', address: img.address, previousImageId: img.imageId, imageId: img2.imageId, accepted: false }]);
  await rejectsWith(conn.whenConnected(100), 'E_IMAGE_IDENTITY');
  await rejectsWith(conn.request({ type: 'ping', id: 'x' }), 'E_IMAGE_OFFLINE');
  const retries = rec.of('connection.reconnect_scheduled').length - 1;
  assert.equal(rec.types, [
    'connection.connecting',
    'connection.connected',
    ...outage(retries, ['image.identity_changed']),
  ]);

  conn.acceptIdentity();
  const info = await conn.whenConnected(5000);
  assert.is(info.imageId, img2.imageId);
  assert.equal(rec.types.slice(-3), ['connection.connecting', 'connection.connected', 'connection.restored']);
  assert.is(rec.data(rec.of('connection.connected')[1]!)['imageId'], img2.imageId);
  await conn.stop();
  await killImage(img2);
});

test('an image that is not the one the log knows is reported at first contact and not attached', async () => {
  const img = await serveImage({ name: 'delta' });
  const rec = new Recorder();
  const conn = connect('delta', img.address, 'img-known-from-the-log', rec);
  conn.start();
  await rejectsWith(conn.whenConnected(5000), 'E_IMAGE_IDENTITY');
  await sleep(300);
  assert.equal(rec.types, ['connection.connecting', 'image.identity_changed']);
  assert.is(rec.data(rec.entries[1]!)['previousImageId'], 'img-known-from-the-log');
  await conn.stop();
  await killImage(img);
});

test('nothing listening: refused attempts with growing delays; stop() ends them with no further events', async () => {
  const port = await freePort();
  const rec = new Recorder();
  const conn = connect('epsilon', `tcp://127.0.0.1:${port}`, null, rec);
  conn.start();
  await rec.count('connection.reconnect_scheduled', 3, 15_000);
  await conn.stop();
  const n = rec.entries.length;
  await sleep(800);
  assert.is(rec.entries.length, n, 'events after stop()');
  const k = rec.of('connection.reconnect_scheduled').length;
  assert.ok(k >= 3, `only ${k} attempts`);
  const expected: string[] = [];
  for (let i = 0; i < n; i++) expected.push(i % 2 === 0 ? 'connection.connecting' : 'connection.reconnect_scheduled');
  assert.equal(rec.types, expected);
  const reasons = rec.of('connection.reconnect_scheduled').map((r) => rec.data(r)['reason']);
  assert.ok(reasons.every((r) => r === 'refused'), reasons.join(', '));
  const ds = delays(rec);
  for (let i = 1; i < Math.min(ds.length, 3); i++) assert.ok(ds[i]! > ds[i - 1]!, `delays ${ds.join(', ')}`);
  const attempts = rec.of('connection.connecting').map((r) => rec.data(r)['attempt']);
  assert.equal(attempts, attempts.map((_, i) => i + 1));
  assert.is(conn.status.state, 'stopped');
  await rejectsWith(conn.whenConnected(100), 'E_IMAGE_OFFLINE');
});

test('a frozen image (SIGSTOP): heartbeat_missed ×3, lost(silent); SIGCONT → restored', async () => {
  const img = await serveImage({ name: 'zeta' });
  const rec = new Recorder();
  const conn = connect('zeta', img.address, img.imageId, rec);
  conn.start();
  await conn.whenConnected(5000);
  await sleep(700);
  const frozenAt = Date.now();
  img.proc.kill('SIGSTOP');
  const lost = await rec.next('connection.lost', 15_000);
  const detectMs = lost.at - frozenAt;
  assert.is(rec.data(lost)['reason'], 'silent');
  const missed = rec.of('connection.heartbeat_missed').map((r) => rec.data(r)['missed']);
  assert.equal(missed, [1, 2, 3]);
  // A retry that found the image still frozen, then thaw it.
  await rec.count('connection.reconnect_scheduled', 2, 15_000);
  const thawedAt = Date.now();
  img.proc.kill('SIGCONT');
  await rec.next('connection.restored', 15_000);
  await conn.whenConnected(1000);
  const backMs = rec.of('connection.connected')[1]!.at - thawedAt;
  const retries = rec.of('connection.reconnect_scheduled').length - 1;
  assert.equal(rec.types, [
    'connection.connecting',
    'connection.connected',
    'connection.heartbeat_missed',
    'connection.heartbeat_missed',
    'connection.heartbeat_missed',
    ...outage(retries, ['connection.connected', 'connection.restored']),
  ]);
  console.log(`  frozen image: lost(silent) after ${detectMs} ms; reconnected ${backMs} ms after SIGCONT`);
  await conn.stop();
  await killImage(img);
});

test('a malformed address is reported (protocol) and retried, never thrown', async () => {
  const rec = new Recorder();
  const conn = connect('iota', 'tcp://127.0.0.1:notaport', null, rec);
  conn.start();
  await rec.next('connection.reconnect_scheduled', 2000);
  const r = rec.of('connection.reconnect_scheduled')[0]!;
  assert.is(rec.data(r)['reason'], 'protocol');
  // Retries come every ~100 ms here, so wait for a moment between attempts.
  const between = await statusWhen(conn, (st) => st.state === 'disconnected', 2000);
  assert.match(String(between.lastDetail), /cannot connect to tcp:\/\/127\.0\.0\.1:notaport/);
  await conn.stop();
});

test('stop() while connected: stopped at once, no further events, requests refused', async () => {
  const img = await serveImage({ name: 'eta' });
  const rec = new Recorder();
  const states: string[] = [];
  const conn = createImageConnection({
    name: 'eta', address: img.address, expectedImageId: null, timing, emit: rec.emit,
    onStatus: (s) => {
      if (states[states.length - 1] !== s.state) states.push(s.state);
    },
  });
  open.push(conn);
  conn.start();
  await conn.whenConnected(5000);
  assert.is(rec.data(rec.entries[1]!)['imageId'], img.imageId, 'first contact adopts the image');
  await conn.stop();
  assert.is(conn.status.state, 'stopped');
  assert.equal(states, ['connecting', 'handshaking', 'connected', 'stopped']);
  await sleep(1200);
  assert.equal(rec.types, ['connection.connecting', 'connection.connected']);
  await rejectsWith(conn.request({ type: 'ping', id: 'late' }), 'E_IMAGE_OFFLINE');
  await conn.stop();
  await killImage(img);
});

test('CURVE: connects with the image key; a wrong server key never connects', async () => {
  const img = await serveImage({ name: 'theta', curve: true });
  const clientKeys = curveKeyPair();
  const rec = new Recorder();
  const conn = createImageConnection({
    name: 'theta', address: img.address, expectedImageId: img.imageId, timing, emit: rec.emit,
    serverKey: img.curveKey!, clientKeys,
  });
  open.push(conn);
  conn.start();
  const info = await conn.whenConnected(5000);
  assert.is(info.imageId, img.imageId);
  // Only the image's key given: a fresh client pair is used, still encrypted.
  const eph = createImageConnection({
    name: 'theta', address: img.address, expectedImageId: img.imageId, timing, emit: new Recorder().emit,
    serverKey: img.curveKey!,
  });
  open.push(eph);
  eph.start();
  assert.is((await eph.whenConnected(5000)).imageId, img.imageId);
  const bad = new Recorder();
  const wrong = createImageConnection({
    name: 'theta', address: img.address, expectedImageId: img.imageId, timing, emit: bad.emit,
    serverKey: curveKeyPair().publicKey, clientKeys,
  });
  open.push(wrong);
  wrong.start();
  await sleep(1500);
  assert.is.not(wrong.status.state, 'connected');
  assert.not.ok(bad.types.includes('connection.connected'));
  assert.ok(bad.types.includes('connection.reconnect_scheduled'), bad.types.join(', '));
  console.log(`  wrong CURVE key: ${bad.of('connection.reconnect_scheduled').map((r) => bad.data(r)['reason']).join(', ')}`);
  await killImage(img);
});

test.after(() => killAll());

test.run();
