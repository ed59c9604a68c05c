/**
 * The command-line contract of the engine verbs: eval output and exit codes, image management
 * errors, engine start/stop/status, engine.started/engine.stopped, the key check before any
 * engine starts, and --help everywhere.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { stui, tempDir } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { fingerprint } from '../log/support.js';
import { alive, ok, serveImage, stopEngine, stuiJson, waitUntil, type ServedImage } from './harness.js';

let a: ServedImage;
let b: ServedImage;
const tmp = tempDir('stui-engine-cli-');
const home = join(tmp.dir, 'home');

test.before(async () => {
  [a, b] = await Promise.all([serveImage({ name: 'a' }), serveImage({ name: 'b' })]);
});

test.after(async () => {
  for (const h of [home, join(tmp.dir, 'pp'), join(tmp.dir, 'empty')]) await stopEngine(h);
  await Promise.all([a?.stop(), b?.stop()]);
  tmp.cleanup();
});

test('--help works on every engine verb', async () => {
  for (const cmd of [['engine', 'start'], ['engine', 'stop'], ['engine', 'status'], ['image', 'add'], ['image', 'remove'], ['image', 'list'], ['eval'], ['sessions'], ['restore']]) {
    const r = await stui([...cmd, '--help']);
    assert.is(r.code, 0, cmd.join(' '));
    assert.match(r.stdout, new RegExp(`usage: stui ${cmd.join(' ')}`));
  }
});

test('no image registered: eval says how to add or serve one', async () => {
  const r = await stui(['eval', '1'], { home });
  assert.is(r.code, 1);
  assert.match(r.stderr, /stui image add/);
  assert.match(r.stderr, /stui image serve/);
});

test('image add/list/remove, and their errors', async () => {
  ok(await stui(['image', 'add', 'a', a.address], { home }), 'add a');
  const dup = await stui(['image', 'add', 'a', b.address], { home });
  assert.is(dup.code, 1);
  assert.match(dup.stderr, /already registered/);
  const bad = await stui(['image', 'add', 'c', 'localhost:80'], { home });
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /tcp:\/\/HOST:PORT/);
  assert.is((await stui(['image', 'add', 'c'], { home })).code, 2);
  assert.is((await stui(['image', 'remove', 'nope'], { home })).code, 1);
  ok(await stui(['image', 'add', 'gone', `tcp://127.0.0.1:${await freePort()}`], { home }), 'add gone');
  ok(await stui(['image', 'remove', 'gone'], { home }), 'remove gone');
  await waitUntil(async () => (await stuiJson<Array<{ state: string }>>(home, ['image', 'list']))[0]?.state === 'connected', 10_000, 'a connected');
  const list = await stuiJson<Array<Record<string, unknown>>>(home, ['image', 'list']);
  assert.is(list.length, 1);
  assert.equal(Object.keys(list[0]!).sort(), ['address', 'imageId', 'latencyMs', 'name', 'sessions', 'state']);
  assert.is(list[0]!.imageId, a.imageId);
  assert.is(typeof list[0]!.latencyMs, 'number');
});

test('eval: printString, --json {result, class, seq}, Smalltalk errors exit 1, usage errors exit 2', async () => {
  assert.is(ok(await stui(['eval', '3 + 4'], { home }), 'eval').stdout, '7\n');
  const j = await stuiJson<Record<string, unknown>>(home, ['eval', '6 * 7']);
  assert.equal(Object.keys(j).sort(), ['class', 'result', 'seq']);
  assert.equal([j.result, j.class], ['42', 'SmallInteger']);
  assert.ok(Number.isInteger(j.seq) && (j.seq as number) > 0);
  const err = await stui(['eval', '1/0'], { home });
  assert.is(err.code, 1);
  assert.is(err.stdout, '');
  assert.match(err.stderr, /ZeroDivide/);
  assert.is((await stui(['eval'], { home })).code, 2);
  assert.is((await stui(['eval', '--timeout', 'soon', '1'], { home })).code, 2);
  assert.is((await stui(['eval', '--bogus', '1'], { home })).code, 2);
  ok(await stui(['image', 'add', 'b', b.address], { home }), 'add b');
  const which = await stui(['eval', '1'], { home });
  assert.is(which.code, 2);
  assert.match(which.stderr, /a, b/);
  assert.is(ok(await stui(['eval', '--image', 'b', '2 + 2'], { home }), 'eval b').stdout, '4\n');
  assert.is((await stui(['restore'], { home })).code, 2);
  assert.is((await stui(['restore', '--session', 'nope'], { home })).code, 1);
});

test('engine status/stop/start; engine.started and engine.stopped are recorded', async () => {
  const s = await stuiJson<{ running: boolean; pid: number; home: string; images: unknown[] }>(home, ['engine', 'status']);
  assert.ok(s.running);
  assert.is(s.home, home);
  assert.is(s.images.length, 2);
  ok(await stui(['engine', 'stop'], { home }), 'stop');
  assert.not.ok(alive(s.pid));
  const st = await stuiJson<{ running: boolean; pid: number | null }>(home, ['engine', 'status']);
  assert.equal([st.running, st.pid], [false, null]);
  assert.match(ok(await stui(['engine', 'stop'], { home }), 'stop again').stdout, /no engine running/);
  // With the engine stopped, the log can be read directly.
  const log = await stuiJson<Array<{ type: string; data: { reason?: string; pid?: number } }>>(home, ['log']);
  const stopped = log.filter((e) => e.type === 'engine.stopped');
  assert.is(stopped.length, 1);
  assert.equal([stopped[0]!.data.reason, stopped[0]!.data.pid], ['command', s.pid]);
  assert.is(log[log.length - 1]!.type, 'engine.stopped');
  const started = ok(await stui(['engine', 'start'], { home }), 'start');
  assert.match(started.stdout, /engine started \(pid \d+\)/);
  // Registered images come back with the engine.
  await waitUntil(
    async () => (await stuiJson<Array<{ state: string }>>(home, ['image', 'list'])).every((i) => i.state === 'connected'),
    10_000,
    'images reconnected',
  );
  const pid = (await stuiJson<{ pid: number }>(home, ['engine', 'status'])).pid;
  process.kill(pid, 'SIGTERM');
  await waitUntil(() => !alive(pid), 5_000, 'engine exit on SIGTERM');
  const after = await stuiJson<Array<{ type: string; data: { reason?: string } }>>(home, ['log']);
  assert.is(after[after.length - 1]!.type, 'engine.stopped');
  assert.is(after[after.length - 1]!.data.reason, 'signal');
});

test('a wrong STUI_PASSPHRASE exits 3 before any engine starts and changes nothing in the home', async () => {
  const pp = join(tmp.dir, 'pp');
  ok(await stui(['image', 'add', 'a', a.address], { home: pp, env: { STUI_PASSPHRASE: 'right horse' } }), 'add with passphrase');
  await stopEngine(pp);
  const before = fingerprint(pp);
  const r = await stui(['eval', '1'], { home: pp, env: { STUI_PASSPHRASE: 'wrong horse' } });
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stderr, /passphrase/);
  assert.equal(fingerprint(pp), before);
  const none = await stuiJson<{ running: boolean }>(pp, ['engine', 'status']);
  assert.is(none.running, false);
});

test.run();
