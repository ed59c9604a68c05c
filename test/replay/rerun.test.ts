import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stui } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { startImage } from '../support/image.js';
import { craftedHome } from './crafted.js';

test('replay --rerun evaluates the recorded code again on a fresh image and reports recorded and new results', async () => {
  const home = await craftedHome();
  const image = await startImage();
  try {
    const r = await stui(['replay', '--session', 's1', '--rerun', image.address, '--json'], { home: home.dir });
    assert.is(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { seq: number; code: string; recorded: string | null; result: string; error: boolean; same: boolean }[];
    assert.equal(rows.map((x) => x.code), ['3 + 4', '6 * 7', 'Smalltalk crash', '1 + 1']);
    assert.equal(rows.map((x) => x.recorded), ['7', '42', null, '2']);
    assert.equal(rows.map((x) => x.result).filter((_, i) => i !== 2), ['7', '42', '2']);
    assert.equal(rows.map((x) => x.same), [true, true, false, true]);
    assert.is(rows[2]!.seq, home.seqs.crashEval);

    // --crash narrows it to the evaluation the crashed run never answered.
    const crash = await stui(['replay', '--session', 's1', '--crash', '--rerun', image.address], { home: home.dir });
    assert.is(crash.code, 0, crash.stderr);
    assert.match(crash.stdout, /re-ran 1 evaluation\(s\)/);
    assert.match(crash.stdout, /Smalltalk crash\n\s+recorded: never answered\n\s+now: /);

    const down = await stui(['replay', '--session', 's1', '--rerun', `tcp://127.0.0.1:${await freePort()}`], { home: home.dir, timeoutMs: 60_000 });
    assert.is(down.code, 5, down.stderr);
    assert.match(down.stderr, /did not answer/);
  } finally {
    await image.stop();
    home.cleanup();
  }
});

test.run();
