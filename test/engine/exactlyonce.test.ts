/**
 * Exactly once across an engine crash in the middle of an evaluation: the image finishes it while
 * no engine listens, the next engine resends the same request id from the log, and the image
 * answers from its reply record instead of running it again.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { stui, stuiBin, tempDir } from '../support/cli.js';
import { alive, engineLog, enginePid, ok, serveImage, stopEngine, waitUntil, type LogEntryJson, type ServedImage } from './harness.js';

let image: ServedImage | undefined;
const tmp = tempDir('stui-engine-once-');
const home = join(tmp.dir, 'home');

test.after(async () => {
  await stopEngine(home);
  await image?.stop();
  tmp.cleanup();
});

test('kill -9 of the engine mid-evaluation: the evaluation runs once, its answer is recorded once', async () => {
  image = await serveImage({ name: 'once', state: join(tmp.dir, 'state') });
  ok(await stui(['image', 'add', 'once', image.address], { home }), 'image add');
  assert.is(ok(await stui(['eval', 'n := 0'], { home }), 'eval').stdout, '0\n');

  // About a second or two of work in the reference image.
  const code = '| s | s := 0. 1 to: 10000000 do: [:i | s := s + i]. n := n + 1. n';
  const cli = spawn(process.execPath, [stuiBin, '--home', home, 'eval', '--timeout', '60', code], { stdio: 'ignore' });
  let requested: LogEntryJson | undefined;
  await waitUntil(async () => {
    requested = (await engineLog(home, 'eval.requested')).find((e) => e.data.code === code);
    return requested !== undefined;
  }, 10_000, 'the evaluation to be requested');
  // Let it reach the image, then kill the engine (and the waiting command) while it runs.
  await new Promise((r) => setTimeout(r, 150));
  const before = (await engineLog(home, 'eval.')).filter((e) => e.data.request === requested!.data.request);
  assert.is(before.length, 1, 'still running in the image when the engine dies');
  const pid = enginePid(home)!;
  process.kill(pid, 'SIGKILL');
  cli.kill('SIGKILL');
  await waitUntil(() => !alive(pid), 5_000, 'the engine to die');
  // Usually long enough for the image to finish, so the resend is answered from its reply record
  // (if not, the resend takes over the running request): either way there must be one answer.
  await new Promise((r) => setTimeout(r, 2_500));

  // The next command starts an engine that resends the queued request before running its own.
  assert.is(ok(await stui(['eval', '--timeout', '30', 'n'], { home }), 'eval n').stdout, '1\n');
  const answers = (await engineLog(home, 'eval.')).filter((e) => e.data.request === requested!.data.request && e.type !== 'eval.requested');
  assert.equal(answers.map((e) => [e.type, e.data.result]), [['eval.completed', '1']]);
});

test.run();
