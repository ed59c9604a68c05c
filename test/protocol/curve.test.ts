import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { curveKeyPair } from 'zeromq';
import { ImageLink, ImageTimeoutError, isZ85Key, newRequestId } from '../../protocol/index.js';
import { loadOrCreateClientKeys } from '../../engine/clientKeys.js';
import { tempDir } from '../support/cli.js';
import { startImage, type ImageProcess } from '../support/image.js';
import { RawDealer } from '../support/rawDealer.js';

let image: ImageProcess;
let home: { dir: string; cleanup: () => void };
let state: { dir: string; cleanup: () => void };

test.before(async () => {
  home = tempDir('stui-proto-home-');
  state = tempDir('stui-proto-curve-');
  image = await startImage(['--name', 'secure', '--curve', '--state', state.dir]);
});

test.after(async () => {
  await image.stop();
  home.cleanup();
  state.cleanup();
});

test('--curve prints the image public key; it is kept in the state dir', () => {
  assert.ok(isZ85Key(image.curveKey), `not a z85 key: ${image.curveKey}`);
  assert.is(readFileSync(join(state.dir, 'curve-server.pub'), 'utf8').trim(), image.curveKey);
  assert.is(statSync(join(state.dir, 'curve-server.json')).mode & 0o777, 0o600);
});

test('loadOrCreateClientKeys writes a 0600 key file once and reads it back', () => {
  const a = loadOrCreateClientKeys(home.dir);
  assert.ok(isZ85Key(a.publicKey) && isZ85Key(a.secretKey));
  assert.is(statSync(join(home.dir, 'curve-client.json')).mode & 0o777, 0o600);
  const b = loadOrCreateClientKeys(home.dir);
  assert.equal(b, a);
});

test('a client with the image key talks CURVE: hello and evaluate work', async () => {
  const mine = loadOrCreateClientKeys(home.dir);
  const link = ImageLink.connect(image.address, { curve: { serverKey: image.curveKey!, ...mine }, requestTimeoutMs: 5000 });
  try {
    const w = await link.hello();
    assert.is(w.imageId, image.imageId);
    await link.request({ type: 'session.open', id: newRequestId(), session: 'c' });
    const r = await link.request({ type: 'evaluate', id: newRequestId(), session: 'c', code: '3 + 4' });
    assert.ok(r.ok && r.value.printString === '7');
  } finally {
    link.close();
  }
});

test('a client with the wrong server key, or without CURVE, gets nothing through', async () => {
  const mine = loadOrCreateClientKeys(home.dir);
  const wrong = ImageLink.connect(image.address, { curve: { serverKey: curveKeyPair().publicKey, ...mine }, requestTimeoutMs: 1500 });
  const plain = ImageLink.connect(image.address, { requestTimeoutMs: 1500 });
  try {
    for (const l of [wrong, plain]) {
      try {
        await l.hello();
        assert.unreachable('an image with CURVE answered a client without its key');
      } catch (err) {
        assert.instance(err, ImageTimeoutError);
      }
    }
  } finally {
    wrong.close();
    plain.close();
  }
  // A raw plaintext DEALER sees no reply either.
  const raw = new RawDealer(image.address);
  try {
    await raw.sendJson({ type: 'ping', id: 'p' });
    assert.is(await raw.receive(500), undefined);
  } finally {
    raw.close();
  }
});

test('the image key survives a restart from the same state dir', async () => {
  const key = image.curveKey;
  await image.stop();
  image = await startImage(['--name', 'secure', '--curve', '--state', state.dir]);
  assert.is(image.curveKey, key);
});

test.run();
