/**
 * The running engine keeps projection snapshots current in the log store: given an engine that
 * absorbs more than ten thousand entries, when no one stops it, then a sealed catalog snapshot
 * exists within the newest ten thousand entries, and restoring from it answers as a fold of the
 * whole log does. Given a long log with no snapshots at all, when an engine starts, then it
 * rebuilds every projection's snapshots by itself.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { tempDir } from '../support/cli.js';
import { ensureEngine, type EngineClient } from '../../engine/client/index.js';
import { openLog } from '../../engine/log/index.js';
import { catalogProjection, foldAsync, restoreAt, SESSION_STATE_VERSION, sessionRows } from '../../projections/index.js';
import { serveImage, stopEngine, waitUntil, type ServedImage } from './harness.js';
import { withHeldCopy } from '../support/heldCopy.js';

const tmp = tempDir('stui-engine-sealing-');
const home = join(tmp.dir, 'home');
let img: ServedImage;
let client: EngineClient;

test.before(async () => {
  img = await serveImage({ name: 'seal' });
  client = await ensureEngine(home, process.env);
  await client.call('image.add', { name: 'seal', address: img.address });
});

test.after(async () => {
  client?.close();
  await stopEngine(home);
  await img?.stop();
  tmp.cleanup();
});

/** The newest catalog snapshot in a read-only copy of the store (the engine holds the original). */
async function newestCatalogSnapshot(at = home): Promise<{ seq: number; head: number } | null> {
  return withHeldCopy(at, async (log) => {
    const snap = await log.nearestSnapshot(catalogProjection.name, catalogProjection.version, log.headSeq);
    return snap ? { seq: snap.seq, head: log.headSeq } : null;
  });
}

test('more than 10 000 entries: a catalog snapshot is sealed without a stop, and answers like a full fold', async () => {
  const { session } = await client.call<{ session: string }>('session.open', { image: 'seal' });
  const { workspace } = await client.call<{ workspace: string }>('workspace.open', { session, title: 'Main' });
  const edits = 10_500;
  for (let i = 0; i < edits; i += 100) {
    await Promise.all(
      Array.from({ length: 100 }, (_, k) => client.call('workspace.edit', { session, workspace, from: i + k, to: i + k, insert: 'a' })),
    );
  }
  await waitUntil(async () => (await newestCatalogSnapshot()) !== null, 20_000, 'a sealed catalog snapshot');
  const snap = (await newestCatalogSnapshot())!;
  assert.ok(snap.seq >= 10_000, `snapshot at seq ${snap.seq}`);

  await withHeldCopy(home, async (log) => {
    // The engine may have sealed a newer one since: compare with the newest in this same copy.
    const newest = await log.nearestSnapshot(catalogProjection.name, catalogProjection.version, log.headSeq);
    assert.ok(newest && newest.seq >= snap.seq);
    const fromSnapshot = await restoreAt(log, catalogProjection, {}, { save: false });
    assert.is(fromSnapshot.snapshotSeq, newest!.seq, 'the restore started from the sealed snapshot');
    const full = await foldAsync(catalogProjection, log.read());
    const clock = { nowMs: 0, graceMs: 3_600_000 };
    assert.equal(sessionRows(fromSnapshot.state, clock), sessionRows(full, clock));
    assert.ok(sessionRows(full, clock).some((row) => row.id === session), 'the compared answer is not empty');
  });
});

test('a 60 000-entry log without snapshots: the engine rebuilds them after it starts, and they answer like a full fold', async () => {
  const other = join(tmp.dir, 'offline');
  const log = await openLog({ home: other });
  const sessions = ['s-a', 's-b', 's-c'];
  try {
    await log.append(sessions.map((s) => ({ type: 'session.created', stream: s, data: { session: s, image: 'gone', imageId: null } })));
    for (let b = 0; b < 12; b++) {
      await log.append(
        Array.from({ length: 5_000 }, (_, i) => {
          const s = sessions[i % 3]!;
          return { type: 'pref.set', stream: s, data: { key: `k${i % 50}`, value: b * 5_000 + i } };
        }),
      );
    }
  } finally {
    await log.close();
  }
  const started = await ensureEngine(other, process.env);
  try {
    await waitUntil(async () => ((await newestCatalogSnapshot(other))?.seq ?? 0) >= 60_003, 60_000, 'catalog snapshot at the head');
    await withHeldCopy(other, async (log) => {
      for (const s of sessions) {
        const snap = await log.nearestSnapshot(`session:${s}`, SESSION_STATE_VERSION, log.headSeq);
        assert.ok(snap && snap.seq >= 60_000, `session ${s} sealed near the head (${snap?.seq})`);
      }
      const fromSnapshot = await restoreAt(log, catalogProjection, {}, { save: false });
      assert.ok((fromSnapshot.snapshotSeq ?? 0) >= 60_003, `restored from the rebuilt snapshot (${fromSnapshot.snapshotSeq})`);
      const clock = { nowMs: 0, graceMs: 3_600_000 };
      assert.equal(sessionRows(fromSnapshot.state, clock), sessionRows(await foldAsync(catalogProjection, log.read()), clock));
    });
  } finally {
    started.close();
    await stopEngine(other);
  }
});

test.run();
