import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { openLog, verifyLog } from '../../engine/log/index.js';
import { CURRENT_FORMAT, applyEdit, currentVersion, registerUpcaster, upcast, type WorkspaceEditedV2 } from '../../migrations/index.js';
import { INDEX_END, INDEX_FIRST } from '../../engine/log/layout.js';
import { repoRoot, stui, tempDir } from '../support/cli.js';
import { collect, copyFixture, fingerprint, withRawDb } from './support.js';

const FIXTURE_V1_TEXTS = ['3 + 4', '3 + 4.\nx := 42', 'Transcript show: 1'];

async function indexKeyCount(home: string): Promise<number> {
  return withRawDb(home, async (db) => (await collect(db.keys({ gte: INDEX_FIRST, lt: INDEX_END }))).length);
}

test('given the committed format-1 fixture, when opened, then the stream-index migration runs once, is recorded in meta, and the log verifies', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const fixtureBefore = fingerprint(join(repoRoot, 'test', 'fixtures', 'log-format1', 'home'));
    const home = copyFixture('log-format1', join(dir, 'home'));
    assert.is(await indexKeyCount(home), 0, 'format 1 has no stream index');
    const started = Date.now();
    const log = await openLog({ home });
    const info = await log.storeInfo();
    // Every later step runs too, in order, on the way to the current format.
    assert.is(info.format, CURRENT_FORMAT);
    assert.equal(info.migrations.map((m) => m.from), Array.from({ length: CURRENT_FORMAT - 1 }, (_, i) => i + 1));
    assert.is(info.migrations[0]!.id, 'stream-index');
    assert.is(info.migrations[0]!.from, 1);
    assert.is(info.migrations[0]!.to, 2);
    assert.ok(info.migrations[0]!.at >= started && info.migrations[0]!.at <= Date.now(), 'the record says when it ran');
    assert.is(log.headSeq, 8);
    const s1 = await collect(log.read({ stream: 'session-1' }));
    assert.equal(s1.map((e) => e.seq), [2, 3, 4, 5, 6]);
    assert.equal((await collect(log.read({ stream: 'engine' }))).map((e) => e.seq), [1, 8]);
    assert.is((await log.verify()).ok, true);
    await log.close();
    assert.is(await indexKeyCount(home), 3, "one index record per stream");

    const again = await openLog({ home });
    assert.is((await again.storeInfo()).migrations.length, CURRENT_FORMAT - 1, 'a migrated store is not migrated again');
    await again.append([{ type: 'engine.started', stream: 'engine', data: {} }]);
    await again.close();
    const v = await verifyLog({ home });
    assert.ok(v.ok && v.entries === 9, 'appending after the migration keeps the chain');
    assert.equal(fingerprint(join(repoRoot, 'test', 'fixtures', 'log-format1', 'home')), fixtureBefore, 'the fixture itself is untouched');
  } finally {
    cleanup();
  }
});

test('given the fixture\'s v1 workspace.edited events, when read, then they come back as v2 edits that rebuild the same texts', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const home = copyFixture('log-format1', join(dir, 'home'));
    const log = await openLog({ home });
    const edits = await collect(log.read({ type: 'workspace.edited' }));
    const others = await collect(log.read({ type: 'engine.' }));
    await log.close();
    assert.equal(edits.map((e) => e.v), [2, 2, 2]);
    assert.equal(edits[0]!.data, { workspace: 'ws-1', from: 0, to: null, insert: '3 + 4' });
    const texts = edits.map((e) => applyEdit('whatever was there before', e.data as WorkspaceEditedV2));
    assert.equal(texts, FIXTURE_V1_TEXTS);
    assert.equal(others.map((e) => e.v), [1, 1]);
  } finally {
    cleanup();
  }
});

test('given the fixture, when stui log --json runs, then v1 edits are shown upcast and stui verify says ok', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const home = copyFixture('log-format1', join(dir, 'home'));
    const r = await stui(['log', '--json', '--type', 'workspace.edited'], { home });
    assert.is(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { v: number; data: WorkspaceEditedV2 }[];
    assert.equal(rows.map((x) => x.data.insert), FIXTURE_V1_TEXTS);
    assert.ok(rows.every((x) => x.v === 2));
    const v = await stui(['verify'], { home });
    assert.is(v.code, 0, v.stderr);
    assert.match(v.stdout, /^ok 8 entries head [0-9a-f]{64}\n$/);
  } finally {
    cleanup();
  }
});

test('given appends without a version, then workspace.edited is stamped v2 and other types v1', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const log = await openLog({ home });
    const written = await log.append([
      { type: 'workspace.edited', stream: 's', data: { workspace: 'w', from: 1, to: 2, insert: 'x' } },
      { type: 'eval.requested', stream: 's', data: { code: '1' } },
    ]);
    assert.equal(written.map((e) => e.v), [2, 1]);
    assert.is(currentVersion('workspace.edited'), 2);
    assert.is(currentVersion('no.such.type'), 1);
    await log.close();
  } finally {
    cleanup();
  }
});

test('given upcasters v1→v2→v3 for a type, then a v1 entry is lifted through both steps on read', () => {
  registerUpcaster({ type: 'test.chained', from: 1, to: 2, up: (d) => ({ ...(d as object), two: true }) });
  registerUpcaster({ type: 'test.chained', from: 2, to: 3, up: (d) => ({ ...(d as object), three: true }) });
  const stored = { seq: 9, ts: 0, type: 'test.chained', v: 1, stream: 's', data: { one: true }, prev: new Uint8Array(32) };
  const lifted = upcast(stored);
  assert.is(lifted.v, 3);
  assert.equal(lifted.data, { one: true, two: true, three: true });
  assert.is(stored.v, 1, 'the stored entry is not mutated');
  assert.equal(upcast({ ...stored, v: 2, data: {} }).data, { three: true });
  assert.throws(() => upcast({ ...stored, v: 4 }), (err: unknown) => (err as { code?: string }).code === 'E_UNKNOWN_VERSION');
  assert.throws(() => registerUpcaster({ type: 'test.chained', from: 1, to: 2, up: (d) => d }), /two upcasters/);
});

test('given v2 edits, then applyEdit replaces [from, to) and to: null means to the end', () => {
  assert.is(applyEdit('hello world', { workspace: 'w', from: 6, to: 11, insert: 'there' }), 'hello there');
  assert.is(applyEdit('hello world', { workspace: 'w', from: 5, to: null, insert: '!' }), 'hello!');
  assert.is(applyEdit('abc', { workspace: 'w', from: 1, to: 1, insert: 'X' }), 'aXbc');
});

test.run();
