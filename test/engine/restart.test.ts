/**
 * The engine survives being killed: `kill -9` loses nothing acknowledged, the next command brings
 * an engine back by itself, and the session resumes on the same image. Also: one engine per home.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stui, tempDir } from '../support/cli.js';
import { daemonMain } from '../../engine/client/index.js';
import { alive, engineLog, ok, serveImage, stopEngine, stuiJson, waitUntil, type ServedImage } from './harness.js';

interface Status {
  running: boolean;
  pid: number | null;
}

/** Pids of engine processes serving `home` (by their command line), whoever started them. */
function enginesFor(home: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited meanwhile
    }
    if (argv.includes(daemonMain) && argv[argv.indexOf('--home') + 1] === home) pids.push(Number(name));
  }
  return pids;
}

let image: ServedImage;
const tmp = tempDir('stui-engine-restart-');
const home = join(tmp.dir, 'home');

test.before(async () => {
  image = await serveImage({ name: 'one' });
});

test.after(async () => {
  await stopEngine(home);
  await image.stop();
  tmp.cleanup();
});

test('kill -9 of the engine: the next eval brings it back, the session resumes, nothing acknowledged is lost', async () => {
  ok(await stui(['image', 'add', 'one', image.address], { home }), 'image add');
  const first = ok(await stui(['eval', 'x := 3 + 4'], { home }), 'eval 1');
  assert.is(first.stdout, '7\n');
  const before = await stuiJson<Status>(home, ['engine', 'status']);
  assert.ok(before.running && before.pid);
  process.kill(before.pid!, 'SIGKILL');
  await waitUntil(() => !alive(before.pid!), 5_000, 'the engine to die');

  const second = ok(await stui(['eval', 'x * 6'], { home }), 'eval 2');
  assert.is(second.stdout, '42\n');
  const after = await stuiJson<Status>(home, ['engine', 'status']);
  assert.ok(after.running);
  assert.is.not(after.pid, before.pid);

  const sessions = await stuiJson<Array<{ id: string; image: string; imageId: string }>>(home, ['sessions']);
  assert.is(sessions.length, 1);
  assert.is(sessions[0]!.imageId, image.imageId);
  const r = await stuiJson<{ history: Array<{ code: string; result: string }>; variables: Record<string, string>; pending: unknown[] }>(home, [
    'restore',
    '--session',
    sessions[0]!.id,
  ]);
  assert.equal(r.history.map((h) => [h.code, h.result]), [['x := 3 + 4', '7'], ['x * 6', '42']]);
  assert.equal(r.variables, { x: '7' });
  assert.equal(r.pending, []);

  const log = await engineLog(home);
  const types = log.map((e) => e.type);
  // Two starts, no clean stop between them (a crash leaves none), and the session resumed on the same image.
  assert.is(types.filter((t) => t === 'engine.started').length, 2);
  assert.not.ok(types.includes('engine.stopped'));
  const restart = types.lastIndexOf('engine.started');
  const resumed = log.slice(restart).find((e) => e.type === 'session.resumed');
  assert.ok(resumed, 'session.resumed after the restart');
  assert.is(resumed!.data.imageId, image.imageId);
  // Every request has exactly one completion.
  const requested = log.filter((e) => e.type === 'eval.requested').map((e) => e.data.request);
  const completed = log.filter((e) => e.type === 'eval.completed').map((e) => e.data.request);
  assert.equal(completed, requested);
});

test('a second engine for the same home refuses and names the pid that holds it', async () => {
  const s = await stuiJson<Status>(home, ['engine', 'status']);
  assert.ok(s.running);
  const again = await stui(['engine', 'start'], { home });
  assert.is(again.code, 1);
  assert.match(again.stderr, new RegExp(`pid ${s.pid}`));
  const direct = await new Promise<{ code: number | null; err: string }>((resolve) => {
    const p = spawn(process.execPath, [daemonMain, '--home', home], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (code) => resolve({ code, err }));
  });
  assert.is(direct.code, 1);
  assert.match(direct.err, new RegExp(`already running .*pid ${s.pid}`));
  // The running engine is untouched.
  assert.is((await stuiJson<Status>(home, ['engine', 'status'])).pid, s.pid);
});

test('a stale pid file and socket left by kill -9 are recovered without help', async () => {
  const s = await stuiJson<Status>(home, ['engine', 'status']);
  process.kill(s.pid!, 'SIGKILL');
  await waitUntil(() => !alive(s.pid!), 5_000, 'the engine to die');
  assert.ok(existsSync(join(home, 'engine.sock')) && existsSync(join(home, 'engine.pid')), 'kill -9 leaves its files');
  // Worse: the pid in the file now belongs to a live process that is not an engine.
  writeFileSync(join(home, 'engine.pid'), `${process.pid}\n`);
  const dead = await stuiJson<Status>(home, ['engine', 'status']);
  assert.is(dead.running, false);
  const started = ok(await stui(['engine', 'start', '--json'], { home }), 'engine start');
  const pid = (JSON.parse(started.stdout) as Status).pid!;
  assert.ok(pid !== s.pid && pid !== process.pid && alive(pid));
  const r = ok(await stui(['eval', 'x + 1'], { home }), 'eval after recovery');
  assert.is(r.stdout, '8\n');
});

test('clients starting at the same moment in a fresh home share one engine', async () => {
  const fresh = join(tmp.dir, 'fresh');
  try {
    const runs = await Promise.all([1, 2, 3].map(() => stui(['sessions', '--json'], { home: fresh })));
    for (const r of runs) assert.is(r.code, 0, r.stderr);
    const s = await stuiJson<Status>(fresh, ['engine', 'status']);
    assert.ok(s.running);
    const log = await engineLog(fresh);
    assert.is(log.filter((e) => e.type === 'engine.started').length, 1);
    await stopEngine(fresh);
    // The engines the losing clients spawned must not outlive the one they lost to: one that
    // started late would take the free log over and run on with nobody to stop it.
    await waitUntil(() => enginesFor(fresh).length === 0, 15_000, 'no engine left for the fresh home').catch(() => {
      throw new Error(`engines still running for the fresh home: ${enginesFor(fresh).join(', ')}`);
    });
  } finally {
    for (const pid of enginesFor(fresh)) process.kill(pid, 'SIGKILL');
  }
});

test.run();
