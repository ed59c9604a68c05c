/**
 * Fast engine start: the engine keeps a snapshot of its state close behind the head, so a start
 * folds only what came after it. Given an engine that recorded many thousands of entries, when it
 * is killed with SIGKILL, the next start folds a bounded tail (at most 5 000 entries); after a
 * clean stop it folds none; nor on a log fresh from the bench generator, which leaves the
 * snapshots an engine would have. Each start says what it folded in engine.log.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineClient } from '../../engine/client/index.js';
import { generate } from '../../bench/generate.js';
import { stui, tempDir } from '../support/cli.js';
import { alive, enginePid, ok, serveImage, stopEngine, stuiJson, waitUntil, type ServedImage } from './harness.js';

/** What a crash may leave to fold. */
const TAIL_BOUND = 5_000;
/** Entries recorded before the kill: well past the bound, so an engine that never snapshots fails. */
const RECORDED = 12_000;

let img: ServedImage;
const tmp = tempDir('stui-engine-starttail-');
const home = join(tmp.dir, 'home');

test.before(async () => {
  img = await serveImage({ name: 'tail' });
});

test.after(async () => {
  await stopEngine(home);
  await img?.stop();
  tmp.cleanup();
});

/** What the start of engine `pid` folded, from its line in engine.log. */
function foldedAtStart(pid: number, from = home): number {
  const lines = readFileSync(join(from, 'engine.log'), 'utf8').split('\n').filter((l) => l.includes(`[${pid}] `));
  const line = lines.find((l) => / folded /.test(l));
  assert.ok(line, `engine ${pid} said nothing of its start fold:\n${lines.join('\n')}`);
  const m = /folded (?:the whole log, )?(\d+) entries/.exec(line!);
  assert.ok(m, line);
  return Number(m![1]);
}

async function startEngine(): Promise<number> {
  ok(await stui(['engine', 'start'], { home }), 'engine start');
  return enginePid(home)!;
}

test('after kill -9 of a busy engine the next start folds at most a bounded tail', async () => {
  ok(await stui(['image', 'add', 'tail', img.address], { home }), 'image add');
  ok(await stui(['eval', 'x := 1'], { home }), 'eval');
  const session = (await stuiJson<Array<{ id: string }>>(home, ['sessions']))[0]!.id;
  const client = new EngineClient(home);
  try {
    // Many small durable appends, several in flight, as a busy TUI makes them.
    let next = 0;
    const writer = async (): Promise<void> => {
      while (next < RECORDED) {
        const n = next++;
        await client.call('pref.set', { session, key: 'n', value: n });
      }
    };
    await Promise.all(Array.from({ length: 16 }, writer));
  } finally {
    client.close();
  }
  const pid = enginePid(home)!;
  process.kill(pid, 'SIGKILL');
  await waitUntil(() => !alive(pid), 5_000, 'the engine to die');

  const restarted = await startEngine();
  const folded = foldedAtStart(restarted);
  assert.ok(folded <= TAIL_BOUND, `the start after a crash folded ${folded} entries (bound ${TAIL_BOUND})`);
  // Nothing acknowledged was lost on the way.
  const restored = await stuiJson<{ prefs: Record<string, unknown> }>(home, ['restore', '--session', session]);
  assert.is(restored.prefs.n, RECORDED - 1);
});

test('after a clean stop the next start folds nothing', async () => {
  const pid = enginePid(home)!;
  ok(await stui(['engine', 'stop'], { home }), 'engine stop');
  await waitUntil(() => !alive(pid), 5_000, 'the engine to stop');
  const started = await startEngine();
  assert.is(foldedAtStart(started), 0);
});

test('an engine on a freshly generated log starts from the generator\'s snapshot and folds nothing', async () => {
  const generated = join(tmp.dir, 'generated');
  await generate({ home: generated, events: 25_000, progress: () => undefined });
  try {
    ok(await stui(['engine', 'start'], { home: generated }), 'engine start');
    assert.is(foldedAtStart(enginePid(generated)!, generated), 0);
    const sessions = await stuiJson<Array<{ id: string; lastSeq: number }>>(generated, ['sessions']);
    assert.ok(sessions.length > 0, 'the generated log has sessions');
  } finally {
    await stopEngine(generated);
  }
});

test.run();
