/**
 * Fast clients: `stui --version`, `stui help` and `stui <command> --help` load the CLI's command
 * registry and nothing heavy — no command implementation, no ZeroMQ, no LevelDB, no terminal
 * library, nothing of the reference image or its Smalltalk VM. A command that runs loads its
 * implementation then, and only its own. Each run is a real `stui` process whose every loaded
 * module is recorded (test/support/recordLoads.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempDir } from '../support/cli.js';
import { stuiLoading } from '../support/loads.js';
import { openLog } from '../../engine/log/index.js';

/**
 * What no help or version output may load, each with the pattern that finds it. Packages match
 * wherever node_modules lies (a linked one is recorded by its real path, outside the repository).
 */
const HEAVY: Array<[string, RegExp]> = [
  ['a command implementation', /^dist\/cli\/commands\/(?!index\.js$|specs\.js$)/],
  ['ZeroMQ', /(^|\/)node_modules\/zeromq\//],
  ['LevelDB', /(^|\/)node_modules\/(classic-level|level|abstract-level)\//],
  ['neo-blessed', /(^|\/)node_modules\/neo-blessed\//],
  ['the reference image or its Smalltalk VM', /^dist\/image\//],
  ['the TUI', /^dist\/tui\//],
  ['the log', /^dist\/engine\/log\//],
  ['the engine client', /^dist\/engine\/client\//],
];

function heavyIn(loaded: string[]): string[] {
  return HEAVY.flatMap(([what, pattern]) => loaded.filter((m) => pattern.test(m)).map((m) => `${what}: ${m}`));
}

const home = tempDir('stui-startup-');
test.after(() => home.cleanup());

for (const args of [['--version'], ['help'], ['--help'], ['sessions', '--help'], ['image', 'serve', '--help'], ['help', 'eval'], ['tui', '--help'], ['engine', 'status', '--help']]) {
  test(`stui ${args.join(' ')} loads the command registry and nothing heavy`, async () => {
    const r = await stuiLoading(['--home', home.dir, ...args]);
    assert.is(r.code, 0, r.stderr);
    assert.ok(r.stdout.length > 0);
    assert.ok(r.loaded.includes('dist/cli/main.js'), `the recorder saw no CLI: ${r.loaded.join(', ')}`);
    assert.equal(heavyIn(r.loaded), []);
  });
}

test('a usage error loads no command implementation either', async () => {
  const r = await stuiLoading(['--home', home.dir, 'restore', '--bogus']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /usage: stui restore/);
  assert.equal(heavyIn(r.loaded), []);
});

test('a command that runs loads its own implementation, and only then the heavy parts', async () => {
  const empty = tempDir('stui-startup-empty-');
  try {
    // An empty log in this home, no engine: `stui log --json` opens it and prints [].
    await (await openLog({ home: empty.dir })).close();
    const r = await stuiLoading(['--home', empty.dir, 'log', '--json']);
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stdout, '[]\n');
    assert.ok(r.loaded.includes('dist/cli/commands/log.js'), 'log.js was not loaded');
    assert.ok(heavyIn(r.loaded).some((m) => m.startsWith('LevelDB: ')), 'the recorder did not see LevelDB load');
    assert.not.ok(r.loaded.includes('dist/cli/commands/replay.js'), 'another command was loaded');
    assert.not.ok(r.loaded.some((m) => m.startsWith('dist/image/')), 'the image was loaded for `stui log`');
  } finally {
    empty.cleanup();
  }
});

test.run();
