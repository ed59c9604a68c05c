/**
 * Progress of a long call crosses the command socket before its reply (engine/client/wire.ts):
 * given the engine's command server on a real ipc socket, when a handler sends notes on its way,
 * then the caller's onProgress gets each in order, the call still resolves with the result, and
 * a caller that asked for no progress is not disturbed by them.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CommandServer } from '../../engine/daemon/server.js';
import { EngineClient, enginePaths, ipcAddress } from '../../engine/client/index.js';
import { tempDir } from '../support/cli.js';

const tmp = tempDir('stui-progress-frames-');
test.after(() => tmp.cleanup());

test('given a handler that reports progress, then the caller sees every note and then the result', async () => {
  const home = join(tmp.dir, 'h');
  mkdirSync(home, { recursive: true });
  const server = await CommandServer.bind(
    ipcAddress(enginePaths(home).commandSocket),
    async (req, progress) => {
      for (let i = 1; i <= 3; i++) progress({ checked: i * 100, total: 300 });
      return { done: req.cmd };
    },
    () => undefined,
  );
  const client = new EngineClient(home);
  try {
    const notes: unknown[] = [];
    const result = await client.call('walk', {}, 5_000, (p) => notes.push(p));
    assert.equal(result, { done: 'walk' });
    assert.equal(notes, [{ checked: 100, total: 300 }, { checked: 200, total: 300 }, { checked: 300, total: 300 }]);
    assert.equal(await client.call('quiet', {}, 5_000), { done: 'quiet' });
  } finally {
    client.close();
    server.close();
  }
});

test.run();
