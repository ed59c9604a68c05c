import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ImageLink, ImageProtocolError, newRequestId, PROTOCOL_VERSIONS } from '../../protocol/index.js';
import { stui } from '../support/cli.js';
import { startImage, type ImageProcess } from '../support/image.js';
import { RawDealer } from '../support/rawDealer.js';

// One image for the whole file, with small limits so they are visible in `welcome`.
let image: ImageProcess;
let link: ImageLink;

test.before(async () => {
  image = await startImage(['--name', 'hs', '--max-message-bytes', '65536', '--eval-timeout', '4000', '--heartbeat-ms', '200']);
  link = ImageLink.connect(image.address, { requestTimeoutMs: 5000 });
});

test.after(async () => {
  link.close();
  await image.stop();
});

test('--port 0 prints the real port and the imageId on the first line', () => {
  assert.match(image.address, /^tcp:\/\/127\.0\.0\.1:\d+$/);
  assert.not.match(image.address, /:0$/);
  assert.match(image.imageId, /^[0-9a-f-]{36}$/);
});

test('hello answers the identity, the negotiated version, limits and heartbeat', async () => {
  const w = await link.hello({ versions: [1, 99] });
  assert.is(w.type, 'welcome');
  assert.is(w.protocol, 1);
  assert.is(w.imageId, image.imageId);
  assert.is(w.name, 'hs');
  assert.is(w.dialect, 'stui-reference');
  assert.type(w.version, 'string');
  assert.type(w.incarnation, 'string');
  assert.equal(w.limits, { maxMessageBytes: 65536, evalTimeoutMs: 4000, replyRecord: 256 });
  assert.is(w.heartbeatMs, 200);
});

test('hello with no common version is a version_mismatch error naming the supported ones', async () => {
  try {
    await link.hello({ versions: [99, 100] });
    assert.unreachable('a hello offering only unknown versions was accepted');
  } catch (err) {
    assert.instance(err, ImageProtocolError);
    const e = err as ImageProtocolError;
    assert.is(e.wireCode, 'version_mismatch');
    assert.equal(e.reply.detail?.supported, [...PROTOCOL_VERSIONS]);
    assert.is(e.code, 'E_PROTOCOL');
  }
  // The connection stays usable after the refusal.
  assert.is((await link.hello()).protocol, 1);
});

test('ping is answered with a pong carrying imageId and incarnation', async () => {
  const w = await link.hello();
  const p = await link.request({ type: 'ping', id: newRequestId() });
  assert.is(p.type, 'pong');
  assert.is(p.imageId, image.imageId);
  assert.is(p.incarnation, w.incarnation);
  assert.ok(Math.abs(p.time - Date.now()) < 5000);
});

test('the image pings a quiet client, and keeps talking to it after its pong', async () => {
  const raw = new RawDealer(image.address);
  try {
    await raw.sendJson({ type: 'hello', id: 'q1', versions: [1] });
    assert.is((await raw.receive())?.type, 'welcome');
    // Stay quiet for more than one heartbeat interval (200 ms).
    const ping = await raw.receive(2000);
    assert.ok(ping, 'no ping from the image within 2 s');
    assert.is(ping!.type, 'ping');
    assert.type(ping!.id, 'string');
    await raw.sendJson({ type: 'pong', id: ping!.id });
    await raw.sendJson({ type: 'ping', id: 'q2' });
    const pong = await raw.receiveReply();
    assert.is(pong?.type, 'pong');
    assert.is(pong?.id, 'q2');
  } finally {
    raw.close();
  }
});

test('ImageLink answers image pings by itself (pushes reach listeners)', async () => {
  const quiet = ImageLink.connect(image.address);
  try {
    const seen: string[] = [];
    quiet.onPush((m) => seen.push(m.type));
    await quiet.hello();
    await new Promise((r) => setTimeout(r, 700));
    assert.ok(seen.includes('ping'), `pushes seen: ${seen.join(',')}`);
  } finally {
    quiet.close();
  }
});

test('a busy port is a clear error (exit 1) telling to pick another --port', async () => {
  const port = image.address.split(':').pop()!;
  const r = await stui(['image', 'serve', '--name', 'dup', '--port', port], { timeoutMs: 20_000 });
  assert.is(r.code, 1);
  assert.is(r.stdout, '');
  assert.match(r.stderr, /already in use/);
  assert.match(r.stderr, /--port/);
});

test('without --state every start is a new image; SIGTERM exits 0', async () => {
  const a = await startImage(['--name', 'fresh']);
  const idA = a.imageId;
  assert.is(await a.stop(), 0);
  const b = await startImage(['--name', 'fresh']);
  assert.is.not(b.imageId, idA);
  assert.is(await b.stop(), 0);
});

test('bad options are usage errors (exit 2)', async () => {
  const r = await stui(['image', 'serve', '--name', 'x', '--port', 'abc']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /--port/);
  const n = await stui(['image', 'serve', '--port', '0']);
  assert.is(n.code, 2);
  assert.match(n.stderr, /--name/);
});

test.run();
