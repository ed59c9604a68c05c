/**
 * One owner of the log: given a running engine on a log larger than the temp dir, when the
 * history commands run with TMPDIR on a 4 MB tmpfs, then they all succeed — each asks the engine,
 * none opens or copies the store — and they leave nothing in that temp dir.
 *
 * The tmpfs is mounted in a private mount namespace (`unshare -m`), so nothing outlives the test.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../../bench/generate.js';
import { stui, stuiBin, tempDir } from '../support/cli.js';
import { ok, stopEngine, stuiJson } from './harness.js';

const tmp = tempDir('stui-engine-nocopy-');
const home = join(tmp.dir, 'home');
const small = join(tmp.dir, 'small-tmp');

test.after(async () => {
  await stopEngine(home);
  tmp.cleanup();
});

const dirBytes = (dir: string): number => readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);

/** Runs the stui commands in one shell with TMPDIR on a fresh 4 MB tmpfs; prints what is left in it. */
function inSmallTmp(commands: string[][]): { code: number | null; stdout: string; stderr: string } {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const script = [
    'set -e',
    `mkdir -p ${q(small)}`,
    `mount -t tmpfs -o size=4m tmpfs ${q(small)}`,
    `export TMPDIR=${q(small)}`,
    ...commands.map((args, i) => `echo "== ${i}" >&2; ${q(process.execPath)} ${q(stuiBin)} ${args.map(q).join(' ')} --home ${q(home)} > /dev/null`),
    `echo "left: $(ls -A ${q(small)} | tr '\\n' ' ')"`,
  ].join('\n');
  const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('given an engine on a log larger than TMPDIR, then audit, orphans, replay, log and verify succeed and leave TMPDIR empty', async () => {
  await generate({ home, events: 30_000, progress: () => undefined });
  const logBytes = dirBytes(join(home, 'log'));
  assert.ok(logBytes > 4 * 1024 * 1024, `the log (${logBytes} bytes) is larger than the 4 MB temp dir`);
  ok(await stui(['engine', 'start'], { home }), 'engine start');
  const sessions = await stuiJson<{ id: string }[]>(home, ['sessions']);
  assert.ok(sessions.length > 0, 'the generated log has sessions');

  const r = inSmallTmp([
    ['audit', '--json'],
    ['audit'],
    ['orphans', '--json'],
    ['replay', '--session', sessions[0]!.id, '--json'],
    ['replay', '--session', sessions[0]!.id, '--crash'],
    ['log', '--json'],
    ['log', '--type', 'engine.'],
    ['verify'],
  ]);
  assert.is(r.code, 0, `a command failed: ${r.stderr}`);
  assert.is(r.stdout.trim(), 'left:', 'nothing is left in the temp dir');
});

test.run();
