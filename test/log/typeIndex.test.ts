import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { openLog, verifyLog, type Entry, type NewEvent } from '../../engine/log/index.js';
import { META_TYPES, TYPE_INDEX_END, TYPE_INDEX_FIRST, deriveIndexKey, typeIndexKey, typeTag, encodeSeqList } from '../../engine/log/layout.js';
import { repoRoot, stui, tempDir } from '../support/cli.js';
import { CURRENT_FORMAT } from '../../migrations/index.js';
import { collect, copyFixture, fingerprint, getEntry, keyOf, putEntry, withRawDb } from './support.js';

const seqs = (entries: Entry[]): number[] => entries.map((e) => e.seq);

async function typeIndexKeys(home: string): Promise<number> {
  return withRawDb(home, async (db) => (await collect(db.keys({ gte: TYPE_INDEX_FIRST, lt: TYPE_INDEX_END }))).length);
}

const TYPES = ['engine.started', 'engine.stopped', 'eval.requested', 'eval.completed', 'workspace.edited', 'connection.lost', 'connection.restored'];

/** A log of `n` entries of the types above in a seeded order, appended in batches of varying size. */
async function mixedLog(home: string, n: number, seed: number): Promise<void> {
  let x = seed;
  const rand = (k: number): number => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % k;
  };
  const log = await openLog({ home });
  try {
    let left = n;
    while (left > 0) {
      const size = Math.min(left, 1 + rand(600));
      const batch: NewEvent[] = [];
      for (let i = 0; i < size; i++) {
        // Skewed: most entries are evaluations, a few are engine or connection events.
        const r = rand(100);
        const type = r < 2 ? TYPES[rand(2)]! : r < 5 ? TYPES[5 + rand(2)]! : TYPES[2 + rand(3)]!;
        batch.push({ type, stream: `s-${rand(5)}`, data: { i: n - left + i } });
      }
      await log.append(batch);
      left -= size;
    }
  } finally {
    await log.close();
  }
}

test('given the committed format-2 fixture, when opened, then the type-index migration runs once and reads by type find exactly the entries a scan finds', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const fixture = join(repoRoot, 'test', 'fixtures', 'log-format2', 'home');
    const before = fingerprint(fixture);
    const home = copyFixture('log-format2', join(dir, 'home'));
    assert.is(await typeIndexKeys(home), 0, 'format 2 has no type index');
    const log = await openLog({ home });
    const info = await log.storeInfo();
    assert.is(info.format, CURRENT_FORMAT);
    assert.equal(info.migrations[0] && [info.migrations[0].id, info.migrations[0].from, info.migrations[0].to], ['type-index', 2, 3]);
    assert.equal(info.migrations.map((m) => m.from), Array.from({ length: CURRENT_FORMAT - 2 }, (_, i) => i + 2), 'every later step runs too');
    assert.equal(seqs(await collect(log.read({ type: 'connection.' }))), [3, 4, 10, 11]);
    assert.equal(seqs(await collect(log.read({ type: 'engine' }))), [1, 12]);
    assert.equal(seqs(await collect(log.read({ type: 'eval.completed' }))), [9]);
    assert.equal(seqs(await collect(log.read({ type: 'eval.', from: 9 }))), [9]);
    assert.equal(seqs(await collect(log.read({ type: 'eval.', to: 8 }))), [8]);
    assert.equal(seqs(await collect(log.read({ type: 'no.such' }))), []);
    assert.equal(seqs(await collect(log.read({ stream: 'image:local' }))), [2, 3, 4, 10, 11], 'the format-2 stream index still serves');
    const edit = (await collect(log.read({ type: 'workspace.edited' })))[0]!;
    assert.equal(edit.data, { workspace: 'ws-1', from: 0, to: null, insert: '3 + 4' });
    await log.close();
    assert.ok((await typeIndexKeys(home)) >= 10, 'one record per type');
    const again = await openLog({ home });
    assert.is((await again.storeInfo()).migrations.length, CURRENT_FORMAT - 2, 'a migrated store is not migrated again');
    await again.append([{ type: 'session.orphaned', stream: 's-0f2a9c41d7e3', data: { image: 'local' } }]);
    await again.close();
    const third = await openLog({ home, readOnly: true });
    assert.equal(seqs(await collect(third.read({ type: 'session.' }))), [5, 13], 'a type first seen after the migration is listed and indexed');
    await third.close();
    const v = await verifyLog({ home });
    assert.ok(v.ok && v.entries === 13, 'the chain is intact after migration and append');
    assert.equal(fingerprint(fixture), before, 'the fixture itself is untouched');
  } finally {
    cleanup();
  }
});

test('given the format-2 fixture and no engine, when stui log --type runs, then it says the store is being upgraded and answers from the new index', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const home = copyFixture('log-format2', join(dir, 'home'));
    const r = await stui(['log', '--json', '--type', 'connection.'], { home });
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /upgrading the log store from format 2 to 3 \(build the keyed per-type index\)/);
    assert.ok(r.stderr.split('\n').every((l) => l === '' || /^stui: upgrading the log store/.test(l)), r.stderr);
    assert.equal((JSON.parse(r.stdout) as { seq: number }[]).map((x) => x.seq), [3, 4, 10, 11]);
    const again = await stui(['log', '--json', '--type', 'connection.'], { home });
    assert.is(again.stderr, '', 'upgraded once');
    assert.is(again.stdout, r.stdout);
  } finally {
    cleanup();
  }
});

test('given 20 000 mixed entries in batches, when read by any type prefix and range, then the index answers exactly what a filtered scan does', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    await mixedLog(home, 20_000, 7);
    const log = await openLog({ home, readOnly: true });
    try {
      const all = await collect(log.read());
      const ranges: [number | undefined, number | undefined][] = [[undefined, undefined], [1, 1], [257, 9_000], [19_990, undefined], [5_000, 5_000]];
      for (const prefix of ['engine.', 'engine.stopped', 'eval.', 'connection', 'e', 'workspace.edited', 'x']) {
        for (const [from, to] of ranges) {
          const want = all.filter((e) => e.type.startsWith(prefix) && e.seq >= (from ?? 1) && e.seq <= (to ?? Infinity));
          const got = await collect(log.read({ type: prefix, from, to }));
          assert.equal(seqs(got), seqs(want), `--type ${prefix} ${from}..${to}`);
          assert.equal(got.map((e) => e.data), want.map((e) => e.data));
        }
      }
    } finally {
      await log.close();
    }
  } finally {
    cleanup();
  }
});

test('given a flipped byte in an entry of another type, when stui log --type runs, then it answers from the index without touching that entry, while a full read names it', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    await mixedLog(home, 3_000, 11);
    const before = await (async () => {
      const log = await openLog({ home, readOnly: true });
      try {
        return { engine: seqs(await collect(log.read({ type: 'engine.' }))), all: await collect(log.read()) };
      } finally {
        await log.close();
      }
    })();
    const victim = before.all.find((e) => e.seq > 100 && e.type.startsWith('eval.'))!;
    await withRawDb(home, async (db) => {
      const value = Buffer.from(await getEntry(db, victim.seq));
      value[value.length - 5] ^= 0x01;
      await putEntry(db, victim.seq, value);
    });
    const typed = await stui(['log', '--json', '--type', 'engine.'], { home });
    assert.is(typed.code, 0, typed.stderr);
    assert.equal((JSON.parse(typed.stdout) as { seq: number }[]).map((r) => r.seq), before.engine);
    const full = await stui(['log', '--json'], { home });
    assert.is(full.code, 4, 'the damage is still found by a read that reaches it');
    assert.match(full.stderr, new RegExp(`entry ${victim.seq}`));
    const v = await stui(['verify'], { home });
    assert.is(v.code, 4);
    assert.match(v.stdout + v.stderr, new RegExp(`entry ${victim.seq}`));
  } finally {
    cleanup();
  }
});

test('given a forged type-index record pointing at an entry of another type, when read by that type, then E_TAMPERED names the entry', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    await mixedLog(home, 500, 3);
    const all = await (async () => {
      const log = await openLog({ home, readOnly: true });
      try {
        return await collect(log.read());
      } finally {
        await log.close();
      }
    })();
    const other = all.find((e) => e.type === 'eval.requested')!;
    const tag = typeTag(deriveIndexKey(keyOf(home)), 'eval.completed');
    await withRawDb(home, (db) => db.put(typeIndexKey(tag, other.seq), encodeSeqList([other.seq])));
    const log = await openLog({ home, readOnly: true });
    try {
      await collect(log.read({ type: 'eval.completed' }));
      assert.unreachable('a forged pointer must not pass');
    } catch (err) {
      const e = err as { code?: string; detail?: { seq?: number }; message: string };
      assert.is(e.code, 'E_TAMPERED', e.message);
      assert.is(e.detail?.seq, other.seq);
      // Either the forged record breaks the ascending order of the real ones or its pointer is caught.
      assert.match(e.message, /type index points at an entry of another type|index record starting at this entry is malformed/);
    } finally {
      await log.close();
    }
  } finally {
    cleanup();
  }
});

test('given a type list that does not open, when read by type, then the answer is still complete (a scan) and appends go on', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    await mixedLog(home, 2_000, 5);
    await withRawDb(home, (db) => db.put(META_TYPES, Buffer.from('not a sealed record')));
    const log = await openLog({ home });
    try {
      const all = await collect(log.read());
      const want = seqs(all.filter((e) => e.type.startsWith('connection.')));
      assert.ok(want.length > 0);
      assert.equal(seqs(await collect(log.read({ type: 'connection.' }))), want);
      const [added] = await log.append([{ type: 'connection.lost', stream: 'image:x', data: {} }]);
      assert.equal(seqs(await collect(log.read({ type: 'connection.lost', from: added!.seq }))), [added!.seq]);
    } finally {
      await log.close();
    }
    assert.ok((await verifyLog({ home })).ok, 'nothing stored was lost');
  } finally {
    cleanup();
  }
});

test.run();
