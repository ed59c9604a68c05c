/**
 * The engine is started for a small, steady footprint (engine/client/spawn.ts): V8 and malloc
 * settings, and a collection after large replies. Given a fresh home, when a command starts the
 * engine, then it runs with those settings unless the user set the variable, and it answers large
 * replies in full, one after another, and keeps serving.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE_MALLOC_ENV, ENGINE_NODE_FLAGS, ensureEngine, readLogViaEngine } from '../../engine/client/index.js';
import { openLog } from '../../engine/log/index.js';
import { tempDir } from '../support/cli.js';
import { enginePid, stopEngine } from './harness.js';

const tmp = tempDir('stui-engine-footprint-');
test.after(() => tmp.cleanup());

function procOf(pid: number): { argv: string[]; env: Map<string, string> } {
  const split = (file: string): string[] => readFileSync(`/proc/${pid}/${file}`, 'latin1').split('\0').filter((s) => s !== '');
  return { argv: split('cmdline'), env: new Map(split('environ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) };
}

test('given no settings of the user, the engine runs with its V8 flags and malloc settings', async () => {
  const home = join(tmp.dir, 'plain');
  const env = { ...process.env };
  for (const k of Object.keys(ENGINE_MALLOC_ENV)) delete env[k];
  const client = await ensureEngine(home, env);
  try {
    const { argv, env: seen } = procOf(enginePid(home)!);
    for (const flag of ENGINE_NODE_FLAGS) assert.ok(argv.includes(flag), `${flag} in ${argv.join(' ')}`);
    assert.ok(argv.indexOf(ENGINE_NODE_FLAGS[0]!) < argv.findIndex((a) => a.endsWith('main.js')), 'flags go to node, not to the engine');
    for (const [k, v] of Object.entries(ENGINE_MALLOC_ENV)) assert.is(seen.get(k), v, k);
  } finally {
    client.close();
    await stopEngine(home);
  }
});

test('given the user set a malloc variable, the engine keeps the user\'s value', async () => {
  const home = join(tmp.dir, 'user');
  const client = await ensureEngine(home, { ...process.env, MALLOC_ARENA_MAX: '4' });
  try {
    assert.is(procOf(enginePid(home)!).env.get('MALLOC_ARENA_MAX'), '4');
  } finally {
    client.close();
    await stopEngine(home);
  }
});

test('given entries of several KB, when pages of more than 256 KB are read back to back, then all arrive and the engine keeps serving', async () => {
  const home = join(tmp.dir, 'large');
  const log = await openLog({ home });
  const text = (i: number): string => `${i}:`.padEnd(6_000, 'abcdefghij');
  try {
    for (let b = 0; b < 3; b++) {
      await log.append(Array.from({ length: 200 }, (_, i) => ({ type: 'pref.set', stream: 's-large', data: { key: `k${b * 200 + i}`, value: text(b * 200 + i) } })));
    }
  } finally {
    await log.close();
  }
  const client = await ensureEngine(home, process.env);
  try {
    for (let round = 0; round < 3; round++) {
      let n = 0;
      for await (const e of readLogViaEngine(client, { stream: 's-large' })) {
        assert.is((e.data as { value: string }).value, text(n), `round ${round}, entry ${e.seq}`);
        n++;
      }
      assert.is(n, 600, `round ${round}`);
    }
    const status = await client.call<{ pid: number }>('engine.status');
    assert.is(status.pid, enginePid(home));
  } finally {
    client.close();
    await stopEngine(home);
  }
});

test.run();
