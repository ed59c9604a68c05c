/**
 * An image that serves CURVE-encrypted: registered with its public key, the engine connects with
 * its own key pair (kept 0600 in the home) and evaluates; a malformed key is a usage error.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { stui, tempDir } from '../support/cli.js';
import { ok, serveImage, stopEngine, type ServedImage } from './harness.js';

let image: ServedImage;
const tmp = tempDir('stui-engine-curve-');
const home = join(tmp.dir, 'home');

test.before(async () => {
  image = await serveImage({ name: 'sealed', curve: true });
});

test.after(async () => {
  await stopEngine(home);
  await image?.stop();
  tmp.cleanup();
});

test('image add --server-key: the engine talks CURVE to the image', async () => {
  assert.ok(image.serverKey);
  const bad = await stui(['image', 'add', 'sealed', image.address, '--server-key', 'not-a-key'], { home });
  assert.is(bad.code, 2);
  ok(await stui(['image', 'add', 'sealed', image.address, '--server-key', image.serverKey!], { home }), 'image add');
  assert.is(ok(await stui(['eval', '--timeout', '20', '3 + 4'], { home }), 'eval').stdout, '7\n');
  assert.is(statSync(join(home, 'curve-client.json')).mode & 0o777, 0o600);
  // The same image registered without its key is never reached: the key is what opens it.
  ok(await stui(['image', 'add', 'plain', image.address], { home }), 'image add plain');
  const plain = await stui(['eval', '--image', 'plain', '--timeout', '1', '1'], { home });
  assert.is(plain.code, 5, plain.stderr);
});

test.run();
