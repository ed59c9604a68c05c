/**
 * Fast clients while the engine runs: a command answered by the engine loads the ZeroMQ client
 * and its own implementation, and none of what opening the log needs — no LevelDB, no CBOR
 * codec, no libsodium addon, no projections. The key check it makes first reads two small
 * files. Each run is a real `stui` process whose every loaded module is recorded.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { stui, tempDir } from '../support/cli.js';
import { stuiLoading } from '../support/loads.js';
import { ok, serveImage, stopEngine, stuiJson, type ServedImage } from '../engine/harness.js';

/** What a command answered by the running engine must not load, each with the pattern that finds it. */
const LOG_SIDE: Array<[string, RegExp]> = [
  ['LevelDB', /(^|\/)node_modules\/(classic-level|level|abstract-level)\//],
  ['the CBOR codec', /(^|\/)node_modules\/cbor-x\//],
  ['the libsodium addon', /(^|\/)node_modules\/sodium-native\//],
  ['the log store', /^dist\/engine\/log\/(store|log|reader|codec|snapshots|verify)\.js$/],
  ['the projections', /^dist\/projections\//],
];

function logSideIn(loaded: string[]): string[] {
  return LOG_SIDE.flatMap(([what, pattern]) => loaded.filter((m) => pattern.test(m)).map((m) => `${what}: ${m}`));
}

let img: ServedImage;
const tmp = tempDir('stui-client-loads-');
const home = join(tmp.dir, 'home');
let session = '';

test.before(async () => {
  img = await serveImage({ name: 'loads' });
  ok(await stui(['image', 'add', 'loads', img.address], { home }), 'image add');
  ok(await stui(['eval', 'x := 1'], { home }), 'eval');
  session = (await stuiJson<Array<{ id: string }>>(home, ['sessions']))[0]!.id;
});

test.after(async () => {
  await stopEngine(home);
  await img?.stop();
  tmp.cleanup();
});

for (const args of [['sessions'], ['engine', 'status'], ['image', 'list'], ['restore', '--session', '<S>', '--json']]) {
  test(`with the engine running, stui ${args.join(' ')} loads nothing the log needs`, async () => {
    const r = await stuiLoading(['--home', home, ...args.map((a) => (a === '<S>' ? session : a))]);
    assert.is(r.code, 0, r.stderr);
    assert.ok(r.loaded.some((m) => /(^|\/)node_modules\/zeromq\//.test(m)), `the recorder saw no ZeroMQ: ${r.loaded.join(', ')}`);
    assert.equal(logSideIn(r.loaded), []);
  });
}

test.run();
