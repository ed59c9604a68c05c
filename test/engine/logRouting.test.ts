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

/**
 * The home outside the store, and the log's entries: what a client could change. The store's
 * files themselves are not compared: the running engine writes its own snapshots (and a heartbeat
 * it missed) into them whenever it likes.
 */
async function clientVisible(): Promise<{ files: Record<string, string>; entries: LogEntryJson[] }> {
  const files = Object.fromEntries(
    Object.entries(fingerprint(home)).filter(([path]) => !path.startsWith(join(home, 'log') + '/') && path !== join(home, 'engine.log')),
  );
  const entries = JSON.parse(ok(await stui(['log', '--json'], { home, env }), 'log').stdout) as LogEntryJson[];
  return { files, entries };
}

test('given a running engine, a wrong passphrase exits 3 and changes nothing', async () => {
  const before = await clientVisible();
  for (const args of [['log'], ['log', '--json'], ['verify']]) {
    const r = await stui(args, { home, env: { STUI_PASSPHRASE: 'wrong' } });
    assert.is(r.code, 3, args.join(' '));
    assert.is(r.stdout, '', args.join(' '));
    assert.match(r.stderr, /passphrase/i);
  }
  const after = await clientVisible();
  assert.equal(after.files, before.files, 'key, salt, keycheck and pid file untouched');
  assert.equal(after.entries.slice(0, before.entries.length), before.entries, 'no entry changed');
  // Anything newer is the engine's own connection bookkeeping, never a client's request.
  const added = after.entries.slice(before.entries.length).map((e) => e.type);
  assert.ok(added.every((t) => t.startsWith('connection.')), added.join(', '));
});

test.run();
