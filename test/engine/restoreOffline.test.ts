/**
 * `stui restore` with no engine running reads the log itself, read-only: given a home whose
 * engine recorded a session and stopped, restore answers exactly what the engine answered for
 * the same point, starts no engine and appends nothing. While another process holds the log it
 * waits for an engine to answer or the log to be free, and says E_LOG_LOCKED past that.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openLog } from '../../engine/log/index.js';
import { stui, tempDir } from '../support/cli.js';
import { enginePid, ok, serveImage, stopEngine, stuiJson, waitUntil, alive, type ServedImage } from './harness.js';

let img: ServedImage;
const tmp = tempDir('stui-engine-restoreoffline-');
const home = join(tmp.dir, 'home');
let session = '';
/** The engine's answers while it ran, at a point every later read can name. */
let viaEngineJson = '';
let viaEngineText = '';
let at = 0;

/** `ok <n> entries head <hash>`: what the log holds, read without an engine. */
async function verified(): Promise<string> {
  return ok(await stui(['verify'], { home }), 'verify').stdout;
}

test.before(async () => {
  img = await serveImage({ name: 'ro' });
  ok(await stui(['image', 'add', 'ro', img.address], { home }), 'image add');
  ok(await stui(['eval', 'x := 6 * 7'], { home }), 'eval');
  const done = JSON.parse(ok(await stui(['eval', '--json', 'y := x + 1'], { home }), 'eval').stdout) as { seq: number };
  at = done.seq;
  session = (await stuiJson<Array<{ id: string }>>(home, ['sessions']))[0]!.id;
  viaEngineJson = ok(await stui(['restore', '--session', session, '--at', String(at), '--json'], { home }), 'restore via engine').stdout;
  viaEngineText = ok(await stui(['restore', '--session', session, '--at', String(at)], { home }), 'restore via engine').stdout;
  ok(await stui(['engine', 'stop'], { home }), 'engine stop');
});

test.after(async () => {
  await stopEngine(home);
  await img?.stop();
  tmp.cleanup();
});

test('with no engine, restore prints what the engine printed, starts none and appends nothing', async () => {
  const before = await verified();
  const json = ok(await stui(['restore', '--session', session, '--at', String(at), '--json'], { home }), 'restore --json');
  const text = ok(await stui(['restore', '--session', session, '--at', String(at)], { home }), 'restore');
  assert.is(json.stdout, viaEngineJson);
  assert.is(text.stdout, viaEngineText);
  const latest = JSON.parse(ok(await stui(['restore', '--session', session, '--json'], { home }), 'restore latest').stdout) as {
    variables: Record<string, string>;
  };
  assert.equal(latest.variables, { x: '42', y: '43' });
  assert.is(enginePid(home), null, 'no engine was started');
  assert.not.ok(existsSync(join(home, 'engine.sock')), 'no engine socket was bound');
  assert.is(await verified(), before, 'the log holds the same entries, same head');
});

test('with no engine, an unknown session and a home with no log exit 1 and start nothing', async () => {
  const r = await stui(['restore', '--session', 'nope', '--json'], { home });
  assert.is(r.code, 1, r.stderr);
  assert.is(r.stdout, '');
  const empty = join(tmp.dir, 'empty');
  const e = await stui(['restore', '--session', 'nope'], { home: empty });
  assert.is(e.code, 1, e.stderr);
  assert.match(e.stderr, /no log/);
  assert.not.ok(existsSync(join(empty, 'log')), 'no log was created');
  assert.is(enginePid(home), null);
});

test('while another process holds the log past the wait, restore exits 1 with E_LOG_LOCKED', async () => {
  const held = await openLog({ home, readOnly: true });
  try {
    const r = await stui(['restore', '--session', session, '--json'], { home });
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stderr, /open in another process/);
    assert.is(r.stdout, '');
  } finally {
    await held.close();
  }
  assert.is(enginePid(home), null);
});

test('while an engine starts, restore waits for it and answers through it', async () => {
  const starting = stui(['engine', 'start'], { home });
  // The pid file is written once the engine holds the log, before it answers.
  await waitUntil(() => enginePid(home) !== null, 10_000, 'the engine to take the log');
  const r = ok(await stui(['restore', '--session', session, '--at', String(at), '--json'], { home }), 'restore');
  ok(await starting, 'engine start');
  assert.is(r.stdout, viaEngineJson);
  const pid = enginePid(home)!;
  ok(await stui(['engine', 'stop'], { home }), 'engine stop');
  await waitUntil(() => !alive(pid), 5_000, 'the engine to stop');
});

test.run();
