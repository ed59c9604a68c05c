/**
 * `stui verify` while the engine goes on appending: given a running engine with evaluations and
 * workspace edits landing in a loop, when verify runs again and again, then it never reports a
 * violation on the untouched log (it reads one consistent view, not a head newer than its
 * entries) and sees every entry acknowledged before it started — and a byte flipped meanwhile
 * in a stored entry is still caught, by seq.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, openSync, readdirSync, readFileSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { stui, tempDir } from '../support/cli.js';
import { getEntry, withRawDb } from '../log/support.js';
import { EngineClient } from '../../engine/client/index.js';
import { ok, serveImage, stopEngine, type ServedImage } from './harness.js';

let img: ServedImage;
const tmp = tempDir('stui-engine-verifylive-');
const home = join(tmp.dir, 'home');
const env = { STUI_PASSPHRASE: 'correct horse battery staple' };

test.before(async () => {
  img = await serveImage({ name: 'live' });
});

test.after(async () => {
  await stopEngine(home);
  await img?.stop();
  tmp.cleanup();
});

/** Evaluations and edits through the engine, one after another, until `stop` is set. */
async function appendLoop(stop: { done: boolean }): Promise<number> {
  const c = new EngineClient(home);
  let n = 0;
  try {
    const opened = await c.call<{ session: string }>('session.open', {});
    const ws = await c.call<{ workspace: string }>('workspace.open', { session: opened.session, title: 'loop' });
    while (!stop.done) {
      await c.call('eval', { code: `${n} + 1`, session: opened.session });
      await c.call('workspace.edit', { session: opened.session, workspace: ws.workspace, from: 0, to: null, insert: `x := ${n}.` });
      n++;
    }
  } finally {
    c.close();
  }
  return n;
}

async function headSeq(): Promise<number> {
  const c = new EngineClient(home);
  try {
    return (await c.call<{ headSeq: number }>('engine.status')).headSeq;
  } finally {
    c.close();
  }
}

/** Where in the home's table files a run of bytes is stored (LevelDB keeps sealed values verbatim). */
function findInTables(needle: Buffer): { file: string; offset: number } | null {
  const dir = join(home, 'log');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ldb'))) {
    const offset = readFileSync(join(dir, name)).indexOf(needle);
    if (offset >= 0) return { file: join(dir, name), offset };
  }
  return null;
}

test('given an engine appending in a loop, verify passes 20 times and then catches a flipped byte', async () => {
  ok(await stui(['image', 'add', 'live', img.address], { home, env }), 'image add');
  ok(await stui(['eval', '3 + 4'], { home, env }), 'eval');
  ok(await stui(['engine', 'stop'], { home, env }), 'engine stop');
  // With the engine stopped the early entries are in table files: read entry 2's sealed bytes.
  const sealed = await withRawDb(home, (db) => getEntry(db, 2));
  ok(await stui(['engine', 'start'], { home, env }), 'engine start');

  const stop = { done: false };
  const loop = appendLoop(stop);
  const heads: number[] = [];
  try {
    for (let i = 0; i < 20; i++) {
      const floor = await headSeq();
      const r = await stui(['verify'], { home, env });
      assert.is(r.code, 0, `verify ${i + 1} of 20 while appending: ${r.stderr}`);
      const m = /^ok (\d+) entries head [0-9a-f]{64}\n$/.exec(r.stdout);
      assert.ok(m, r.stdout);
      heads.push(Number(m![1]));
      assert.ok(heads[i]! >= floor, `verify saw ${heads[i]} entries, ${floor} were acknowledged before it started`);
    }
    const floor = await headSeq();
    const read = ok(await stui(['log', '--json', '--from', String(floor), '--to', String(floor)], { home, env }), 'log');
    assert.is((JSON.parse(read.stdout) as { seq: number }[])[0]?.seq, floor, 'log reads the newest acknowledged entry');
    assert.ok(heads[heads.length - 1]! > heads[0]!, `entries were appended between the verifies (${heads.join(', ')})`);

    // Flip one byte inside entry 2's ciphertext, in the table file, while the engine runs.
    const middle = sealed.subarray(sealed.length - 24, sealed.length - 8);
    const at = findInTables(Buffer.from(middle));
    assert.ok(at, "entry 2's sealed bytes are in a table file");
    const fd = openSync(at!.file, 'r+');
    try {
      const b = Buffer.alloc(1);
      readSync(fd, b, 0, 1, at!.offset + 4);
      b[0] = b[0]! ^ 0x01;
      writeSync(fd, b, 0, 1, at!.offset + 4);
    } finally {
      closeSync(fd);
    }
    const bad = await stui(['verify'], { home, env });
    assert.is(bad.code, 4, bad.stderr);
    assert.match(bad.stderr, /verify failed at entry 2: the seal does not open/);
  } finally {
    stop.done = true;
    const appended = await loop;
    assert.ok(appended > 0, 'the loop appended');
  }
});

test.run();
