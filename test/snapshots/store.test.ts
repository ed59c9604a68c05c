import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openLog, verifyLog, type Entry } from '../../engine/log/index.js';
import { fold, rebuildAll, restoreAt, restoreSession, toRestoreJson, SESSION_STATE_VERSION, type Projection } from '../../projections/index.js';
import { stui, tempDir } from '../support/cli.js';
import { allFiles, withRawDb } from '../log/support.js';
import { randomEvents } from './history.js';

interface Counter {
  n: number;
  last: number;
}

/** Two versions of one projection whose folds differ, so a stale snapshot would show. */
const counterV1: Projection<Counter> = {
  name: 'counter',
  version: 1,
  initial: () => ({ n: 0, last: 0 }),
  evolve: (s, e) => ((s.n += 1), (s.last = e.seq), s),
};
const counterV2: Projection<Counter> = { ...counterV1, version: 2, evolve: (s, e) => ((s.n += 2), (s.last = e.seq), s) };

test('a projection whose version changed ignores old snapshots, rebuilds from the log and answers the same', async () => {
  const home = tempDir('stui-snap-version-');
  try {
    let log = await openLog({ home: home.dir });
    await log.append(randomEvents(3, 500));
    await restoreAt(log, counterV1, {}, { save: true, every: 50, keep: Infinity });
    assert.is((await log.snapshotSeqs('counter', 1)).length, 10);
    const v1 = await restoreAt(log, counterV1, { to: 275 });
    assert.is(v1.snapshotSeq, 250);
    await log.close();

    // Next open, new version: nothing of v1 is used.
    log = await openLog({ home: home.dir });
    const all: Entry[] = [];
    for await (const e of log.read()) all.push(e);
    const fresh = await restoreAt(log, counterV2, { to: 275 });
    assert.is(fresh.snapshotSeq, null);
    assert.is(fresh.folded, 275);
    assert.equal(fresh.state, fold(counterV2, all, { to: 275 }));
    assert.is(fresh.state.n, 550);
    // Rebuilding writes v2 snapshots and drops the stale ones.
    await restoreAt(log, counterV2, {}, { save: true, every: 50, keep: Infinity });
    assert.is((await log.snapshotSeqs('counter', 2)).length, 10);
    assert.equal(await log.snapshotSeqs('counter', 1), []);
    const again = await restoreAt(log, counterV2, { to: 275 });
    assert.is(again.snapshotSeq, 250);
    assert.equal(again.state, fresh.state);
    await log.close();
  } finally {
    home.cleanup();
  }
});

test('snapshots hold no plaintext, are not entries, and a damaged one is passed over', async () => {
  const home = tempDir('stui-snap-plain-');
  const MARK = 'MARKER-snapshot-plaintext-4417';
  try {
    const log = await openLog({ home: home.dir });
    const session = `sess-${MARK}`;
    await log.append([
      { type: 'image.registered', stream: `image:img-${MARK}`, data: { name: `img-${MARK}`, address: 'tcp://127.0.0.1:1' } },
      { type: 'session.created', stream: session, data: { session, image: `img-${MARK}`, imageId: null } },
      { type: 'workspace.opened', stream: session, data: { workspace: `w-${MARK}`, title: MARK } },
    ]);
    for (let i = 0; i < 30; i++) {
      await log.append([
        { type: 'workspace.edited', stream: session, data: { workspace: `w-${MARK}`, from: 0, to: null, insert: `${MARK} ${i}` } },
        { type: 'eval.requested', stream: session, data: { request: `r${i}`, image: `img-${MARK}`, code: `'${MARK}' size` } },
        { type: 'eval.completed', stream: session, data: { request: `r${i}`, result: MARK, className: 'String', oid: i, durationMs: 1, variables: { [MARK]: MARK } } },
        { type: 'pref.set', stream: session, data: { key: MARK, value: MARK } },
      ]);
    }
    await rebuildAll(log, { every: 7, sessionEvery: 5, keep: Infinity });
    const snaps = await log.snapshotSeqs(`session:${session}`, SESSION_STATE_VERSION);
    assert.ok(snaps.length >= 20, `session snapshots written (${snaps.length})`);
    const before = toRestoreJson(await restoreSession(log, session, { to: 60 }));
    const head = log.headSeq;
    await log.close();

    const marker = Buffer.from(MARK, 'utf8');
    let scanned = 0;
    for (const [path, bytes] of allFiles(home.dir)) {
      scanned += bytes.length;
      assert.not.ok(bytes.includes(marker), `plaintext marker found in ${path}`);
      assert.not.ok(bytes.includes(Buffer.from(MARK, 'utf16le')), `utf-16 marker found in ${path}`);
    }
    assert.ok(scanned > 10_000);

    // Snapshots are not entries: verify and stui log see exactly the appended entries.
    const v = await verifyLog({ home: home.dir });
    assert.ok(v.ok && v.entries === head, JSON.stringify(v));
    const listed = await stui(['log', '--json'], { home: home.dir });
    assert.is(listed.code, 0, listed.stderr);
    assert.is((JSON.parse(listed.stdout) as unknown[]).length, head);

    // Damage every snapshot value: restores fall back to the log and answer the same.
    await withRawDb(home.dir, async (db) => {
      for await (const [k, value] of db.iterator({ gte: Buffer.from('p'), lt: Buffer.from('q') })) {
        value[value.length - 1] ^= 0xff;
        await db.put(k, value);
      }
    });
    const reopened = await openLog({ home: home.dir });
    try {
      assert.is(JSON.stringify(toRestoreJson(await restoreSession(reopened, session, { to: 60 }))), JSON.stringify(before));
      assert.is((await restoreAt(reopened, counterV1)).state.n, head);
    } finally {
      await reopened.close();
    }
  } finally {
    home.cleanup();
  }
});

test.run();
