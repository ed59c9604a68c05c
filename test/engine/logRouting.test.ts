/**
 * `stui log` and `stui verify` while an engine owns the store: given a running engine with
 * evaluations recorded, when the log commands run, then they answer from the engine's open log —
 * and a wrong passphrase is still refused (exit 3) without touching the home.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { stui, tempDir } from '../support/cli.js';
import { fingerprint } from '../log/support.js';
import { enginePid, ok, serveImage, stopEngine, type LogEntryJson, type ServedImage } from './harness.js';

let img: ServedImage;
const tmp = tempDir('stui-engine-logrouting-');
const home = join(tmp.dir, 'home');
const env = { STUI_PASSPHRASE: 'correct horse battery staple' };

test.before(async () => {
  img = await serveImage({ name: 'route' });
});

test.after(async () => {
  await stopEngine(home);
  await img?.stop();
  tmp.cleanup();
});

test('given a running engine, log --json and verify answer from its open log', async () => {
  ok(await stui(['image', 'add', 'route', img.address], { home, env }), 'image add');
  ok(await stui(['eval', 'y := 6 * 7'], { home, env }), 'eval');
  assert.ok(enginePid(home) !== null, 'the engine runs');
  const r = ok(await stui(['log', '--json', '--type', 'eval.'], { home, env }), 'log');
  const entries = JSON.parse(r.stdout) as LogEntryJson[];
  assert.equal(entries.map((e) => e.type), ['eval.requested', 'eval.completed']);
  assert.is((entries[1]!.data as { result: string }).result, '42');
  const v = ok(await stui(['verify'], { home, env }), 'verify');
  assert.match(v.stdout, /^ok \d+ entries head [0-9a-f]{64}\n$/);
});

test('given a running engine, a wrong passphrase exits 3 and changes nothing', async () => {
  const before = fingerprint(home);
  for (const args of [['log'], ['log', '--json'], ['verify']]) {
    const r = await stui(args, { home, env: { STUI_PASSPHRASE: 'wrong' } });
    assert.is(r.code, 3, args.join(' '));
    assert.is(r.stdout, '', args.join(' '));
    assert.match(r.stderr, /passphrase/i);
  }
  assert.equal(fingerprint(home), before);
});

test.run();
