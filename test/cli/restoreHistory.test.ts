/**
 * `stui restore --history N|all`: a count of evaluations or "all"; anything else is a usage error
 * (exit 2) that names the option, refused before an engine is started for it, and the engine
 * refuses it too from any client. Nothing stored changes either way.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { ensureEngine } from '../../engine/client/index.js';
import { isStuiError } from '../../engine/errors.js';
import { verifyLog } from '../../engine/log/index.js';
import { stui, tempDir } from '../support/cli.js';
import { copyFixture } from '../log/support.js';

/** The fixture's entries (test/fixtures/store-format2). */
const ENTRIES = 1009;

test('given a home, when restore gets a --history that is not a count or "all", then it exits 2 naming the option, starts no engine and the log is whole', async () => {
  const { dir, cleanup } = tempDir('stui-history-bad-');
  const home = copyFixture('store-format2', join(dir, 'home'));
  try {
    for (const bad of ['-1', 'ten', '1.5', '', 'ALL', '1e3', '99999999999999999999']) {
      const r = await stui(['restore', '--session', 's-1', `--history=${bad}`, '--json'], { home });
      assert.is(r.code, 2, `--history ${JSON.stringify(bad)}: ${r.stderr}`);
      assert.is(r.stdout, '');
      assert.match(r.stderr, /--history takes a number of evaluations \(0 or more\) or "all"/);
    }
    const status = await stui(['engine', 'status', '--json'], { home });
    assert.is((JSON.parse(status.stdout) as { running: boolean }).running, false, 'no engine was started for a bad value');
    const v = await verifyLog({ home });
    assert.ok(v.ok && v.entries === ENTRIES, 'nothing stored was lost');
  } finally {
    cleanup();
  }
});

test('given a running engine, when a client sends restore a bad history, then the engine answers E_USAGE and goes on serving', async () => {
  const { dir, cleanup } = tempDir('stui-history-engine-');
  const home = copyFixture('store-format2', join(dir, 'home'));
  const client = await ensureEngine(home, process.env);
  try {
    for (const bad of [-1, 2.5, 'some', null, true]) {
      const err = await client.call('restore', { session: 's-1', history: bad }).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(isStuiError(err) && err.code === 'E_USAGE', `history ${JSON.stringify(bad)}: ${String(err)}`);
    }
    const ok = await client.call<{ history: unknown[] }>('restore', { session: 's-1', history: 0 });
    assert.is(ok.history.length, 0, 'and still answers a good one');
    client.close();
    await stui(['engine', 'stop'], { home });
    const v = await verifyLog({ home });
    assert.ok(v.ok && v.entries >= ENTRIES, 'nothing stored was lost');
  } finally {
    client.close();
    await stui(['engine', 'stop'], { home });
    cleanup();
  }
});

test.run();
