/**
 * An evaluation for an unreachable image is kept: durable as eval.requested, the command exits 5
 * after --timeout saying it is queued, and the engine runs it exactly once when the image is back
 * (restarted from the same --state on the same port).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { stui, tempDir } from '../support/cli.js';
import { alive, engineLog, enginePid, ok, serveImage, stopEngine, stuiJson, waitUntil, type ServedImage } from './harness.js';

let image: ServedImage | undefined;
const tmp = tempDir('stui-engine-offline-');
const home = join(tmp.dir, 'home');
const state = join(tmp.dir, 'image-state');

test.after(async () => {
  await stopEngine(home);
  await image?.stop();
  tmp.cleanup();
});

test('offline eval is queued, exits 5 after --timeout, then runs exactly once on reconnect', async () => {
  image = await serveImage({ name: 'off', state });
  const port = image.port;
  ok(await stui(['image', 'add', 'off', image.address], { home }), 'image add');
  assert.is(ok(await stui(['eval', 'n := 5'], { home }), 'eval').stdout, '5\n');
  await image.stop();
  image = undefined;

  const started = Date.now();
  const queued = await stui(['eval', '--timeout', '1', 'n := n + 1'], { home });
  const took = Date.now() - started;
  assert.is(queued.code, 5, queued.stderr);
  assert.match(queued.stderr, /queued/);
  assert.match(queued.stderr, /reconnect/);
  assert.ok(took >= 1_000, `waited ${took} ms`);
  const requested = (await engineLog(home, 'eval.requested')).find((e) => e.data.code === 'n := n + 1');
  assert.ok(requested, 'the request is durable while the image is away');

  image = await serveImage({ name: 'off', state, port });
  assert.is(image.port, port);
  await waitUntil(
    async () => (await engineLog(home, 'eval.completed')).some((e) => e.data.request === requested!.data.request),
    15_000,
    'the queued evaluation to run',
  );
  // It ran once: n went from 5 to 6, not 7, and it has exactly one completion.
  assert.is(ok(await stui(['eval', 'n'], { home }), 'eval n').stdout, '6\n');
  const completions = (await engineLog(home, 'eval.')).filter((e) => e.data.request === requested!.data.request);
  assert.equal(completions.map((e) => e.type), ['eval.requested', 'eval.completed']);
  assert.is(completions[1]!.data.result, '6');
});

test('a queued evaluation survives kill -9 of the engine and runs once when both are back', async () => {
  await image!.stop();
  const port = image!.port;
  image = undefined;
  const queued = await stui(['eval', '--timeout', '0.5', 'n := n + 10'], { home });
  assert.is(queued.code, 5, queued.stderr);
  const pid = enginePid(home)!;
  process.kill(pid, 'SIGKILL');
  await waitUntil(() => !alive(pid), 5_000, 'the engine to die');
  image = await serveImage({ name: 'off', state, port });
  // The next command starts a new engine, which sends the queued request before this one.
  assert.is(ok(await stui(['eval', 'n'], { home }), 'eval n').stdout, '16\n');
  const evals = await engineLog(home, 'eval.');
  const req = evals.find((e) => e.type === 'eval.requested' && e.data.code === 'n := n + 10')!;
  assert.is(evals.filter((e) => e.type !== 'eval.requested' && e.data.request === req.data.request).length, 1);
});

test('another image at the registered address orphans the old session; a new default session starts', async () => {
  const before = await stuiJson<Array<{ id: string; state: string }>>(home, ['sessions']);
  assert.is(before.length, 1);
  await image!.stop();
  const port = image!.port;
  // Same port, no saved state: a different image (new imageId).
  image = await serveImage({ name: 'off', port });
  await waitUntil(async () => (await engineLog(home, 'image.identity_changed')).length === 1, 15_000, 'identity_changed');
  assert.is(ok(await stui(['eval', '2 + 3'], { home }), 'eval on the new image').stdout, '5\n');
  const after = await stuiJson<Array<{ id: string; state: string; imageId: string }>>(home, ['sessions']);
  assert.is(after.length, 2);
  assert.is(after.find((s) => s.id === before[0]!.id)!.state, 'orphaned');
  const fresh = after.find((s) => s.id !== before[0]!.id)!;
  assert.equal([fresh.state, fresh.imageId], ['active', image.imageId]);
});

test.run();
